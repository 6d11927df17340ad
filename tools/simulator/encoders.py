"""Scenario messages as each transport carries them: MQTT JSON, GA/T 1400 and ISAPI bodies."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from .register import SimDevice
from .scenarios import SimEvent

HIK_NS = "http://www.hikvision.com/ver20/XMLSchema"
GAT_PLATE_COLOURS = {"black": "1", "white": "2", "blue": "5", "yellow": "6", "green": "9"}
HIK_PLATE_COLOURS = {"green": "green", "blue": "blue", "yellow": "yellow"}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def mqtt_event(event: SimEvent, time: datetime) -> bytes:
    """An ``.../event`` payload."""
    body: dict[str, Any] = {"type": event.type, "time": time.isoformat(timespec="milliseconds")}
    body.update(event.fields)
    body.update({name: _b64(data) for name, data in event.images.items()})
    return json.dumps(body, ensure_ascii=False).encode()


def mqtt_state(state: dict[str, Any], time: datetime) -> bytes:
    """An ``.../state`` payload (the full current state)."""
    return json.dumps(
        {**state, "time": time.isoformat(timespec="milliseconds")}, ensure_ascii=False
    ).encode()


def _compact(time: datetime) -> str:
    return time.astimezone(LOCAL_ZONE).strftime("%Y%m%d%H%M%S")


def gat1400_request(
    device: SimDevice, event: SimEvent, time: datetime, serial: int
) -> tuple[str, bytes] | None:
    """``(path, body)`` for the GA/T 1400 endpoints, or ``None`` for events it cannot carry."""
    device_id = device.address or device.code
    stamp = _compact(time)
    if event.type == "face_capture":
        x, y, w, h = event.fields.get("bbox", [0, 0, 0, 0])
        images = [
            {
                "ImageID": f"{device_id}02{stamp}{serial:05d}{n}",
                "DeviceID": device_id,
                "Type": type_code,
                "FileFormat": "Jpeg",
                "ShotTime": stamp,
                "Data": _b64(data),
            }
            for n, (type_code, data) in enumerate(
                (("11", event.images["face_image"]), ("14", event.images["scene_image"]))
            )
        ]
        face = {
            "FaceID": f"{device_id}02{stamp}{serial:05d}06{serial:05d}",
            "InfoKind": 1,
            "SourceID": f"{device_id}02{stamp}{serial:05d}",
            "DeviceID": device_id,
            "LeftTopX": x,
            "LeftTopY": y,
            "RightBtmX": x + w,
            "RightBtmY": y + h,
            "LocationMarkTime": stamp,
            "FaceAppearTime": stamp,
            "ShotTime": stamp,
            "SubImageList": {"SubImageInfoObject": images},
        }
        return "/VIID/Faces", json.dumps(
            {"FaceListObject": {"FaceObject": [face]}}, ensure_ascii=False
        ).encode()
    if event.type == "plate_read":
        fields = event.fields
        vehicle = {
            "MotorVehicleID": f"{device_id}02{stamp}{serial:05d}02{serial:05d}",
            "InfoKind": 1,
            "DeviceID": device_id,
            "TollgateID": device_id,
            "LaneNo": int(fields.get("lane", 1)),
            "HasPlate": "1",
            "PlateClass": "52" if fields["plate_color"] == "green" else "02",
            "PlateColor": GAT_PLATE_COLOURS.get(fields["plate_color"], "99"),
            "PlateNo": fields["plate"],
            "PlateReliability": str(round(fields["confidence"] * 100)),
            "PassTime": stamp,
            "SubImageList": {
                "SubImageInfoObject": [
                    {
                        "Type": "01",
                        "FileFormat": "Jpeg",
                        "ShotTime": stamp,
                        "Data": _b64(event.images["image"]),
                    },
                    {
                        "Type": "02",
                        "FileFormat": "Jpeg",
                        "ShotTime": stamp,
                        "Data": _b64(event.images["plate_image"]),
                    },
                ]
            },
        }
        return "/VIID/MotorVehicles", json.dumps(
            {"MotorVehicleListObject": {"MotorVehicleObject": [vehicle]}}, ensure_ascii=False
        ).encode()
    return None


def _multipart(boundary: str, parts: list[tuple[str, str, bytes]]) -> bytes:
    out = b""
    for name, content_type, data in parts:
        out += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{name}"\r\nContent-Type: {content_type}\r\n'
                f"Content-Length: {len(data)}\r\n\r\n"
            ).encode()
            + data
            + b"\r\n"
        )
    return out + f"--{boundary}--\r\n".encode()


def _alert_head(device: SimDevice, time: datetime, event_type: str) -> dict[str, Any]:
    return {
        "ipAddress": device.ip_address,
        "portNo": 80,
        "protocol": "HTTP",
        "macAddress": "c0:56:e3:" + ":".join(device.code[-6:][i : i + 2] for i in (0, 2, 4)),
        "channelID": 1,
        "dateTime": time.isoformat(timespec="seconds"),
        "activePostCount": 1,
        "eventType": event_type,
        "eventState": "active",
        "deviceID": device.address or device.code,
    }


def isapi_request(
    device: SimDevice, event: SimEvent, time: datetime, serial: int
) -> tuple[str, bytes] | None:
    """``(content_type, body)`` of an alarm-server push, or ``None`` if ISAPI has no such event."""
    boundary = f"MIME_boundary_{serial:08d}"
    content_type = f"multipart/form-data; boundary={boundary}"
    if event.type == "plate_read":
        fields = event.fields
        head = _alert_head(device, time, "ANPR")
        xml_head = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in head.items())
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?>\r\n<EventNotificationAlert version="2.0" '
            f'xmlns="{HIK_NS}">{xml_head}<channelName>{escape(device.name)}</channelName>'
            f"<ANPR><country>3</country><licensePlate>{escape(fields['plate'])}</licensePlate>"
            f"<line>{escape(str(fields.get('lane', 1)))}</line><direction>"
            f"{'forward' if fields.get('direction') == 'in' else 'reverse'}</direction>"
            f"<confidenceLevel>{round(fields['confidence'] * 100)}</confidenceLevel>"
            f"<plateType>92TypeCivil</plateType><plateColor>"
            f"{HIK_PLATE_COLOURS.get(fields['plate_color'], 'other')}</plateColor>"
            f"<vehicleType>vehicle</vehicleType></ANPR><picNum>2</picNum>"
            f"</EventNotificationAlert>"
        ).encode()
        return content_type, _multipart(
            boundary,
            [
                ("anpr.xml", "application/xml", xml),
                ("licensePlatePicture.jpg", "image/jpeg", event.images["plate_image"]),
                ("detectionPicture.jpg", "image/jpeg", event.images["image"]),
            ],
        )
    if event.type in ("verified", "denied"):
        fields = event.fields
        face = event.type == "verified"
        ace = {
            "deviceName": device.name,
            "majorEventType": 5,
            "subEventType": 75 if face else 76,
            "cardReaderKind": 1,
            "cardReaderNo": 1,
            "doorNo": int(fields.get("door", 1)),
            "currentVerifyMode": "cardOrFace",
            "serialNo": serial,
        }
        if face:
            ace.update({"employeeNoString": fields["person_id"], "name": fields["person_name"]})
        doc = {**_alert_head(device, time, "AccessControllerEvent"), "AccessControllerEvent": ace}
        return content_type, _multipart(
            boundary,
            [
                (
                    "AccessControllerEvent",
                    "application/json",
                    json.dumps(doc, ensure_ascii=False).encode(),
                ),
            ],
        )
    if event.type == "face_capture":
        doc = {
            **_alert_head(device, time, "faceCapture"),
            "faceCapture": [{"faces": [{"faceId": 1}]}],
        }
        return content_type, _multipart(
            boundary,
            [
                ("faceCapture.json", "application/json", json.dumps(doc).encode()),
                ("faceImage.jpg", "image/jpeg", event.images["face_image"]),
                ("backgroundImage.jpg", "image/jpeg", event.images["scene_image"]),
            ],
        )
    if event.type == "alarm" and event.fields.get("alarm") in ("intrusion", "falling_object"):
        kind = "linedetection" if event.fields["alarm"] == "intrusion" else "throwingObject"
        doc = _alert_head(device, time, kind)
        parts = [("alert.json", "application/json", json.dumps(doc).encode())]
        if "image" in event.images:
            parts.append(("detectionPicture.jpg", "image/jpeg", event.images["image"]))
        return content_type, _multipart(boundary, parts)
    return None
