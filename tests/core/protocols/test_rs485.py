"""RS485 frames: encoding, CRC, the resyncing parser, and the client against a pty peer."""

from __future__ import annotations

import os
import select
import threading
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
import serial

from custom_components.smart_community.core.events import EventKind
from custom_components.smart_community.core.protocols.errors import DecodeError, EncodeError
from custom_components.smart_community.core.protocols.rs485 import (
    Command,
    DeviceStatus,
    Frame,
    FrameParser,
    NakReason,
    PassageKind,
    Position,
    crc16_modbus,
    decode_frame,
    encode_frame,
    frame_event,
)
from custom_components.smart_community.core.protocols.rs485_client import (
    Rs485Client,
    Rs485Nak,
    Rs485Timeout,
)
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

NOW = datetime(2024, 1, 30, 15, 0, tzinfo=LOCAL_ZONE)
STATUS = DeviceStatus(
    device_type=2,
    position=Position.OPEN,
    fault=False,
    anti_pinch=True,
    vehicle_present=True,
    fault_code=0,
    passages_in=70000,
    passages_out=3,
)


def test_crc16_modbus_check_value() -> None:
    assert crc16_modbus(b"123456789") == 0x4B37


def test_frame_layout() -> None:
    wire = encode_frame(Frame(addr=1, seq=7, cmd=Command.OPEN, payload=b"\x00"))
    assert wire[:6] == bytes([0x02, 0x01, 0x07, 0x01, 0x01, 0x00])
    assert wire[-1] == 0x03
    assert int.from_bytes(wire[-3:-1], "little") == crc16_modbus(wire[1:-3])
    assert decode_frame(wire) == Frame(addr=1, seq=7, cmd=Command.OPEN, payload=b"\x00")


@pytest.mark.parametrize(
    "frame",
    [
        Frame(addr=0, seq=1, cmd=1),
        Frame(addr=248, seq=1, cmd=1),
        Frame(1, 256, 1),
        Frame(1, 1, 1, bytes(256)),
    ],
)
def test_unencodable_frames(frame: Frame) -> None:
    with pytest.raises(EncodeError):
        encode_frame(frame)


def _corrupt(index: int, value: int) -> bytes:
    wire = bytearray(encode_frame(Frame(addr=1, seq=1, cmd=Command.STATUS)))
    wire[index] = value
    return bytes(wire)


@pytest.mark.parametrize(
    "data,match",
    [
        (b"\x02\x01", "shorter"),
        (_corrupt(0, 0x55), "STX"),
        (_corrupt(-1, 0x55), "ETX"),
        (_corrupt(2, 0x09), "CRC"),
        (_corrupt(4, 0x05), "LEN"),
    ],
)
def test_malformed_frames_say_why(data: bytes, match: str) -> None:
    with pytest.raises(DecodeError, match=match):
        decode_frame(data)


def test_parser_resyncs_after_garbage_and_bad_frames() -> None:
    good = encode_frame(Frame(addr=3, seq=9, cmd=Command.ACK, payload=b"\x01"))
    fake_stx = b"\x02\x01\x01\x01\x02\xaa\xbb\xcc\xdd\x03"  # looks like a frame, bad CRC
    stream = b"\xff\x00garbage" + fake_stx + good + b"\x02" + good
    parser = FrameParser()
    frames = [f for i in range(len(stream)) for f in parser.feed(stream[i : i + 1])]
    assert frames == [decode_frame(good), decode_frame(good)]
    assert parser.bad_frames >= 1
    assert parser.discarded >= len(b"\xff\x00garbage")


def test_parser_handles_stx_and_etx_inside_payloads() -> None:
    frame = Frame(addr=1, seq=2, cmd=Command.STATUS_REPORT, payload=b"\x02\x03" * 6)
    assert FrameParser().feed(encode_frame(frame) * 2) == [frame, frame]


def test_status_report_round_trip_and_event() -> None:
    payload = STATUS.to_payload()
    assert len(payload) == 12
    assert DeviceStatus.from_payload(payload) == STATUS
    event = frame_event(
        Frame(addr=5, seq=0, cmd=Command.STATUS_REPORT, payload=payload), device_id="B1", now=NOW
    )
    assert (event.kind, event.source) == (EventKind.STATE, "rs485")
    assert event.attributes == {
        "position": "open",
        "fault": None,
        "anti_pinch": True,
        "vehicle_present": True,
        "passages_in": 70000,
        "passages_out": 3,
        "address": 5,
    }


@pytest.mark.parametrize("payload", [b"", bytes(11), bytes([1, 9]) + bytes(10)])
def test_bad_status_payload(payload: bytes) -> None:
    with pytest.raises(DecodeError):
        DeviceStatus.from_payload(payload)


@pytest.mark.parametrize(
    "kind,event_type",
    [
        (PassageKind.NORMAL, "passage"),
        (PassageKind.FORCED, "forced"),
        (PassageKind.TAILGATING, "tailgating"),
    ],
)
def test_passage_frames_are_access_events(kind: PassageKind, event_type: str) -> None:
    frame = Frame(addr=1, seq=0, cmd=Command.PASSAGE, payload=bytes([1, kind, 2]))
    event = frame_event(frame, device_id="T1", now=NOW)
    assert (event.kind, event.event_type, event.direction, event.attributes["count"]) == (
        EventKind.ACCESS,
        event_type,
        "out",
        2,
    )


