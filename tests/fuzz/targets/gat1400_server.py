"""The GA/T 1400 server as the HTTP view calls it: any route, headers, body; it never raises."""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta

from custom_components.smart_community.core.digest import DigestAuth
from custom_components.smart_community.core.gat1400.server import (
    ROUTES,
    Gat1400Server,
    OwnDevicesOnly,
    Session,
)
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from ..checks import check_events

SEEDS = ("gat1400_*", "malformed/gat1400_*")
NOW = datetime(2025, 1, 1, tzinfo=LOCAL_ZONE)
PATHS = sorted(ROUTES)
SENDER = "34010400001320000001"
SERVER = Gat1400Server(
    auth=DigestAuth("VIID", {SENDER: "fuzz"}),
    senders=OwnDevicesOnly({SENDER}),
    server_id="34010400002000000001",
    max_image_bytes=1 << 16,
    clock=lambda: NOW,
)


def one_input(data: bytes) -> None:
    path = PATHS[zlib.crc32(data[:64]) % len(PATHS)]
    # Every input starts from the same state: the sender holds a session, so bodies get decoded.
    SERVER.sessions.clear()
    SERVER.sessions[SENDER] = Session(None, NOW + timedelta(minutes=3))
    headers = {"Content-Type": "application/VIID+JSON", "User-Identify": SENDER}
    answer = SERVER.handle("POST", path, headers, data)
    assert 200 <= answer.status < 500
    check_events(answer.events)
    assert all(event.device_id == SENDER for event in answer.events)  # nobody else's objects
