"""Dahua event-stream excerpts (``Code=...;action=...;data={...}`` records)."""

from __future__ import annotations

from datetime import datetime

from custom_components.smart_community.core.protocols.dahua import decode_dahua
from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from ..checks import check_events

SEEDS = ("dahua_*", "malformed/dahua_*")
NOW = datetime(2025, 1, 1, tzinfo=LOCAL_ZONE)


def one_input(data: bytes) -> None:
    try:
        events = decode_dahua(data, device_id="fuzz", now=NOW)
    except DecodeError:
        return
    check_events(events)
