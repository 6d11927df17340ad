"""multipart/form-data and multipart/mixed bodies, parsed with the stdlib ``email`` package.

The boundary comes from the Content-Type header, or — for a body saved to a file — from
the body's first line (the delimiter line ``--boundary``, or the bare boundary).
"""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass
from email.message import Message

from .documents import strip_bom
from .errors import DecodeError


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


def parse_multipart(body: bytes, content_type: str | None = None) -> list[Part]:
    """Split a multipart body into :class:`Part` objects or raise :class:`DecodeError`."""
    body = strip_bom(body)
    boundary = boundary_from_content_type(content_type)
    if boundary is None:
        boundary, body = _boundary_from_first_line(body)
    if ("--" + boundary).encode("latin-1") not in body:
        raise DecodeError(f"multipart boundary {boundary!r} not found in the body")
    header = f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'.encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(header + body)
    payload = message.get_payload()
    if not isinstance(payload, list) or not payload:
        raise DecodeError("multipart body has no parts")
    parts: list[Part] = []
    for item in payload:
        if not isinstance(item, Message):
            continue
        data = item.get_payload(decode=True)
        disposition_name = item.get_param("name", header="content-disposition")
        filename = item.get_filename() or ""
        parts.append(
            Part(
                name=disposition_name if isinstance(disposition_name, str) else "",
                filename=filename,
                content_type=item.get_content_type(),
                data=data if isinstance(data, bytes) else b"",
            )
        )
    return parts
