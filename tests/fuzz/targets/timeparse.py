"""Device time stamps: text in every format the decoders accept, epoch numbers of any size."""

from __future__ import annotations

import struct

from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.timeparse import VALID_YEARS, parse_time


def seeds() -> list[bytes]:
    """The formats of the module's docstring and tests."""
    return [
        b"20240130143400",
        b"20240130143400123",
        b"20240130143400.5",
        b"1706596440",
        b"1706596440000",
        b"1706596440.25",
        b"2024-01-30T14:34:00+08:00",
        b"2024/01/30 14:34:00",
        b"2024-01-30T06:34:00Z",
    ]


def _check(value: object) -> None:
    try:
        moment = parse_time(value)
    except DecodeError:
        return
    assert moment.tzinfo is not None
    assert moment.year in VALID_YEARS
    moment.isoformat()


def one_input(data: bytes) -> None:
    _check(data.decode("utf-8", errors="replace"))
    _check(int.from_bytes(data[:10], "big", signed=True))
    if len(data) >= 8:
        _check(struct.unpack("<d", data[:8])[0])
