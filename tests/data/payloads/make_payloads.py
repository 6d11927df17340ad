"""Regenerate the sample payloads: ``.venv/bin/python tests/data/payloads/make_payloads.py``.

Shapes follow what the devices send (GA/T 1400 platforms, Hikvision ISAPI alarm-server
pushes, Dahua eventManager streams); pictures are small Pillow-drawn JPEGs.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).parent


def jpeg(width: int, height: int, colour: tuple[int, int, int], text: str = "") -> bytes:
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width // 4, height // 6, 3 * width // 4, 5 * height // 6), outline=(0, 0, 0))
    if text:
        draw.text((4, 4), text, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


FACE = jpeg(64, 80, (200, 170, 150))
SCENE = jpeg(192, 108, (90, 110, 130), "scene")
PLATE = jpeg(110, 30, (20, 60, 200), "A12345")
VEHICLE = jpeg(160, 120, (120, 120, 120), "car")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def write(name: str, data: bytes | str) -> None:
    path = HERE / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def dump(name: str, document: object) -> None:
    write(name, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def gat1400() -> None:
    dump("gat1400_register.json", {"RegisterObject": {"DeviceID": "34010400001320000001"}})
    dump("gat1400_keepalive.json", {"KeepaliveObject": {"DeviceID": "34010400001320000001"}})
    faces = {
        "FaceListObject": {
            "FaceObject": [
                {
                    "FaceID": "340104000013200000010220240130143400000010600001",
                    "InfoKind": 1,
                    "SourceID": "34010400001320000001022024013014340000001",
                    "DeviceID": "34010400001320000001",
                    "LeftTopX": 812,
                    "LeftTopY": 240,
                    "RightBtmX": 940,
                    "RightBtmY": 400,
                    "LocationMarkTime": "20240130143400",
                    "FaceAppearTime": "20240130143359",
                    "FaceDisAppearTime": "20240130143402",
                    "IsDriver": 2,
                    "IsForeigner": 2,
                    "SubImageList": {
                        "SubImageInfoObject": [
                            {
                                "ImageID": "34010400001320000001022024013014340000001",
                                "EventSort": 10,
                                "DeviceID": "34010400001320000001",
                                "StoragePath": "",
                                "Type": "11",
                                "FileFormat": "Jpeg",
                                "ShotTime": "20240130143400",
                                "Width": 64,
                                "Height": 80,
                                "Data": b64(FACE),
                            },
                            {
                                "ImageID": "34010400001320000001022024013014340000002",
                                "EventSort": 10,
                                "DeviceID": "34010400001320000001",
                                "Type": "14",
                                "FileFormat": "Jpeg",
                                "ShotTime": "20240130143400",
                                "Width": 192,
                                "Height": 108,
                                "Data": b64(SCENE),
                            },
                        ]
                    },
                },
                {
                    "FaceID": "340104000013200000010220240130143411000010600002",
                    "DeviceID": "34010400001320000001",
                    "ShotTime": 1706596451000,
                    "SubImageList": {
                        "SubImageInfoObject": [
                            {"Type": "11", "FileFormat": "Jpeg", "Data": b64(FACE)}
                        ]
                    },
                },
            ]
        }
    }
    dump("gat1400_faces.json", faces)
    vehicles = {
        "MotorVehicleListObject": {
            "MotorVehicleObject": [
                {
                    "MotorVehicleID": "3401040000132000000202202401301435120000102000001",
                    "InfoKind": 1,
                    "SourceID": "34010400001320000002022024013014351200001",
                    "TollgateID": "34010400001210000001",
                    "DeviceID": "34010400001320000002",
                    "LeftTopX": 722,
                    "LeftTopY": 28,
                    "RightBtmX": 1382,
                    "RightBtmY": 696,
                    "LaneNo": 1,
                    "HasPlate": "1",
                    "PlateClass": "02",
                    "PlateColor": "5",
                    "PlateNo": "皖A12345",
                    "PlateReliability": "96",
                    "Direction": "1",
                    "VehicleClass": "K33",
                    "VehicleColor": "A",
                    "PassTime": "20240130143512",
                    "SubImageList": {
                        "SubImageInfoObject": [
                            {
                                "ImageID": "34010400001320000002022024013014351200001",
                                "DeviceID": "34010400001320000002",
                                "Type": "01",
                                "FileFormat": "Jpeg",
                                "ShotTime": "20240130143512",
                                "Data": b64(VEHICLE),
                            },
                            {
                                "ImageID": "34010400001320000002022024013014351200002",
                                "DeviceID": "34010400001320000002",
                                "Type": "02",
                                "FileFormat": "Jpeg",
                                "ShotTime": "20240130143512",
                                "Data": b64(PLATE),
                            },
                        ]
                    },
                }
            ]
        }
    }
    dump("gat1400_motor_vehicles.json", vehicles)
    # A lower platform that posts a bare list, SubImageList as a list and epoch-ms times.
    bare = [
        {
            "MotorVehicleID": "34010400001320000003022024013014360000001",
            "DeviceID": "34010400001320000003",
            "PlateNo": "皖AD12345",
            "PlateColor": "9",
            "PassTime": 1706596560000,
            "LaneNo": 2,
            "SubImageList": [
                {
                    "Type": "01",
                    "FileFormat": "Jpeg",
                    "ShotTime": "20240130143600",
                    "Data": b64(VEHICLE),
                }
            ],
        }
    ]
    dump("gat1400_motor_vehicles_bare_list.json", bare)
    notification = {
        "SubscribeNotificationListObject": {
            "SubscribeNotificationObject": [
                {
                    "NotificationID": "340104000050300000012024013014370000001",
                    "SubscribeID": "340104000050300000012024013000000000001",
                    "Title": "人脸与车辆订阅",
                    "TriggerTime": "20240130143700",
                    "InfoIDs": "340104000013200000010220240130143700000010600003",
                    "FaceObjectList": {
                        "FaceObject": [
                            {
                                "FaceID": "340104000013200000010220240130143700000010600003",
                                "DeviceID": "34010400001320000001",
                                "FaceAppearTime": "2024-01-30 14:37:00",
                                "SubImageList": {
                                    "SubImageInfoObject": [{"Type": "11", "Data": b64(FACE)}]
                                },
                            }
                        ]
                    },
                    "MotorVehicleObjectList": {
                        "MotorVehicleObject": [
                            {
                                "MotorVehicleID": "34010400001320000002022024013014370100001",
                                "DeviceID": "34010400001320000002",
                                "PlateNo": "皖A6B789",
                                "PlateColor": "6",
                                "PassTime": "20240130143701",
                            }
                        ]
                    },
                }
            ]
        }
    }
    dump("gat1400_subscribe_notifications.json", notification)
    # Malformed samples.
    bad = json.loads(json.dumps(faces))
    bad["FaceListObject"]["FaceObject"][1]["SubImageList"]["SubImageInfoObject"][0]["Data"] = (
        "not*base64!!"
    )
    dump("malformed/gat1400_faces_bad_base64.json", bad)
    write("malformed/gat1400_truncated.json", json.dumps(vehicles)[:300])
    wrong = json.loads(json.dumps(vehicles))
    wrong["MotorVehicleListObject"]["MotorVehicleObject"][0]["PassTime"] = ["2024"]
    dump("malformed/gat1400_wrong_type_time.json", wrong)


HIK_NS = "http://www.hikvision.com/ver20/XMLSchema"


def isapi() -> None:
    anpr = f"""<?xml version="1.0" encoding="UTF-8"?>
