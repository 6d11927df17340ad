"""multipart/form-data and multipart/mixed bodies, split in linear time with a bounded part count.

The stdlib ``email`` parser reads a body line by line (16 MiB of pictures took ~17 s) and
has no limit on the number of parts. Here the body is split at its delimiter lines with
one regular expression search per part (RFC 2046 section 5.1.1: a delimiter is
``--boundary`` at the start of a line), the part count is checked before each part is
taken, and only each part's small header block goes to the ``email`` header parser.
``base64`` and ``quoted-printable`` transfer encodings are decoded like ``email`` did.

The boundary comes from the Content-Type header, or — for a body saved to a file — from
the body's first line (the delimiter line ``--boundary``, or the bare boundary).
"""

from __future__ import annotations

import binascii
import email.parser
import email.policy
import re
from dataclasses import dataclass
from email.message import Message

from .documents import strip_bom
from .errors import DecodeError
from .limits import DEFAULT_LIMITS, DecodeLimits, check_body_size, check_count

MAX_BOUNDARY = 200  # RFC 2046 says 70; some devices are generous, none this generous
_HEADER_ENDS = (b"\r\n\r\n", b"\n\n")


@dataclass(frozen=True, slots=True)
class Part:
    """One body part: form name, file name, content type and the decoded payload."""

    name: str
    filename: str
    content_type: str
    data: bytes


def boundary_from_content_type(content_type: str | None) -> str | None:
    """The ``boundary`` parameter of a multipart Content-Type header, if any."""
    if not content_type or "multipart/" not in content_type.lower():
        return None
    message = Message()
    message["Content-Type"] = content_type
    boundary = message.get_param("boundary")
    return boundary if isinstance(boundary, str) and boundary else None


def _boundary_from_first_line(body: bytes) -> tuple[str, bytes]:
    first, _, rest = body.partition(b"\n")
    line = first.strip()
    if not line:
        raise DecodeError("multipart body without a boundary line")
    if len(line) > MAX_BOUNDARY + 2:
        raise DecodeError("multipart boundary line is too long")
    if b"\n--" + line in b"\n" + rest:
        # The first line is the bare boundary: make it a delimiter line.
        return line.decode("latin-1"), b"--" + line + b"\r\n" + rest
    if line.startswith(b"--"):
        return line[2:].decode("latin-1"), body
    return line.decode("latin-1"), b"--" + line + b"\r\n" + rest


def looks_multipart(body: bytes) -> bool:
    """True unless the body is a bare JSON / XML document (a saved body's first line is
    then its boundary, with or without the leading ``--``)."""
    head = strip_bom(body)[:1]
    return bool(head) and head not in (b"{", b"[", b"<")


def _split_headers(raw: bytes, max_header_bytes: int) -> tuple[bytes, bytes]:
    """``(header block, payload)`` of one part; a part may start with its blank line."""
    if not raw:
        return b"", b""
    if raw.startswith((b"\r\n", b"\n")):
        return b"", raw[2:] if raw.startswith(b"\r\n") else raw[1:]
    window = raw[: max_header_bytes + 4]
    ends = [(window.find(end), end) for end in _HEADER_ENDS]
    found = [(index, end) for index, end in ends if index >= 0]
    if not found:
        if len(raw) > max_header_bytes:
            raise DecodeError(f"part headers longer than {max_header_bytes} bytes")
        raise DecodeError("part without the blank line after its headers")
    index, end = min(found)
    return raw[:index], raw[index + len(end) :]


def _decode_payload(data: bytes, encoding: str) -> bytes:
    if encoding == "base64":
        try:
            return binascii.a2b_base64(data)
        except binascii.Error as err:
            raise DecodeError(f"part with bad base64 ({err})") from err
    if encoding == "quoted-printable":
        return binascii.a2b_qp(data)
    return data


def _part(raw: bytes, max_header_bytes: int) -> Part:
    header_block, payload = _split_headers(raw, max_header_bytes)
    # Header bytes are untrusted: decode them so no surrogate escapes reach names or logs.
    headers = email.parser.HeaderParser(policy=email.policy.compat32).parsestr(
        header_block.decode("utf-8", errors="replace"), headersonly=True
    )
    name = headers.get_param("name", header="content-disposition")
    encoding = str(headers.get("Content-Transfer-Encoding", "")).strip().lower()
    return Part(
        name=name if isinstance(name, str) else "",
        filename=headers.get_filename() or "",
        content_type=headers.get_content_type(),
        data=_decode_payload(payload, encoding),
    )


def _delimiter_lines(delimiter: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Patterns of ``--boundary`` at the body's start and after a line break, followed by
    ``--`` (the close delimiter) or by blanks and the end of the line.

    The second starts with a literal, so the search skips along the body at C speed, and
    has no nested repetition: every candidate is a distinct line start, so a search reads
    the body once whatever near-delimiters it holds.
    """
    line = re.escape(delimiter) + rb"(?=--|[ \t\r]*(?:\n|\Z))"
    return re.compile(line), re.compile(rb"\n" + line)


def parse_multipart(
    body: bytes, content_type: str | None = None, *, limits: DecodeLimits = DEFAULT_LIMITS
) -> list[Part]:
    """Split a multipart body into :class:`Part` objects or raise :class:`DecodeError`.

    :class:`~.errors.LimitExceeded` when the body has more than ``limits.max_parts`` parts.
    A missing close delimiter is tolerated (the last part runs to the end of the body).
    """
    check_body_size(len(body), limits)
    body = strip_bom(body)
    boundary = boundary_from_content_type(content_type)
    if boundary is None:
        boundary, body = _boundary_from_first_line(body)
    if len(boundary) > MAX_BOUNDARY or "\n" in boundary or "\r" in boundary:
        raise DecodeError("multipart boundary is longer than 200 characters or has a line break")
    first, delimiter = _delimiter_lines(b"--" + boundary.encode("latin-1", errors="replace"))
    found = first.match(body) or delimiter.search(body)
    if found is None:
        raise DecodeError(f"multipart boundary {boundary!r} not found in the body")
    parts: list[Part] = []  # the preamble before the first delimiter is ignored
    while True:
        after = found.end()
        if body.startswith(b"--", after):
            break  # close delimiter
        line_end = body.find(b"\n", after)
        if line_end < 0:
            break  # a delimiter at the very end: nothing follows
        following = delimiter.search(body, line_end)
        raw = body[line_end + 1 : following.start() if following else len(body)]
        if following is not None and raw.endswith(b"\r"):
            raw = raw[:-1]  # the CRLF before a delimiter belongs to the delimiter
        check_count(len(parts) + 1, limits.max_parts, "multipart parts")
        parts.append(_part(raw, limits.max_part_header_bytes))
        if following is None:
            break
        found = following
    if not parts:
        raise DecodeError("multipart body has no parts")
    return parts
