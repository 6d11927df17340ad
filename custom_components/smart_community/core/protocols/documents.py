"""Bodies as devices send them: JSON or XML, with BOMs, odd encodings and namespaces."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from .errors import DecodeError

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def strip_bom(body: bytes) -> bytes:
    """Body without a UTF-8 byte order mark and surrounding whitespace."""
    body = body.strip()
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:].strip()
    return body


def decode_text(body: bytes) -> str:
    """Text of a body: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return body.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DecodeError("body is not valid UTF-16 text") from err
    body = strip_bom(body)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return body.decode("gb18030")
        except UnicodeDecodeError as err:
            raise DecodeError("body is neither UTF-8 nor GB18030 text") from err


def load_json(body: bytes | str) -> Any:
    """Parse JSON or raise :class:`DecodeError` with the position of the fault."""
    text = body if isinstance(body, str) else decode_text(body)
    text = text.lstrip("\ufeff").strip()
    if not text:
        raise DecodeError("empty JSON document")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise DecodeError(
            f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}"
        ) from err
    except RecursionError as err:
        raise DecodeError("JSON nested too deeply") from err


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", maxsplit=1)[-1]


def _element_value(element: ET.Element) -> Any:
    children = list(element)
    if not children:
        return (element.text or "").strip()
    out: dict[str, Any] = {}
    for child in children:
        key = _local(child.tag)
        value = _element_value(child)
        if key in out:
            existing = out[key]
            if isinstance(existing, list):
                existing.append(value)
            else:
                out[key] = [existing, value]
        else:
            out[key] = value
    return out


def load_xml(body: bytes | str) -> dict[str, Any]:
    """XML as ``{root_tag: {...}}`` with namespaces dropped; repeated tags become lists."""
    raw = body.encode() if isinstance(body, str) else strip_bom(body)
    if b"<!DOCTYPE" in raw[:4096].upper() or b"<!ENTITY" in raw.upper():
        raise DecodeError("XML with a DTD or entities is not accepted")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as err:
        raise DecodeError(f"invalid XML: {err}") from err
    try:
        return {_local(root.tag): _element_value(root)}
    except RecursionError as err:
        raise DecodeError("XML nested too deeply") from err


def load_document(body: bytes) -> Any:
    """JSON or XML by the first significant character."""
    text_start = strip_bom(body)[:1]
    if text_start == b"<":
        return load_xml(body)
    if text_start in (b"{", b"["):
        return load_json(body)
    if not text_start:
        raise DecodeError("empty body")
    raise DecodeError("body is neither JSON nor XML")
