"""Bodies as devices send them: JSON or XML, with BOMs, odd encodings and namespaces.

Both loaders are hardened for untrusted input and bounded by :class:`~.limits.DecodeLimits`:

- JSON: ``NaN`` / ``Infinity`` / ``1e999``, integers of more than 64 digits, lone UTF-16
  surrogates and NUL characters in strings are refused; so are documents nested deeper than
  ``max_depth`` or holding more than ``max_nodes`` values.
- XML: parsed by ``defusedxml`` with DTDs, entities and external references forbidden. The
  text is decoded here first (the declared encoding, from an allow-list, or UTF-8 / UTF-16 /
  GB18030 by content), so no encoding trick hides a DTD from the parser; elements are counted
  and their depth bounded while parsing, before a tree is built.
"""

from __future__ import annotations

import io
import json
import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import defusedxml
import defusedxml.ElementTree as DefusedET

from .errors import DecodeError, LimitExceeded
from .limits import DEFAULT_LIMITS, DecodeLimits

# Larger integers are no real value; they also break int() -> str() (4 300 digits) and orjson.
MAX_INTEGER_DIGITS = 64
_MAX_INTEGER = 10**MAX_INTEGER_DIGITS
# A lone surrogate or NUL can only enter a parsed JSON string through a \u escape.
_SUSPICIOUS_ESCAPE = re.compile(r"\\u(?:d[89a-f][0-9a-f]{2}|0000)", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"^<\?xml[^>]{0,200}?\?>", re.ASCII)
_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""", re.ASCII)
# Encodings a device may declare; anything else (utf-7, exotic or bytes-to-bytes codecs) is
# refused rather than handed to Python's codec machinery.
XML_ENCODINGS: dict[str, str] = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "utf-16": "utf-16",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "iso-8859-1": "latin-1",
    "latin-1": "latin-1",
    "latin1": "latin-1",
}


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


# --- JSON ---------------------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise DecodeError(f"{name} is not a JSON number")


def _bad_string(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return "\x00" in text


def check_tree(document: Any, limits: DecodeLimits, *, check_strings: bool = True) -> None:
    """Depth, size and number checks of a parsed JSON document (iterative, bounded work)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    nodes = 1
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limits.max_depth:
                raise LimitExceeded(f"document nested deeper than {limits.max_depth} levels")
            nodes += len(value)
            if nodes > limits.max_nodes:
                raise LimitExceeded(f"document has more than {limits.max_nodes} values")
            if isinstance(value, dict):
                if check_strings and any(_bad_string(key) for key in value):
                    raise DecodeError("a key holds a NUL character or a lone surrogate")
                stack.extend((item, depth + 1) for item in value.values())
            else:
                stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise DecodeError(f"number {value!r} is out of range")
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) >= _MAX_INTEGER:
                raise DecodeError(f"integer of more than {MAX_INTEGER_DIGITS} digits")
        elif check_strings and isinstance(value, str) and _bad_string(value):
            raise DecodeError("a string holds a NUL character or a lone surrogate")


def load_json(body: bytes | str, *, limits: DecodeLimits = DEFAULT_LIMITS) -> Any:
    """Parse JSON or raise :class:`DecodeError` (with the position of a syntax fault)."""
    text = body if isinstance(body, str) else decode_text(body)
    text = text.lstrip("\ufeff").strip()
    if not text:
        raise DecodeError("empty JSON document")
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except DecodeError:
        raise
    except json.JSONDecodeError as err:
        raise DecodeError(
            f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}"
        ) from err
    except RecursionError as err:
        raise DecodeError("JSON nested too deeply") from err
    except ValueError as err:  # an integer beyond Python's int-conversion limit
        raise DecodeError(f"integer of more than {MAX_INTEGER_DIGITS} digits") from err
    check_tree(document, limits, check_strings=bool(_SUSPICIOUS_ESCAPE.search(text)))
    return document


# --- XML ----------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", maxsplit=1)[-1]


def _element_value(root: ET.Element) -> Any:
    """``{child: value}`` for elements with children, stripped text otherwise (iterative)."""
    results: dict[int, Any] = {}
    stack: list[tuple[ET.Element, bool]] = [(root, False)]
    while stack:
        element, children_done = stack.pop()
        children = list(element)
        if not children:
            results[id(element)] = (element.text or "").strip()
            continue
        if not children_done:
            stack.append((element, True))
            stack.extend((child, False) for child in children)
            continue
        out: dict[str, Any] = {}
        for child in children:
            key = _local(child.tag)
            value = results.pop(id(child))
            if key not in out:
                out[key] = value
            elif isinstance(out[key], list):
                out[key].append(value)
            else:
                out[key] = [out[key], value]
        results[id(element)] = out
    return results[id(root)]


def xml_text(raw: bytes) -> str:
    """The text of an XML body, by its declared encoding or by its content."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif raw.startswith(b"\x00<"):
        encoding = "utf-16-be"
    elif declaration := _XML_DECLARATION.match(raw):
        declared = _DECLARED_ENCODING.search(declaration.group(0))
        name = declared.group(1).decode("ascii").lower() if declared else "utf-8"
        if name not in XML_ENCODINGS:
            raise DecodeError(f"XML encoding {name!r} is not accepted (send UTF-8)")
        encoding = XML_ENCODINGS[name]
    else:
        return decode_text(raw)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise DecodeError(f"XML body is not valid {encoding} text") from err


def load_xml(body: bytes | str, *, limits: DecodeLimits = DEFAULT_LIMITS) -> dict[str, Any]:
    """XML as ``{root_tag: {...}}`` with namespaces dropped; repeated tags become lists."""
    text = body if isinstance(body, str) else xml_text(strip_bom(body))
    # The parser sees UTF-8 only: the declaration (whatever encoding it named) is dropped.
    text = text.lstrip("\ufeff").strip()
    utf8 = _XML_DECLARATION.sub(b"", text.encode("utf-8", errors="replace"), count=1)
    depth = elements = 0
    root: ET.Element | None = None
    try:
        for event, element in DefusedET.iterparse(
            io.BytesIO(utf8), events=("start", "end"), forbid_dtd=True
        ):
            if event == "end":
                depth -= 1
                continue
            root = element if root is None else root
            depth += 1
            elements += 1
            if depth > limits.max_depth:
                raise LimitExceeded(f"XML nested deeper than {limits.max_depth} levels")
            if elements > limits.max_nodes:
                raise LimitExceeded(f"XML has more than {limits.max_nodes} elements")
    except defusedxml.DTDForbidden as err:
        raise DecodeError("XML with a DTD is not accepted") from err
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as err:
        raise DecodeError("XML with entities is not accepted") from err
    except ET.ParseError as err:
        raise DecodeError(f"invalid XML: {err}") from err
    if root is None:
        raise DecodeError("empty XML document")
    return {_local(root.tag): _element_value(root)}


def load_document(body: bytes, *, limits: DecodeLimits = DEFAULT_LIMITS) -> Any:
    """JSON or XML by the first significant character."""
    stripped = strip_bom(body)
    text_start = stripped[:1]
    if text_start == b"<" or stripped.startswith((b"\xff\xfe<", b"\xfe\xff\x00<", b"\x00<")):
        return load_xml(body, limits=limits)
    if text_start in (b"{", b"["):
        return load_json(body, limits=limits)
    if not text_start:
        raise DecodeError("empty body")
    raise DecodeError("body is neither JSON nor XML")