<EventNotificationAlert version="2.0" xmlns="{HIK_NS}">
<ipAddress>192.168.1.64</ipAddress>
<portNo>80</portNo>
<protocol>HTTP</protocol>
<macAddress>c0:56:e3:aa:bb:cc</macAddress>
<channelID>1</channelID>
<dateTime>2024-01-30T14:35:12+08:00</dateTime>
<activePostCount>1</activePostCount>
<eventType>ANPR</eventType>
<eventState>active</eventState>
<eventDescription>ANPR</eventDescription>
<channelName>东门入口</channelName>
<ANPR>
<country>3</country>
<licensePlate>皖A12345</licensePlate>
<line>1</line>
<direction>forward</direction>
<confidenceLevel>98</confidenceLevel>
<plateType>92TypeCivil</plateType>
<plateColor>blue</plateColor>
<licenseBright>0</licenseBright>
<vehicleType>vehicle</vehicleType>
<detectDir>8</detectDir>
<detectType>0</detectType>
<alarmDataType>0</alarmDataType>
<pictureInfoList>
<pictureInfo><fileName>licensePlatePicture.jpg</fileName><type>licensePlatePicture</type><dataType>0</dataType></pictureInfo>
<pictureInfo><fileName>detectionPicture.jpg</fileName><type>detectionPicture</type><dataType>0</dataType></pictureInfo>
</pictureInfoList>
</ANPR>
<UUID>3b1c5c2e-1d2a-4b9e-9a53-0c56e3aabbcc</UUID>
<picNum>2</picNum>
</EventNotificationAlert>
"""
    write("isapi_anpr.xml", anpr)
    boundary = b"boundary"
    crlf = b"\r\n"

    def part(name: str, ctype: str, data: bytes, filename: str | None = None) -> bytes:
        disposition = f'Content-Disposition: form-data; name="{name}"'
        if filename:
            disposition += f'; filename="{filename}"'
        return (
            b"--"
            + boundary
            + crlf
            + disposition.encode()
            + crlf
            + f"Content-Type: {ctype}".encode()
            + crlf
            + f"Content-Length: {len(data)}".encode()
            + crlf
            + crlf
            + data
            + crlf
        )

    body = (
        part("anpr.xml", "application/xml", anpr.encode(), "anpr.xml")
        + part("licensePlatePicture.jpg", "image/jpeg", PLATE, "licensePlatePicture.jpg")
        + part("detectionPicture.jpg", "image/jpeg", VEHICLE, "detectionPicture.jpg")
        + b"--"
        + boundary
        + b"--"
        + crlf
    )
    write("isapi_anpr_multipart.txt", body)
    access = {
        "ipAddress": "192.168.1.70",
        "portNo": 80,
        "protocol": "HTTP",
        "macAddress": "24:0f:9b:11:22:33",
        "channelID": 1,
        "dateTime": "2024-01-30T14:38:05+08:00",
        "activePostCount": 1,
        "eventType": "AccessControllerEvent",
        "eventState": "active",
        "eventDescription": "Access Controller Event",
        "AccessControllerEvent": {
            "deviceName": "1号楼1单元门禁",
            "majorEventType": 5,
            "subEventType": 75,
            "name": "张三",
            "cardReaderKind": 1,
            "cardReaderNo": 1,
            "verifyNo": 137,
            "employeeNoString": "1001",
            "serialNo": 1523,
            "userType": "normal",
            "currentVerifyMode": "cardOrFace",
            "frontSerialNo": 1522,
            "attendanceStatus": "undefined",
            "label": "",
            "statusValue": 0,
            "mask": "no",
            "picturesNumber": 1,
            "purePwdVerifyEnable": True,
            "FaceRect": {"height": 0.3, "width": 0.2, "x": 0.4, "y": 0.2},
        },
    }
    dump("isapi_access_controller.json", access)
    ace = json.dumps(access, ensure_ascii=False).encode()
    body = (
        b"--MIME_boundary"
        + crlf
        + b'Content-Disposition: form-data; name="AccessControllerEvent"'
        + crlf
        + b"Content-Type: application/json"
        + crlf
        + f"Content-Length: {len(ace)}".encode()
        + crlf
        + crlf
        + ace
        + crlf
        + b"--MIME_boundary"
        + crlf
        + b'Content-Disposition: form-data; name="Picture"; filename="Picture.jpg"'
        + crlf
        + b"Content-Type: image/jpeg"
        + crlf
        + f"Content-Length: {len(FACE)}".encode()
        + crlf
        + crlf
        + FACE
        + crlf
        + b"--MIME_boundary--"
        + crlf
    )
    write("isapi_access_controller_multipart.txt", body)
    denied = json.loads(json.dumps(access))
    denied["AccessControllerEvent"].update(
        {"subEventType": 9, "cardNo": "3792456123", "currentVerifyMode": "card"}
    )
    del denied["AccessControllerEvent"]["employeeNoString"]
    del denied["AccessControllerEvent"]["name"]
    dump("isapi_access_denied_card.json", denied)
    face = {
        "ipAddress": "192.168.1.80",
        "macAddress": "44:19:b6:01:02:03",
        "channelID": 1,
        "dateTime": "2024-01-30T14:39:00+08:00",
        "activePostCount": 1,
        "eventType": "faceCapture",
        "eventState": "active",
        "eventDescription": "faceCapture",
        "faceCapture": [
            {
                "targetAttrs": {
                    "deviceName": "东门人脸",
                    "deviceChannel": 1,
                    "faceTime": "2024-01-30T14:39:00+08:00",
                },
                "faces": [
                    {
                        "faceId": 1035,
                        "faceRect": {"height": 0.12, "width": 0.07, "x": 0.45, "y": 0.2},
                        "age": {"value": 35, "ageGroup": "middle"},
                        "gender": {"value": "male"},
                        "glass": {"value": "no"},
                        "smile": {"value": "no"},
                        "mask": {"value": "no"},
                    }
                ],
            }
        ],
    }
    dump("isapi_face_capture.json", face)
    match = {
        "ipAddress": "192.168.1.80",
        "dateTime": "2024-01-30T14:39:30+08:00",
        "eventType": "faceSnapMatch",
        "eventState": "active",
        "faceSnapMatch": {
            "faceLibType": "blackFD",
            "FDID": "1",
            "similarity": 0.87,
            "humanData": {"humanId": "P-000231", "name": "李四"},
        },
    }
    dump("isapi_face_snap_match.json", match)
    heartbeat = f"""<EventNotificationAlert version="2.0" xmlns="{HIK_NS}">
