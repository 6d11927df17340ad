"""The GA/T 1400 server as the HTTP view calls it: any route, headers, body; it never raises."""

from __future__ import annotations

import zlib
from datetime import datetime

from custom_components.smart_community.core.gat1400.server import (
    ROUTES,
    Gat1400Server,
)
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

SEEDS = ("gat1400_*", "malformed/gat1400_*")
NOW = datetime(2025, 1, 1, tzinfo=LOCAL_ZONE)
PATHS = sorted(ROUTES)
SERVER = Gat1400Server(server_id="34010400002000000001", max_image_bytes=1 << 16, clock=lambda: NOW)


def one_input(data: bytes) -> None:
    path = PATHS[zlib.crc32(data[:64]) % len(PATHS)]
    headers = {"Content-Type": "application/VIID+JSON", "User-Identify": "34010400001320000001"}
    answer = SERVER.handle("POST", path, headers, data)
    assert 200 <= answer.status < 500
    SERVER.registered.clear()  # every input starts from the same state
