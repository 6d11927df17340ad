"""The simulator: register reading, deterministic schema-valid traffic, commands, live runs."""

from __future__ import annotations

import base64
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from custom_components.smart_community.core.credentials import device_password
from custom_components.smart_community.core.devices import DeviceKind, Transport
from custom_components.smart_community.core.digest import DigestAuth
from custom_components.smart_community.core.events import EventKind
from custom_components.smart_community.core.gat1400.bodies import decode_body
from custom_components.smart_community.core.gat1400.server import Gat1400Server, OwnDevicesOnly
from custom_components.smart_community.core.protocols.isapi import decode_isapi
from custom_components.smart_community.core.protocols.mqtt_commands import build_command
from custom_components.smart_community.core.protocols.mqtt_schema import decode_mqtt
from tools.simulator.commands import answer_command
from tools.simulator.register import SimDevice, read_register
from tools.simulator.runner import Options, Simulator

ROOT = Path(__file__).parents[3]
HEAD = "设备编码,设备名称,设备种类,楼栋,单元,出入口,车道,接入方式,接入地址"
ROWS = [
    "34010449971328001001,东门入口人脸抓拍机,face_camera,,,东门,,gat1400,34010449971328001001",
    "34010449011348001003,东门人行通道闸机,turnstile,,,东门,,rs485,/dev/ttyUSB0#1",
    "34010449011348001004,东门人行通道门禁终端,access_terminal,,,东门,,mqtt,sc/c1/34010449011348001004",
    "34010449981198001009,东门入口车牌识别相机,plate_camera,,,东门,1,isapi,34010449981198001009",
    "34010449011398001010,东门入口道闸,barrier,,,东门,1,mqtt,sc/c1",
    "34010449011398001011,东门入口车辆检测器,vehicle_detector,,,东门,1,mqtt,sc/c1/34010449011398001011",
    "34010449971328001022,1栋1单元人脸抓拍机,face_camera,1栋,1单元,,,mqtt,",
    "34010449011348001021,1栋1单元门禁终端,access_terminal,1栋,1单元,,,mqtt,sc/c1",
    "34010449011348001039,地下室烟感,smoke_detector,,,,,mqtt,sc/c1",
    "34010449011348001041,东侧窨井盖,manhole_sensor,,,,,mqtt,sc/c1",
    "34010449011398001046,广场巡更点,patrol_checkpoint,,,,,mqtt,sc/c1",
    "34010449011398001048,水表,water_meter,,,,,mqtt,sc/c1",
    "34010449011188001015,硬盘录像机,nvr,,,,,none,",
    "34010449011188001099,未知设备,teleporter,,,,,mqtt,sc/c1",
]
START = datetime.fromisoformat("2024-01-30T08:00:00+08:00")


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.csv"
    path.write_text("\ufeff" + "\n".join([HEAD, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_register_rows_the_simulator_speaks(register: Path) -> None:
    devices = {d.code: d for d in read_register(register)}
    assert "34010449011348001003" not in devices  # rs485
    assert "34010449011188001015" not in devices  # none
    assert "34010449011188001099" not in devices  # unknown kind
    barrier = devices["34010449011398001010"]
    assert (barrier.kind, barrier.transport, barrier.gate, barrier.lane) == (
        DeviceKind.BARRIER,
        Transport.MQTT,
        "东门",
        "1",
    )
    assert barrier.topic_base == "sc/c1/34010449011398001010"
    assert devices["34010449011398001011"].topic_base == "sc/c1/34010449011398001011"
    assert devices["34010449971328001022"].topic_base == "smart_community/34010449971328001022"


def test_demo_register_is_readable() -> None:
    demo = ROOT / "tools" / "demo" / "register.csv"
    if not demo.exists():
        pytest.skip("demo register not present")
    kinds = {d.kind for d in read_register(demo)}
    assert {DeviceKind.FACE_CAMERA, DeviceKind.BARRIER, DeviceKind.PLATE_CAMERA} <= kinds


def dry_run(register: Path, seed: int, count: int = 40) -> str:
    out = io.StringIO()
    options = Options(register=register, dry_run=True, count=count, seed=seed, start=START)
    Simulator(read_register(register), options, out=out).run()
    return out.getvalue()


def test_same_seed_same_traffic(register: Path) -> None:
    assert dry_run(register, 7) == dry_run(register, 7)
    assert dry_run(register, 7) != dry_run(register, 8)


def test_dry_run_traffic_decodes_with_the_hub_decoders(register: Path) -> None:
    kinds: list[tuple[EventKind, str]] = []
    for line in dry_run(register, 3, count=60).split("\n")[:-1]:
        record = json.loads(line)
        if record["transport"] == "mqtt":
            event = decode_mqtt(record["topic"], record["payload"].encode())
            kinds.append((event.kind, event.event_type))
            assert event.time.isoformat().startswith("2024-01-30T08:")
        elif record["transport"] == "gat1400":
            body = decode_body(
                json.loads(base64.b64decode(record["body_base64"])), max_image_bytes=10**7
            )
            assert not body.errors
            kinds += [(e.kind, e.event_type) for e in body.events]
        else:
            events = decode_isapi(base64.b64decode(record["body_base64"]), record["content_type"])
            kinds += [(e.kind, e.event_type) for e in events]
            assert events[0].images, "ISAPI pushes carry pictures"
    for expected in [
        (EventKind.FACE_CAPTURE, "face_capture"),
        (EventKind.VEHICLE, "plate_read"),
        (EventKind.ACCESS, "verified"),
        (EventKind.ALARM, "smoke"),
        (EventKind.ALARM, "tilt"),
        (EventKind.STATE, "state"),
    ]:
        assert expected in kinds, expected


def _device(kind: DeviceKind) -> SimDevice:
    return SimDevice(code="D1", name="x", kind=kind, transport=Transport.MQTT, address="sc")


def test_barrier_open_command_opens_then_closes() -> None:
    payload = build_command(DeviceKind.BARRIER, "open", command_id="c1").to_payload()
    answer = answer_command(_device(DeviceKind.BARRIER), payload, hold=3)
    states = [(o.delay, o.state["barrier"]) for o in answer if o.state]
    assert [s for _, s in states] == ["moving", "open", "moving", "closed"]
    assert [d for d, _ in states] == sorted(d for d, _ in states)
    (result,) = [o.event for o in answer if o.event]
    assert result is not None and result.fields == {
        "command_id": "c1",
        "command": "open",
        "ok": True,
    }


def test_refused_command_is_answered_not_ok() -> None:
    answer = answer_command(_device(DeviceKind.SMOKE_DETECTOR), b'{"id": "c2", "command": "open"}')
    (result,) = answer
    assert result.event is not None and result.event.fields["ok"] is False
    assert answer_command(_device(DeviceKind.BARRIER), b"garbage") == []


def test_mqtt_access_terminals_keep_a_library_and_answer_its_commands() -> None:
    from custom_components.smart_community.core.protocols.mqtt_access import (
        access_result,
        build_access_command,
    )
    from custom_components.smart_community.core.protocols.mqtt_schema import decode_event
    from tools.simulator.encoders import mqtt_event

    terminal = SimDevice(
        code="T-ACCESS", name="x", kind=DeviceKind.ACCESS_TERMINAL, transport=Transport.MQTT
    )

    def result(command: str, **params: Any) -> Any:
        payload = build_access_command(command, **params).to_payload()
        [answer] = answer_command(terminal, payload)
        assert answer.event is not None and answer.event.type == "command_result"
        event = decode_event(terminal.code, mqtt_event(answer.event, START))  # as HA reads it
        return access_result(event.attributes)

    assert result("person_upsert", user_id="10000001", name="张伟").ok
    assert result("card_add", user_id="10000001", card="0011000001").ok
    listed = result("person_list", offset=0, limit=10)
    assert listed.total == 1 and listed.persons[0]["cards"] == ["0011000001"]
    refused = result("card_add", user_id="10000009", card="0011000002")
    assert not refused.ok and "does not exist" in refused.reason
    # the ordinary door command still works beside the library
    unlock = build_command(DeviceKind.ACCESS_TERMINAL, "unlock", command_id="u1").to_payload()
    assert any(o.event and o.event.fields.get("ok") for o in answer_command(terminal, unlock))


def test_hikvision_access_terminals_are_left_to_the_terminal_simulator(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    rows = [
        ROWS[2],
        "34010449011348001029,3栋1单元门禁终端,access_terminal,3栋,1单元,,,isapi,x",
        ROWS[3],
    ]
    path.write_text(HEAD + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert [d.code for d in read_register(path)] == [
        "34010449011348001004",
        "34010449981198001009",
    ]


@pytest.mark.parametrize(
    "kind,command,params,states",
    [
        (
            DeviceKind.TURNSTILE,
            "open",
            {"direction": "out"},
            [{"door": "open"}, {"door": "closed"}],
        ),
        (
            DeviceKind.ACCESS_TERMINAL,
            "unlock",
            {"duration_s": 2},
            [{"door": "open", "locked": False}, {"door": "closed", "locked": True}],
        ),
        (DeviceKind.PLATE_CAMERA, "display", {"text": "欢迎"}, []),
    ],
)
def test_other_commands(
    kind: DeviceKind, command: str, params: dict[str, Any], states: list[dict[str, Any]]
) -> None:
    payload = build_command(kind, command, **params).to_payload()
    answer = answer_command(_device(kind), payload)
    assert [o.state for o in answer if o.state] == states


# --- live runs --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mosquitto(tmp_path: Path, socket_enabled: None) -> Iterator[int]:
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(binary).exists():
        pytest.skip("mosquitto not installed")
    port = _free_port()
    conf = tmp_path / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    process = subprocess.Popen(
        [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=5)


def test_live_mqtt_run_answers_a_barrier_command(register: Path, mosquitto: int) -> None:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    received: list[tuple[str, bytes, bool]] = []
    lock = threading.Condition()

    def on_message(_c: Any, _u: Any, message: Any) -> None:
        with lock:
            received.append((message.topic, bytes(message.payload), bool(message.retain)))
            lock.notify_all()

    def wait_for(predicate: Any, timeout: float = 10) -> None:
        with lock:
            assert lock.wait_for(lambda: predicate(list(received)), timeout), received[-5:]

    hub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="test-hub")
    hub.on_message = on_message
    hub.connect("127.0.0.1", mosquitto)
    hub.subscribe("#", qos=1)
    hub.loop_start()
    simulator = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tools.simulator",
            "--broker",
            f"127.0.0.1:{mosquitto}",
            "--register",
            str(register),
            "--rate",
            "5",
            "--duration",
            "4",
            "--seed",
            "1",
            "--hold",
            "0.5",
            "--drain",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = "sc/c1/34010449011398001010"
    try:
        wait_for(lambda r: any(t == f"{base}/availability" and p == b"online" for t, p, _ in r))
        sent_at = len(received)
        command = build_command(DeviceKind.BARRIER, "open", command_id="cmd-1")
        hub.publish(f"{base}/command", command.to_payload(), qos=1)

        def barrier_after_command(r: list[tuple[str, bytes, bool]]) -> list[str]:
            return [
                json.loads(p).get("barrier", "") for t, p, _ in r[sent_at:] if t == f"{base}/state"
            ]

        wait_for(lambda r: any(t == f"{base}/event" and b"cmd-1" in p for t, p, _ in r))
        wait_for(
            lambda r: (
                "open" in barrier_after_command(r)
                and "closed" in barrier_after_command(r)[barrier_after_command(r).index("open") :]
            )
        )
        assert simulator.wait(timeout=30) == 0
        wait_for(lambda r: any(t == f"{base}/availability" and p == b"offline" for t, p, _ in r))
    finally:
        if simulator.poll() is None:
            simulator.kill()
            simulator.wait()
        hub.disconnect()
        hub.loop_stop()
    states = [
        json.loads(p)["barrier"]
        for t, p, _ in received
        if t == f"{base}/state" and "barrier" in json.loads(p)
    ]
    assert "open" in states and states[-1] == "closed"
    events = [decode_mqtt(t, p) for t, p, _ in received if t.endswith("/event")]
    assert any(
        e.event_type == "command_result" and e.attributes["command_id"] == "cmd-1" for e in events
    )
    assert any(t == f"{base}/availability" and p == b"offline" for t, p, _ in received)


class _Hub(BaseHTTPRequestHandler):
    gat: Gat1400Server
    events: list[Any]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/VIID/"):
            answer = self.gat.handle(
                "POST", self.path, dict(self.headers.items()), body, peer=self.client_address[0]
            )
            self.events.extend(answer.events)
            data = json.dumps(answer.body).encode()
            self.send_response(answer.status)
            for key, value in answer.headers.items():
                self.send_header(key, value)
        else:
            self.events.extend(decode_isapi(body, self.headers.get("Content-Type")))
            data = b"OK"
            self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        return


def test_http_push_registers_with_digest_and_posts(register: Path, socket_enabled: None) -> None:
    secret = b"community secret"
    devices = [d for d in read_register(register) if d.transport is not Transport.MQTT]
    codes = {d.address or d.code for d in devices}
    auth = DigestAuth("VIID", lambda user: device_password(secret, user) if user in codes else None)
    _Hub.gat = Gat1400Server(auth=auth, senders=OwnDevicesOnly(codes))
    _Hub.events = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        options = Options(
            register=register,
            http=f"http://127.0.0.1:{server.server_port}",
            count=60,
            rate=2000,
            seed=3,
            push_secret=secret,
        )
        sent = Simulator(devices, options).run()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert sent > 0
    assert "34010449971328001001" in _Hub.gat.sessions  # registered with its derived password
    kinds = {(e.source, e.kind) for e in _Hub.events}
    assert ("gat1400", EventKind.FACE_CAPTURE) in kinds
    assert ("isapi", EventKind.VEHICLE) in kinds


def test_command_line_options(register: Path) -> None:
    from tools.simulator.cli import parse_args

    options = parse_args(
        [
            "--register",
            str(register),
            "--dry-run",
            "--drain",
            "2",
            "--hold",
            "1",
            "--count",
            "5",
            "--rate",
            "4",
            "--seed",
            "9",
        ]
    )
    assert (options.drain, options.hold, options.count, options.rate, options.seed) == (
        2.0,
        1.0,
        5,
        4.0,
        9,
    )
    assert options.start is not None  # dry runs get a fixed start: same output every run
    with pytest.raises(SystemExit):
        parse_args(["--register", str(register)])  # nowhere to send
    with pytest.raises(SystemExit):
        parse_args(["--register", str(register), "--dry-run", "--rate", "0"])


def test_cli_dry_run_prints_json_lines(register: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tools.simulator.cli import main

    assert main(["--register", str(register), "--dry-run", "--count", "3"]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert all(json.loads(line)["transport"] in ("mqtt", "gat1400", "isapi") for line in lines)


def test_cli_register_without_simulated_devices(tmp_path: Path) -> None:
    from tools.simulator.cli import main

    path = tmp_path / "r.csv"
    path.write_text(HEAD + "\n" + ROWS[1] + "\n", encoding="utf-8")
    assert main(["--register", str(path), "--dry-run"]) == 2


def test_pictures_from_a_directory(tmp_path: Path) -> None:
    import random

    from tools.simulator.images import ImageSource

    (tmp_path / "a.jpg").write_bytes(b"\xff\xd8own\xff\xd9")
    source = ImageSource(random.Random(1), tmp_path)
    assert source.face() == b"\xff\xd8own\xff\xd9"
    assert source.plate("皖A12345", "blue").startswith(b"\xff\xd8")  # plates are always drawn
    drawn = ImageSource(random.Random(1))
    assert drawn.face() == ImageSource(random.Random(1)).face()  # deterministic drawings


PEOPLE = {
    "residents": [
        {"id": "P-0001", "name": "杨建华", "building": "1栋", "unit": "1单元", "plate": "皖A018D1"},
        {"id": "P-0002", "name": "吴晓梅", "building": "1栋", "unit": "1单元"},
        {"id": "P-0003", "name": "徐国庆", "building": "2栋", "unit": "1单元"},
    ],
    "visitors": [{"id": "V-0001", "name": "李娜", "plate": "皖A9F123"}],
}


def test_people_file_people_pass_their_doors_and_drive_their_cars(register: Path) -> None:
    from tools.simulator.scenarios import Roster

    out = io.StringIO()
    options = Options(
        register=register,
        dry_run=True,
        count=150,
        seed=5,
        start=START,
        roster=Roster.from_json(PEOPLE),
    )
    Simulator(read_register(register), options, out=out).run()
    verified: list[tuple[str, str | None]] = []
    plates: list[str] = []
    for line in out.getvalue().split("\n")[:-1]:
        record = json.loads(line)
        if record["transport"] == "mqtt":
            event = decode_mqtt(record["topic"], record["payload"].encode())
            if event.event_type == "verified":
                verified.append((event.device_id, event.person_id))
        elif record["transport"] == "isapi":
            events = decode_isapi(base64.b64decode(record["body_base64"]), record["content_type"])
            plates += [e.plate for e in events if e.plate]
    assert verified and {person for _, person in verified} <= {"P-0001", "P-0002", "P-0003"}
    # 1栋1单元's door is mostly passed by the two who live there (nobody the hub does not know)
    unit_door = [person for device, person in verified if device == "34010449011348001021"]
    assert sum(person in ("P-0001", "P-0002") for person in unit_door) >= 0.8 * len(unit_door)
    assert "皖A018D1" in plates and "皖A9F123" in plates  # a resident's car, the visitor's
    assert any(plate not in ("皖A018D1", "皖A9F123") for plate in plates)  # and others


def test_people_file_that_is_not_one_is_a_clear_error(tmp_path: Path, register: Path) -> None:
    from tools.simulator.cli import parse_args
    from tools.simulator.scenarios import Roster

    for bad in ({}, {"residents": []}, {"residents": [{"id": "P-1"}]}, [1], {"residents": [1]}):
        with pytest.raises(ValueError, match="people file"):
            Roster.from_json(bad)
    with pytest.raises(ValueError, match="visitors"):
        Roster.from_json({"residents": PEOPLE["residents"], "visitors": {}})
    path = tmp_path / "people.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit):
        parse_args(["--register", str(register), "--dry-run", "--people", str(path)])
    path.write_text(json.dumps(PEOPLE, ensure_ascii=False), encoding="utf-8")
    options = parse_args(["--register", str(register), "--dry-run", "--people", str(path)])
    assert options.roster is not None and options.roster.plates == ["皖A018D1"]
    assert options.roster.visitor_plates == ["皖A9F123"]


def test_face_photos_one_folder_per_person(tmp_path: Path) -> None:
    import random

    from tools.simulator.images import ImageSource

    (tmp_path / "many").mkdir()
    for number in range(20):  # one person with many photos is not shown more often
        (tmp_path / "many" / f"{number}.jpg").write_bytes(b"\xff\xd8many\xff\xd9")
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.JPG").write_bytes(b"\xff\xd8one\xff\xd9")
    (tmp_path / "one" / "notes.txt").write_text("not a photo")
    source = ImageSource(random.Random(1), faces=tmp_path)
    shown = [source.face() for _ in range(400)]
    assert set(shown) == {b"\xff\xd8many\xff\xd9", b"\xff\xd8one\xff\xd9"}
    assert 120 < shown.count(b"\xff\xd8one\xff\xd9") < 280
    assert source.scene("东门").startswith(b"\xff\xd8")  # scenes stay drawn
    assert source.scene("东门") != b"\xff\xd8one\xff\xd9"


def test_face_photos_belong_to_the_people_they_show(register: Path, tmp_path: Path) -> None:
    """A resident's photo is captured at their unit or a gate and their door verifies them;
    a stranger's photo is refused at the door and not let through the turnstile."""
    import random

    from tools.simulator.images import ImageSource
    from tools.simulator.scenarios import Community, Roster

    for folder, data in (
        ("star", b"\xff\xd8star\xff\xd9"),
        ("stranger", b"\xff\xd8who\xff\xd9"),
        ("guest", b"\xff\xd8guest\xff\xd9"),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "1.jpg").write_bytes(data)
    people = {
        **PEOPLE,
        "residents": [{**PEOPLE["residents"][0], "face": "star"}, *PEOPLE["residents"][1:]],
        "visitors": [{**PEOPLE["visitors"][0], "face": "guest"}],
        "guards": [{"id": "G-01", "name": "保安甲"}],
    }
    rng = random.Random(3)
    community = Community(
        read_register(register), rng, ImageSource(rng, faces=tmp_path), Roster.from_json(people)
    )
    seen: dict[bytes, list[tuple[str, str | None, str | None]]] = {}
    for _ in range(300):
        out = community.person()
        capture = out[0]
        assert capture.event is not None
        face = capture.event.images["face_image"]
        verdicts = [
            o for o in out if o.event is not None and o.device.kind is DeviceKind.ACCESS_TERMINAL
        ]
        passages = [o for o in out if o.event is not None and o.device.kind is DeviceKind.TURNSTILE]
        verdict = verdicts[0].event if verdicts else None
        seen.setdefault(face, []).append(
            (
                capture.device.building,
                verdict.type if verdict else None,
                verdict and verdict.fields.get("person_id"),
            )
        )
        if face == b"\xff\xd8who\xff\xd9":
            assert verdict is None or verdict.type == "denied"
            assert passages == []
    star = seen[b"\xff\xd8star\xff\xd9"]
    assert {building for building, _, _ in star} <= {"1栋", ""}  # at home or at a gate
    assert {person for _, kind, person in star if kind == "verified"} == {"P-0001"}
    assert any(kind == "denied" for _, kind, _ in seen[b"\xff\xd8who\xff\xd9"])
    guest = seen[b"\xff\xd8guest\xff\xd9"]
    assert {building for building, _, _ in guest} == {""}  # a visitor comes by the gates
    assert {person for _, kind, person in guest if kind == "verified"} == {"V-0001"}
    # strangers and visitors are not rare: a minute of the demo shows both
    assert len(seen[b"\xff\xd8who\xff\xd9"]) > 300 / 6 and len(guest) > 300 / 12
    assert len(seen) > 2  # the other residents still walk by (drawn faces)
    assert community.guards == [("G-01", "保安甲")]
