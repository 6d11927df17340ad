"""Incremental reader of endless multipart answers (event streams).

Hikvision's ``alertStream`` and Dahua's ``eventManager.cgi?action=attach`` keep one HTTP
answer open and send a part per event: a delimiter line ``--boundary``, part headers
(``Content-Type``, usually ``Content-Length``), a blank line and the payload. Parts without a
length end at the next delimiter. :meth:`MultipartStream.feed` takes bytes as they arrive and
returns the parts completed so far; a part larger than ``max_part_bytes`` or a header block
that never ends is a :class:`~..protocols.errors.DecodeError` (the receiver reconnects).
"""

from __future__ import annotations

from email.message import Message

from ..protocols.errors import DecodeError
from ..protocols.multipart import Part, boundary_from_content_type

MAX_HEADER_BYTES = 8192
DEFAULT_MAX_PART = 12 * 1024 * 1024


def stream_boundary(content_type: str | None, default: str = "myboundary") -> str:
    """The boundary of a stream's Content-Type (Dahua sends ``myboundary``)."""
    return boundary_from_content_type(content_type) or default


class MultipartStream:
    """Feed bytes, get completed :class:`Part` objects."""

    def __init__(self, boundary: str, *, max_part_bytes: int = DEFAULT_MAX_PART) -> None:
        self._delimiter = b"--" + boundary.encode("latin-1")
        self._buffer = bytearray()
        self._max = max_part_bytes
        self._headers: dict[str, str] | None = None  # of the part being read
        self.finished = False

    @property
    def idle(self) -> bool:
        """Nothing half-read: the last part ended where the buffer ends."""
        return self._headers is None and not self._buffer.strip()

    def feed(self, data: bytes) -> list[Part]:
        """Parts completed by ``data``."""
        self._buffer += data
        parts: list[Part] = []
        while not self.finished:
            part = self._next()
            if part is None:
                break
            parts.append(part)
        return parts

    def _next(self) -> Part | None:
        if self._headers is None and not self._read_headers():
            return None
        headers = self._headers or {}
        length = headers.get("content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                raise DecodeError(f"bad Content-Length {length!r}") from None
            if size < 0 or size > self._max:
                raise DecodeError(f"part of {size} bytes is over the limit {self._max}")
            if len(self._buffer) < size:
                return None
            data = bytes(self._buffer[:size])
            del self._buffer[:size]
        else:
            end = self._buffer.find(b"\r\n" + self._delimiter)
            if end < 0:
                end = self._buffer.find(b"\n" + self._delimiter)
            if end < 0:
                if len(self._buffer) > self._max:
                    raise DecodeError(f"part longer than the limit {self._max}")
                return None
            data = bytes(self._buffer[:end])
            del self._buffer[:end]
        self._headers = None
        message = Message()
        message["Content-Type"] = headers.get("content-type", "text/plain")
        if "content-disposition" in headers:
            message["Content-Disposition"] = headers["content-disposition"]
        name = message.get_param("name", header="content-disposition") or message.get_param(
            "name", header="content-type"
        )
        return Part(
            name=name if isinstance(name, str) else "",
            filename=message.get_filename() or "",
            content_type=message.get_content_type(),
            data=data,
        )

    def _read_headers(self) -> bool:
        start = self._buffer.find(self._delimiter)
        if start < 0:
            if len(self._buffer) > MAX_HEADER_BYTES + len(self._delimiter):
                # Bytes before any delimiter (a preamble or junk): keep only a possible
                # partial delimiter at the end.
                del self._buffer[: -len(self._delimiter)]
            return False
        after = start + len(self._delimiter)
        if self._buffer[after : after + 2] == b"--":
            self.finished = True
            return False
        end = self._buffer.find(b"\r\n\r\n", after)
        sep = 4
        if end < 0:
            end = self._buffer.find(b"\n\n", after)
            sep = 2
        if end < 0:
            if len(self._buffer) - start > MAX_HEADER_BYTES:
                raise DecodeError("part headers longer than the limit")
            return False
        block = bytes(self._buffer[after:end]).decode("latin-1")
        headers: dict[str, str] = {}
        for line in block.splitlines():
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        del self._buffer[: end + sep]
        self._headers = headers
        return True
