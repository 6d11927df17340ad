"""GA/T 1400 bodies: every envelope, object lists, embedded pictures and times."""

from __future__ import annotations

from datetime import datetime

from custom_components.smart_community.core.gat1400.bodies import decode_body
from custom_components.smart_community.core.protocols.documents import load_json
from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from ..checks import check_events

SEEDS = ("gat1400_*", "malformed/gat1400_*")
NOW = datetime(2025, 1, 1, tzinfo=LOCAL_ZONE)


def one_input(data: bytes) -> None:
    try:
        decoded = decode_body(load_json(data), max_image_bytes=1 << 16, now=NOW)
    except DecodeError:
        return
    check_events(decoded.events)
    assert all(isinstance(line, str) for line in decoded.errors)