<ipAddress>192.168.1.64</ipAddress>
<dateTime>2024-01-30T14:40:00+08:00</dateTime>
<activePostCount>0</activePostCount>
<eventType>videoloss</eventType>
<eventState>inactive</eventState>
<eventDescription>videoloss alarm</eventDescription>
</EventNotificationAlert>
"""
    write("isapi_videoloss_heartbeat.xml", heartbeat)
    line = f"""<EventNotificationAlert version="2.0" xmlns="{HIK_NS}">
<ipAddress>192.168.1.90</ipAddress>
<channelID>1</channelID>
<dateTime>2024-01-30T23:10:00+08:00</dateTime>
<eventType>linedetection</eventType>
<eventState>active</eventState>
<eventDescription>linedetection alarm</eventDescription>
</EventNotificationAlert>
"""
    write("isapi_linedetection.xml", line)
    write("malformed/isapi_truncated.xml", anpr[:400])
    write("malformed/isapi_no_event_type.json", json.dumps({"ipAddress": "1.2.3.4"}))


def dahua() -> None:
    access = {
        "CardNo": "",
        "CardType": None,
        "Door": 0,
        "ErrorCode": 0,
        "Method": 15,
        "Name": "张三",
        "ReaderID": "1",
        "Similarity": 92,
        "Status": 1,
        "Type": "Entry",
        "UserID": "1001",
        "UserType": None,
        "UTC": 1706596680,
    }
    pretty = json.dumps(access, ensure_ascii=False, indent=3)
    lines = [
        "--myboundary",
        "Content-Type: text/plain",
        "Content-Length: 39",
        "",
        "Code=VideoMotion;action=Start;index=0",
        "",
        "--myboundary",
        "Content-Type: text/plain",
        f"Content-Length: {len(pretty) + 40}",
        "",
        "Code=AccessControl;action=Pulse;index=0;data=" + pretty,
        "",
        "--myboundary",
        "Content-Type: text/plain",
        "Content-Length: 9",
        "",
        "Heartbeat",
        "",
        "--myboundary",
        "Content-Type: text/plain",
        "Content-Length: 36",
        "",
        "Code=VideoMotion;action=Stop;index=0",
        "",
    ]
    write("dahua_access_control.txt", "\r\n".join(lines))
    traffic = {
        "Class": "Traffic",
        "CountInGroup": 1,
        "EventID": 516,
        "Lane": 1,
        "LocaleTime": "2024-01-30 14:41:00",
        "Object": {
            "Category": "Normal",
            "Confidence": 0,
            "Text": "皖A12345",
            "ObjectType": "Plate",
        },
        "TrafficCar": {
            "PlateNumber": "皖A12345",
            "PlateColor": "Blue",
            "PlateType": "Normal",
            "VehicleColor": "White",
            "Speed": 12,
        },
        "UTC": 1706596860,
        "RealUTC": 1706596860,
    }
    rec = {
        "Candidates": [
            {"Person": {"ID": "P-000231", "Name": "李四", "Sex": "Male"}, "Similarity": 88}
        ],
        "Face": {"Sex": "Man", "Age": 40},
        "UTC": 1706596920,
    }
    body = "\n".join(
        [
            "Code=TrafficJunction;action=Pulse;index=0;data="
            + json.dumps(traffic, ensure_ascii=False),
            "Code=FaceRecognition;action=Pulse;index=1;data=" + json.dumps(rec, ensure_ascii=False),
            "Code=AlarmLocal;action=Start;index=2",
            'Code=CrossLineDetection;action=Start;index=0;data={"Name":"东侧围墙","UTC":1706654000}',
            'Code=NewFile;action=Pulse;index=0;data={"File":"/mnt/sd/a.jpg","Size":1234}',
        ]
    )
    write("dahua_events.txt", body + "\n")
    write(
        "malformed/dahua_truncated_data.txt",
        'Code=AccessControl;action=Pulse;index=0;data={\n   "UserID" : "1001",\n',
    )
    write("malformed/dahua_garbage.txt", "hello there\nthis is not a stream\n")


def mqtt() -> None:
    dump(
        "mqtt_plate_read.json",
        {
            "topic": "sc/hf001/34010400001320000002/event",
            "payload": {
                "type": "plate_read",
                "time": "2024-01-30T14:42:00",
                "plate": "皖A12345",
                "plate_color": "blue",
                "confidence": 0.97,
                "lane": "1",
                "direction": "in",
                "image": b64(VEHICLE),
                "plate_image": b64(PLATE),
            },
        },
    )
    write(
        "mqtt_face_capture.txt",
        "sc/hf001/34010400001320000001/event\n"
        + json.dumps(
            {
                "type": "face_capture",
                "time": 1706596980000,
                "face_image": b64(FACE),
                "scene_image": b64(SCENE),
                "quality": 0.82,
                "bbox": [812, 240, 128, 160],
            }
        )
        + "\n",
    )
    write(
        "mqtt_barrier_state.txt",
        "sc/hf001/34010400001340000001/state\n"
        + json.dumps({"barrier": "open", "vehicle_present": True, "fault": None})
        + "\n",
    )
    write("mqtt_availability.txt", "sc/hf001/34010400001340000001/availability\noffline\n")
    write(
        "malformed/mqtt_wrong_type.txt",
        "sc/hf001/X1/event\n"
        + json.dumps({"type": "plate_read", "plate": 12345.5, "confidence": "high"}),
    )


if __name__ == "__main__":
    (HERE / "malformed").mkdir(exist_ok=True)
    gat1400()
    isapi()
    dahua()
    mqtt()
