"""The incremental multipart reader of event streams."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.terminals.stream import MultipartStream, stream_boundary

STREAM = (
    b"--myboundary\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nHeartbeat\r\n"
    b"--myboundary\r\nContent-Type: text/plain\r\n\r\nCode=VideoMotion;action=Start;index=0\r\n"
    b'--myboundary\r\nContent-Disposition: form-data; name="Picture"\r\n'
    b"Content-Type: image/jpeg\r\n"
    b"Content-Length: 4\r\n\r\n\xff\xd8\xff\xd9\r\n--myboundary--\r\n"
)


@pytest.mark.parametrize("step", [1, 7, 64, len(STREAM)])
def test_parts_come_out_whatever_the_chunking(step: int) -> None:
    parser = MultipartStream("myboundary")
    parts = []
    for start in range(0, len(STREAM), step):
        parts += parser.feed(STREAM[start : start + step])
    assert [p.data for p in parts] == [
        b"Heartbeat",
        b"Code=VideoMotion;action=Start;index=0",
        b"\xff\xd8\xff\xd9",
    ]
    assert parts[2].name == "Picture" and parts[2].content_type == "image/jpeg"
    assert parser.finished


def test_oversized_and_garbled_parts_are_clear_errors() -> None:
    with pytest.raises(DecodeError, match="over the limit"):
        MultipartStream("b", max_part_bytes=10).feed(b"--b\r\nContent-Length: 11\r\n\r\n")
    with pytest.raises(DecodeError, match="Content-Length"):
        MultipartStream("b").feed(b"--b\r\nContent-Length: many\r\n\r\nx")
    with pytest.raises(DecodeError, match="headers"):
        MultipartStream("b").feed(b"--b\r\n" + b"X: y\r\n" * 3000)


def test_boundary_from_the_content_type() -> None:
    assert stream_boundary("multipart/mixed; boundary=boundary") == "boundary"
    assert stream_boundary(None) == "myboundary"
