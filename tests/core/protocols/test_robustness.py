"""Never a crash: truncated and corrupted device bodies only ever raise DecodeError."""

from __future__ import annotations

import random

import pytest

from custom_components.smart_community.core.protocols.decode_cli import decode_file
from custom_components.smart_community.core.protocols.errors import DecodeError

from .helpers import PAYLOADS

SAMPLES = sorted(p for p in PAYLOADS.glob("*") if p.suffix in (".json", ".txt", ".xml"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_truncated_and_corrupted_bodies_raise_only_decode_errors(path) -> None:  # type: ignore[no-untyped-def]
    fmt = path.name.split("_", 1)[0]
    body = path.read_bytes()
    rng = random.Random(path.name)
    variants = [body[:cut] for cut in range(0, len(body), max(1, len(body) // 60))]
    for _ in range(150):
        mutated = bytearray(body)
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(len(mutated))
            mutated[position] = rng.choice(b'{}[]":,<>/=;\x00\xff\r\n-0aZ')
        variants.append(bytes(mutated))
    for variant in variants:
        try:
            events, _errors = decode_file(fmt, variant, max_image_bytes=10 << 20)
        except DecodeError:
            continue
        for event in events:
            assert event.time.tzinfo is not None
            event.to_json()


@pytest.mark.parametrize(
    "fmt,body",
    [
        ("isapi", b"<a>" * 50_000 + b"</a>" * 50_000),
        ("isapi", b"[" * 100_000 + b"]" * 100_000),
        ("gat1400", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        ("mqtt", b"a/b/event\n" + b"[" * 100_000),
        ("dahua", b"Code=X;action=Pulse;index=0;data=" + b"[" * 100_000),
    ],
)
def test_deeply_nested_documents(fmt: str, body: bytes) -> None:
    with pytest.raises(DecodeError):
        decode_file(fmt, body, max_image_bytes=1 << 20)
