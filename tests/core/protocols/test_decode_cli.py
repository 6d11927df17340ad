"""scripts/decode: every format, from any directory; malformed input exits 2 with one line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .helpers import PAYLOADS, b64, payload, tiny_jpeg

SCRIPT = Path(__file__).parents[3] / "scripts" / "decode"


def run(fmt: str, path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), fmt, str(path)],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    "fmt,name,expected",
    [
        ("gat1400", "gat1400_faces.json", ["face_capture", "face_capture"]),
        ("gat1400", "gat1400_motor_vehicles.json", ["vehicle"]),
        ("gat1400", "gat1400_motor_vehicles_bare_list.json", ["vehicle"]),
        ("gat1400", "gat1400_subscribe_notifications.json", ["face_capture", "vehicle"]),
        ("gat1400", "gat1400_keepalive.json", ["other"]),
        ("isapi", "isapi_anpr.xml", ["vehicle"]),
        ("isapi", "isapi_anpr_multipart.txt", ["vehicle"]),
        ("isapi", "isapi_access_controller_multipart.txt", ["access"]),
        ("isapi", "isapi_face_snap_match.json", ["face_match"]),
        ("isapi", "isapi_linedetection.xml", ["alarm"]),
        ("dahua", "dahua_access_control.txt", ["state", "access", "state"]),
        ("dahua", "dahua_events.txt", ["vehicle", "face_match", "alarm", "alarm", "other"]),
        ("mqtt", "mqtt_plate_read.json", ["vehicle"]),
        ("mqtt", "mqtt_face_capture.txt", ["face_capture"]),
        ("mqtt", "mqtt_barrier_state.txt", ["state"]),
        ("mqtt", "mqtt_availability.txt", ["state"]),
    ],
)
def test_samples_decode_from_another_directory(
    fmt: str, name: str, expected: list[str], tmp_path: Path
) -> None:
    result = run(fmt, PAYLOADS / name, tmp_path)
    assert result.returncode == 0, result.stderr
    events = lines(result)
    assert [event["kind"] for event in events] == expected
    for event in events:
        assert {"kind", "device_id", "time"} <= set(event)
        assert str(event["time"])[-6:] in ("+08:00", "+00:00")


def test_output_fields_for_a_plate_read(tmp_path: Path) -> None:
    (event,) = lines(run("gat1400", PAYLOADS / "gat1400_motor_vehicles.json", tmp_path))
    assert event["plate"] == "皖A12345"
    assert event["plate_color"] == "blue"
    assert event["time"] == "2024-01-30T14:35:12+08:00"
    images = event["images"]
    assert isinstance(images, list)
    assert [image["type"] for image in images] == ["vehicle", "plate"]
    assert all(isinstance(image["bytes"], int) and image["bytes"] > 1000 for image in images)


def test_output_fields_for_access(tmp_path: Path) -> None:
    (event,) = lines(run("isapi", PAYLOADS / "isapi_access_controller_multipart.txt", tmp_path))
    assert (event["person_id"], event["door"], event["method"]) == ("1001", "1", "face")
    (dahua,) = [
        e
        for e in lines(run("dahua", PAYLOADS / "dahua_events.txt", tmp_path))
        if e["kind"] == "face_match"
    ]
    assert dahua["similarity"] == 0.88


@pytest.mark.parametrize(
    "fmt,name,reason",
    [
        ("gat1400", "malformed/gat1400_truncated.json", "invalid JSON"),
        ("gat1400", "malformed/gat1400_faces_bad_base64.json", "bad base64"),
        ("gat1400", "malformed/gat1400_wrong_type_time.json", "PassTime"),
        ("isapi", "malformed/isapi_truncated.xml", "invalid XML"),
        ("isapi", "malformed/isapi_no_event_type.json", "eventType"),
        ("dahua", "malformed/dahua_truncated_data.txt", "invalid data JSON"),
        ("dahua", "malformed/dahua_garbage.txt", "no Code="),
        ("mqtt", "malformed/mqtt_wrong_type.txt", "confidence"),
    ],
)
def test_malformed_exits_2_with_one_line(fmt: str, name: str, reason: str, tmp_path: Path) -> None:
    result = run(fmt, PAYLOADS / name, tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert reason in result.stderr


def test_vendor_variants_bom_crlf_and_key_case(tmp_path: Path) -> None:
    body = json.loads(payload("gat1400_motor_vehicles.json"))
    obj = body["MotorVehicleListObject"]["MotorVehicleObject"][0]
    obj["plateNo"] = obj.pop("PlateNo")
    obj["PassTime"] = "2024-01-30 14:35:12"
    text = json.dumps(body, ensure_ascii=False, indent=1).replace("\n", "\r\n")
    path = tmp_path / "variant.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    (event,) = lines(run("gat1400", path, tmp_path))
    assert (event["plate"], event["time"]) == ("皖A12345", "2024-01-30T14:35:12+08:00")


def test_isapi_multipart_with_bare_boundary_line(tmp_path: Path) -> None:
    body = payload("isapi_access_controller_multipart.txt")
    path = tmp_path / "bare.txt"
    path.write_bytes(body[2:])  # "MIME_boundary" without the leading "--"
    assert lines(run("isapi", path, tmp_path))[0]["kind"] == "access"


def test_mqtt_payload_as_string_in_json_file(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"topic": "a/B1/event", "payload": '{"type": "passage"}'}))
    assert lines(run("mqtt", path, tmp_path))[0]["device_id"] == "B1"


def test_huge_image_is_refused(tmp_path: Path) -> None:
    face = {
        "FaceID": "F",
        "DeviceID": "D",
        "ShotTime": "20240130143400",
        "SubImageList": {"SubImageInfoObject": [{"Type": "11", "Data": "A" * (28 << 20)}]},
    }
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"FaceListObject": {"FaceObject": [face]}}))
    result = run("gat1400", path, tmp_path)
    assert result.returncode == 2
    assert "exceeds the limit" in result.stderr


def test_good_image_byte_count(tmp_path: Path) -> None:
    jpeg = tiny_jpeg()
    path = tmp_path / "m.txt"
    path.write_text("a/D/event\n" + json.dumps({"type": "face_capture", "face_image": b64(jpeg)}))
    (event,) = lines(run("mqtt", path, tmp_path))
    assert event["images"] == [{"type": "face", "bytes": len(jpeg)}]


@pytest.mark.parametrize("fmt", ["gat1400", "isapi", "dahua", "mqtt"])
def test_empty_and_binary_files(fmt: str, tmp_path: Path) -> None:
    for content in (b"", b"\x00\x01\x02\xff" * 10):
        path = tmp_path / "x.bin"
        path.write_bytes(content)
        result = run(fmt, path, tmp_path)
        assert result.returncode == 2, (content, result.stdout)
        assert "Traceback" not in result.stderr


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    assert run("gat1400", tmp_path / "nope.json", tmp_path).returncode == 2
    assert run("onvif", PAYLOADS / "isapi_anpr.xml", tmp_path).returncode == 2


def test_mosquitto_sub_verbose_output(tmp_path: Path) -> None:
    path = tmp_path / "sub.txt"
    path.write_text(
        'sc/D1/event {"type": "passage", "direction": "in"}\n'
        "sc/D1/availability online\n"
        'sc/D2/state {"barrier": "open"}\n'
    )
    result = run("mqtt", path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert [(e["device_id"], e["kind"]) for e in lines(result)] == [
        ("D1", "access"),
        ("D1", "state"),
        ("D2", "state"),
    ]


def test_mqtt_list_of_messages_and_pretty_payload(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"topic": "a/B1/event", "payload": {"type": "passage"}}] * 2))
    assert len(lines(run("mqtt", path, tmp_path))) == 2
    pretty = tmp_path / "pretty.txt"
    pretty.write_text('a/B1/event\r\n{\r\n  "type": "forced"\r\n}\r\n')
    assert lines(run("mqtt", pretty, tmp_path))[0]["event_type"] == "forced"
