"""What the worst bodies of issue 13 (finding 8) cost the decoders now, in time and memory.

Each body is the largest HA's web server lets through (16 MiB) or the bomb from the review:

    BENCH isapi_16mib_picture_s N        one alert + a 10 MiB picture + padding, decoded
    BENCH isapi_137k_events_refused_s N  16 MiB of ~137k alert parts: LimitExceeded
    BENCH gat1400_190k_faces_refused_s N 16 MiB of ~190k FaceObjects: refused by the JSON bounds
    BENCH xml_utf16_bomb_peak_mib N      peak memory while refusing a 1 MB UTF-16 entity bomb
    BENCH multipart_mib_per_s N          splitting throughput of the multipart parser

Before: the 137k-event body took ~17 s in the email parser on the event loop, the UTF-16
bomb 126 MB. Usage: scripts/bench decoder_limits
"""

from __future__ import annotations

import contextlib
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from custom_components.smart_community.core.digest import DigestAuth  # noqa: E402
from custom_components.smart_community.core.gat1400.server import (  # noqa: E402
    Gat1400Server,
    OwnDevicesOnly,
    Session,
)
from custom_components.smart_community.core.protocols.errors import (  # noqa: E402
    DecodeError,
    LimitExceeded,
)
from custom_components.smart_community.core.protocols.isapi import decode_isapi  # noqa: E402
from custom_components.smart_community.core.protocols.multipart import (  # noqa: E402
    parse_multipart,
)

MIB = 1024 * 1024
ALERT = b'{"eventType": "ANPR", "dateTime": "2024-01-30T14:00:00+08:00", "ANPR": {}}'


def _seconds(call: Callable[[], object], expected: type[BaseException] | None = None) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        try:
            call()
        except DecodeError as err:
            if expected is None or not isinstance(err, expected):
                raise
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    """Print the BENCH lines."""
    picture = b"\xff\xd8" + bytes(10 * MIB - 2)
    scene = b"\xff\xd8" + b"\r\n--bx" * (MIB - 1024)  # near-delimiters: each is checked
    big = (
        b"--b\r\nContent-Type: application/json\r\n\r\n" + ALERT + b"\r\n"
        b"--b\r\nContent-Type: image/jpeg\r\n\r\n" + picture + b"\r\n"
        b"--b\r\nContent-Type: image/jpeg\r\n\r\n" + scene + b"\r\n--b--\r\n"
    )
    print(f"BENCH isapi_16mib_picture_s {_seconds(lambda: decode_isapi(big)):.3f}")

    part = b"--b\r\nContent-Type: application/json\r\n\r\n" + ALERT + b"\r\n"
    flood = part * (16 * MIB // len(part) - 1) + b"--b--\r\n"
    refused = _seconds(lambda: decode_isapi(flood, "multipart/mixed; boundary=b"), LimitExceeded)
    print(f"BENCH isapi_137k_events_refused_s {refused:.3f}")

    face = b'{"FaceID": "1", "ShotTime": "20240130143400"},'
    faces = (
        b'{"FaceListObject": {"FaceObject": [' + face * ((16 * MIB - 64) // len(face)) + b"{}]}}"
    )
    sender = "34010400001320000001"
    server = Gat1400Server(auth=DigestAuth("VIID", {}), senders=OwnDevicesOnly({sender}))
    server.sessions[sender] = Session(None, datetime.now(UTC) + timedelta(hours=1))
    answer: list[int] = []
    headers = {"User-Identify": sender}
    seconds = _seconds(
        lambda: answer.append(server.handle("POST", "/VIID/Faces", headers, faces).status)
    )
    assert answer[-1] == 400, answer[-1]
    print(f"BENCH gat1400_190k_faces_refused_s {seconds:.3f}")

    laughs = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "'
        + "a" * 1000
        + '">'
        + "".join(f'<!ENTITY b{i} "' + "&a;" * 100 + '">' for i in range(100))
        + "]><EventNotificationAlert><eventType>"
        + "".join(f"&b{i};" for i in range(100))
        + "</eventType></EventNotificationAlert>"
    ).encode("utf-16-le")
    tracemalloc.start()
    with contextlib.suppress(DecodeError):
        decode_isapi(laughs, "application/xml")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"BENCH xml_utf16_bomb_peak_mib {peak / MIB:.1f}")

    split = _seconds(lambda: parse_multipart(big, "multipart/mixed; boundary=b"))
    print(f"BENCH multipart_mib_per_s {len(big) / MIB / split:.0f}")


if __name__ == "__main__":
    main()