def test_host_commands_are_not_reports() -> None:
    with pytest.raises(DecodeError):
        frame_event(Frame(addr=1, seq=1, cmd=Command.OPEN), device_id="T1")
    with pytest.raises(DecodeError):
        frame_event(
            Frame(addr=1, seq=0, cmd=Command.PASSAGE, payload=b"\x00\x07\x01"), device_id="T"
        )


# --- the client against a fake device on a pseudo-terminal ---------------------------------


class FakeDevice(threading.Thread):
    """A barrier at address 5 on the master side of a pty, speaking real frames."""

    def __init__(self, fd: int, respond: Callable[[Frame], list[bytes]]) -> None:
        super().__init__(name="fake-rs485-device", daemon=True)
        self.fd = fd
        self.respond = respond
        self.received: list[Frame] = []
        self.stop = threading.Event()

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def run(self) -> None:
        parser = FrameParser()
        while not self.stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.02)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 1024)
            except OSError:
                return
            for frame in parser.feed(data):
                self.received.append(frame)
                for answer in self.respond(frame):
                    os.write(self.fd, answer)


def barrier(frame: Frame) -> list[bytes]:
    if frame.addr != 5:
        return []  # another device's frame: stay silent
    if frame.cmd == Command.STATUS:
        reply = Frame(5, frame.seq, Command.STATUS_REPORT, STATUS.to_payload())
    elif frame.cmd == Command.OPEN and frame.payload not in (b"", b"\x00", b"\x01"):
        reply = Frame(5, frame.seq, Command.NAK, bytes([frame.cmd, NakReason.BAD_PAYLOAD]))
    elif frame.cmd == Command.CLOSE:
        reply = Frame(5, frame.seq, Command.NAK, bytes([frame.cmd, NakReason.OBSTRUCTED]))
    else:
        reply = Frame(5, frame.seq, Command.ACK, bytes([frame.cmd]))
    # Garbage on the line before the answer, as a noisy bus delivers it.
    return [b"\x00\xff", encode_frame(reply)]


@pytest.fixture
def bus() -> Iterator[Callable[..., tuple[Rs485Client, FakeDevice]]]:
    made: list[tuple[Rs485Client, FakeDevice, int]] = []

    def make(respond: Callable[[Frame], list[bytes]] = barrier, **kwargs: object):  # type: ignore[no-untyped-def]
        master, slave = os.openpty()
        port = serial.Serial(os.ttyname(slave), baudrate=9600, timeout=0.02)
        device = FakeDevice(master, respond)
        device.start()
        reports: list[Frame] = []
        client = Rs485Client(port, on_report=reports.append, **kwargs)  # type: ignore[arg-type]
        client.reports = reports  # type: ignore[attr-defined]
        made.append((client, device, slave))
        return client, device

    yield make
    for client, device, slave in made:
        client.close()
        device.stop.set()
        device.join(timeout=2)
        os.close(device.fd)
        os.close(slave)


def test_open_is_acknowledged(bus) -> None:  # type: ignore[no-untyped-def]
    client, device = bus()
    client.open(5, direction="out")
    assert device.received[0].cmd == Command.OPEN
    assert device.received[0].payload == b"\x01"


def test_status_query(bus) -> None:  # type: ignore[no-untyped-def]
    client, _ = bus()
    assert client.status(5) == STATUS
    client.stop(5)
    assert client.status(5) == STATUS  # consecutive requests use fresh SEQs


def test_nak_is_an_error_with_the_reason(bus) -> None:  # type: ignore[no-untyped-def]
    client, _ = bus()
    with pytest.raises(Rs485Nak, match="obstructed") as info:
        client.close_gate(5)
    assert info.value.code == NakReason.OBSTRUCTED


def test_silent_device_times_out_after_retries(bus) -> None:  # type: ignore[no-untyped-def]
    client, device = bus(timeout=0.1, retries=2)
    with pytest.raises(Rs485Timeout, match="after 3 attempts"):
        client.open(9)
    assert len(device.received) == 3
    assert len({frame.seq for frame in device.received}) == 1  # retries reuse the SEQ


def test_lost_answer_is_retried(bus) -> None:  # type: ignore[no-untyped-def]
    seen: list[Frame] = []

    def flaky(frame: Frame) -> list[bytes]:
        seen.append(frame)
        return [] if len(seen) == 1 else barrier(frame)

    client, _ = bus(flaky, timeout=0.15, retries=2)
    client.open(5)
    assert len(seen) == 2


def test_unsolicited_reports_go_to_the_callback(bus) -> None:  # type: ignore[no-untyped-def]
    client, device = bus()
    device.send(encode_frame(Frame(5, 0, Command.PASSAGE, bytes([0, PassageKind.TAILGATING, 2]))))
    client.status(5)  # by the time this answer arrives, the passage has been read
    (report,) = client.reports
    assert frame_event(report, device_id="B5").event_type == "tailgating"


async def test_async_request(bus) -> None:  # type: ignore[no-untyped-def]
    client, _ = bus()
    answer = await client.async_request(5, Command.STOP)
    assert answer.cmd == Command.ACK
