"""RS485 frames for turnstiles and barriers (documented in ``RS485.md``).

::

    STX  ADDR  SEQ  CMD  LEN  PAYLOAD...  CRC_LO CRC_HI  ETX
    02   01-F7 xx   xx   0-FF  LEN bytes   CRC-16/MODBUS  03

The CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF) covers ADDR..PAYLOAD and is sent
low byte first. There is no byte stuffing: LEN frames the message, ETX and the CRC confirm
it, and :class:`FrameParser` resynchronises on the next STX after any mismatch (or as soon
as a complete valid frame follows a noise STX that announced a longer frame).

>>> encode_frame(Frame(addr=1, seq=7, cmd=Command.OPEN)).hex(" ")
'02 01 07 01 00 b1 89 03'
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any

from ..events import DeviceEvent, EventKind
from .errors import DecodeError, EncodeError
from .timeparse import now_local

STX = 0x02
ETX = 0x03
HEADER = 5  # STX ADDR SEQ CMD LEN
TRAILER = 3  # CRC_LO CRC_HI ETX
MAX_PAYLOAD = 255
SOURCE = "rs485"


class Command(IntEnum):
    """CMD byte. Host to device: 0x01..0x04. Device to host: the rest."""

    OPEN = 0x01  # payload: [direction] for turnstiles (0 in, 1 out); none for barriers
    CLOSE = 0x02
    STOP = 0x03
    STATUS = 0x04  # query; answered by STATUS_REPORT with the same SEQ
    ACK = 0x06  # payload: [acknowledged CMD]
    NAK = 0x15  # payload: [refused CMD, NakReason]
    STATUS_REPORT = 0x81  # payload: 12 bytes, see DeviceStatus; SEQ 0 when unsolicited
    PASSAGE = 0x82  # payload: [direction, PassageKind, count]; always unsolicited (SEQ 0)


class NakReason(IntEnum):
    """Second NAK payload byte."""

    UNKNOWN_COMMAND = 0x01
    BAD_PAYLOAD = 0x02
    BUSY = 0x03
    FAULT = 0x04
    OBSTRUCTED = 0x05  # anti-pinch: something is in the way


class Position(IntEnum):
    """Gate / arm position in a status report."""

    CLOSED = 0
    OPEN = 1
    OPENING = 2
    CLOSING = 3
    STOPPED = 4


class PassageKind(IntEnum):
    """Second PASSAGE payload byte."""

    NORMAL = 0
    FORCED = 1
    TAILGATING = 2


FLAG_FAULT = 0x01
FLAG_ANTI_PINCH = 0x02
FLAG_VEHICLE_PRESENT = 0x04
_STATUS = struct.Struct(">BBBBII")


def crc16_modbus(data: bytes) -> int:
    """CRC-16/MODBUS of ``data``.

    >>> hex(crc16_modbus(b"123456789"))
    '0x4b37'
    """
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame; ``cmd`` is a :class:`Command` or the raw byte when unknown."""

    addr: int
    seq: int
    cmd: int
    payload: bytes = b""


def encode_frame(frame: Frame) -> bytes:
    """Wire bytes of ``frame`` or :class:`EncodeError`."""
    if not 1 <= frame.addr <= 247:
        raise EncodeError(f"address {frame.addr} outside 1..247")
    if not 0 <= frame.seq <= 255 or not 0 <= frame.cmd <= 255:
        raise EncodeError("seq and cmd are single bytes")
    if len(frame.payload) > MAX_PAYLOAD:
        raise EncodeError(f"payload of {len(frame.payload)} bytes exceeds {MAX_PAYLOAD}")
    body = bytes((frame.addr, frame.seq, frame.cmd, len(frame.payload))) + frame.payload
    return bytes((STX,)) + body + struct.pack("<H", crc16_modbus(body)) + bytes((ETX,))


def decode_frame(data: bytes) -> Frame:
    """Exactly one frame from ``data`` or :class:`DecodeError` saying what is wrong."""
    if len(data) < HEADER + TRAILER:
        raise DecodeError(f"frame of {len(data)} bytes is shorter than {HEADER + TRAILER}")
    if data[0] != STX:
        raise DecodeError(f"frame starts with 0x{data[0]:02x}, not STX")
    length = data[4]
    if len(data) != HEADER + length + TRAILER:
        raise DecodeError(f"LEN {length} does not match a frame of {len(data)} bytes")
    if data[-1] != ETX:
        raise DecodeError(f"frame ends with 0x{data[-1]:02x}, not ETX")
    body = data[1 : HEADER + length]
    (crc,) = struct.unpack("<H", data[-3:-1])
    if crc != crc16_modbus(body):
        raise DecodeError(f"CRC 0x{crc:04x} != 0x{crc16_modbus(body):04x}")
    cmd = data[3]
    return Frame(
        addr=data[1],
        seq=data[2],
        cmd=Command(cmd) if cmd in Command._value2member_map_ else cmd,
        payload=bytes(data[HEADER : HEADER + length]),
    )


