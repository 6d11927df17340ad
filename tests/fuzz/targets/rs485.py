"""RS485 frames: the streaming parser (resynchronisation on noise) and frame events."""

from __future__ import annotations

import contextlib
from datetime import datetime

from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.rs485 import (
    Command,
    DeviceStatus,
    Frame,
    FrameParser,
    PassageKind,
    Position,
    decode_frame,
    encode_frame,
    frame_event,
)
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

NOW = datetime(2025, 1, 1, tzinfo=LOCAL_ZONE)


def seeds() -> list[bytes]:
    """A status report, a passage and an acknowledgement, alone and glued together."""
    status = DeviceStatus(1, Position.CLOSED, False, False, False, 0, 12, 7).to_payload()
    frames = [
        encode_frame(Frame(addr=1, seq=0, cmd=Command.STATUS_REPORT, payload=status)),
        encode_frame(
            Frame(addr=2, seq=0, cmd=Command.PASSAGE, payload=bytes((1, PassageKind.FORCED, 1)))
        ),
        encode_frame(Frame(addr=3, seq=9, cmd=Command.ACK, payload=bytes((Command.OPEN,)))),
    ]
    return [*frames, b"\x02\x00".join(frames)]


def one_input(data: bytes) -> None:
    parser = FrameParser()
    frames = parser.feed(data[: len(data) // 2]) + parser.feed(data[len(data) // 2 :])
    for frame in frames:
        with contextlib.suppress(DecodeError):
            frame_event(frame, device_id="fuzz", now=NOW)
    with contextlib.suppress(DecodeError):
        decode_frame(data)
