"""Hikvision ISAPI alarm-server bodies: bare JSON / XML, multipart with the boundary sniffed
from the first line or given in the Content-Type."""

from __future__ import annotations

from datetime import datetime

from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.isapi import decode_isapi
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from ..checks import check_events

SEEDS = ("isapi_*", "malformed/isapi_*")
NOW = datetime(2025, 1, 1, tzinfo=LOCAL_ZONE)


def one_input(data: bytes) -> None:
    boundary = data.split(b"\n", 1)[0].strip().removeprefix(b"--")[:80]
    content_type = "multipart/form-data; boundary=" + boundary.decode("latin-1")
    for declared in (None, content_type):
        try:
            events = decode_isapi(data, declared, now=NOW)
        except DecodeError:
            continue
        check_events(events)