@dataclass
class FrameParser:
    """Streaming parser: feed any chunks, get whole frames; garbage is skipped and counted."""

    buffer: bytearray = field(default_factory=bytearray)
    discarded: int = 0
    bad_frames: int = 0

    def feed(self, data: bytes) -> list[Frame]:
        """Frames completed by ``data``."""
        self.buffer += data
        frames: list[Frame] = []
        while True:
            start = self.buffer.find(STX)
            if start < 0:
                self.discarded += len(self.buffer)
                self.buffer.clear()
                return frames
            if start:
                self.discarded += start
                del self.buffer[:start]
            if len(self.buffer) < HEADER:
                return frames
            total = HEADER + self.buffer[4] + TRAILER
            if len(self.buffer) < total:
                # A noise STX can announce a long frame and hold real frames hostage:
                # if a complete, valid frame starts later in the buffer, this one was noise.
                later = self._valid_frame_after(1)
                if later is None:
                    return frames
                self.bad_frames += 1
                self.discarded += later
                del self.buffer[:later]
                continue
            try:
                frames.append(decode_frame(bytes(self.buffer[:total])))
            except DecodeError:
                # Not a frame after all: this STX was noise; look for the next one.
                self.bad_frames += 1
                self.discarded += 1
                del self.buffer[:1]
                continue
            del self.buffer[:total]

    def _valid_frame_after(self, start: int) -> int | None:
        index = self.buffer.find(STX, start)
        while index >= 0 and index + HEADER <= len(self.buffer):
            end = index + HEADER + self.buffer[index + 4] + TRAILER
            if end <= len(self.buffer):
                try:
                    decode_frame(bytes(self.buffer[index:end]))
                except DecodeError:
                    pass
                else:
                    return index
            index = self.buffer.find(STX, index + 1)
        return None


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    """A STATUS_REPORT payload."""

    device_type: int  # 1 turnstile, 2 barrier
    position: Position
    fault: bool
    anti_pinch: bool
    vehicle_present: bool
    fault_code: int
    passages_in: int
    passages_out: int

    def to_payload(self) -> bytes:
        """12 payload bytes."""
        flags = (
            (FLAG_FAULT if self.fault else 0)
            | (FLAG_ANTI_PINCH if self.anti_pinch else 0)
            | (FLAG_VEHICLE_PRESENT if self.vehicle_present else 0)
        )
        return _STATUS.pack(
            self.device_type,
            self.position,
            flags,
            self.fault_code,
            self.passages_in,
            self.passages_out,
        )

    @classmethod
    def from_payload(cls, payload: bytes) -> DeviceStatus:
        """Parse or raise :class:`DecodeError`."""
        if len(payload) != _STATUS.size:
            raise DecodeError(f"status payload of {len(payload)} bytes, expected {_STATUS.size}")
        device_type, position, flags, fault_code, passages_in, passages_out = _STATUS.unpack(
            payload
        )
        if position not in Position._value2member_map_:
            raise DecodeError(f"unknown position {position}")
        return cls(
            device_type=device_type,
            position=Position(position),
            fault=bool(flags & FLAG_FAULT),
            anti_pinch=bool(flags & FLAG_ANTI_PINCH),
            vehicle_present=bool(flags & FLAG_VEHICLE_PRESENT),
            fault_code=fault_code,
            passages_in=passages_in,
            passages_out=passages_out,
        )


def frame_event(frame: Frame, *, device_id: str, now: datetime | None = None) -> DeviceEvent:
    """A device-to-host frame as a DeviceEvent (status -> STATE, passage -> ACCESS)."""
    time = now or now_local()
    if frame.cmd == Command.STATUS_REPORT:
        status = DeviceStatus.from_payload(frame.payload)
        attributes: dict[str, Any] = {
            "position": status.position.name.lower(),
            "fault": status.fault_code if status.fault else None,
            "anti_pinch": status.anti_pinch,
            "vehicle_present": status.vehicle_present,
            "passages_in": status.passages_in,
            "passages_out": status.passages_out,
            "address": frame.addr,
        }
        return DeviceEvent(
            kind=EventKind.STATE,
            device_id=device_id,
            time=time,
            event_type="state",
            attributes=attributes,
            source=SOURCE,
        )
    if frame.cmd == Command.PASSAGE:
        if len(frame.payload) != 3:
            raise DecodeError(f"passage payload of {len(frame.payload)} bytes, expected 3")
        direction, kind, count = frame.payload
        if kind not in PassageKind._value2member_map_:
            raise DecodeError(f"unknown passage kind {kind}")
        return DeviceEvent(
            kind=EventKind.ACCESS,
            device_id=device_id,
            time=time,
            event_type={0: "passage", 1: "forced", 2: "tailgating"}[kind],
            direction="out" if direction else "in",
            attributes={"count": count, "address": frame.addr},
            source=SOURCE,
        )
    raise DecodeError(f"frame command 0x{int(frame.cmd):02x} is not a device report")
