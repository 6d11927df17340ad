"""``scripts/decode FORMAT FILE``: decode a saved device body and print its events.

FORMAT is ``gat1400`` (a JSON body as POSTed to /VIID/...), ``isapi`` (JSON, XML or a
multipart body whose first line is the boundary), ``dahua`` (event stream lines) or ``mqtt``
(a JSON object ``{"topic": ..., "payload": ...}`` — payload an object or a string — or a
list of them, or ``mosquitto_sub -v`` output, or the topic on the first line and the payload
after it).

Prints one JSON object per event per line; malformed input exits 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from ..events import DeviceEvent
from ..gat1400.bodies import decode_body
from .dahua import decode_dahua
from .documents import decode_text, load_json, strip_bom
from .errors import DecodeError
from .images import DEFAULT_MAX_IMAGE_BYTES
from .isapi import decode_isapi
from .mqtt_schema import decode_mqtt

FORMATS = ("gat1400", "isapi", "dahua", "mqtt")


_SUB_LINE = re.compile(r"^[^\s{\[\"]+/\S+[ \t]+\S")


def _json_message(document: object) -> tuple[str, bytes] | None:
    if not isinstance(document, dict) or "topic" not in document or "payload" not in document:
        return None
    payload = document["payload"]
    if isinstance(payload, str):
        return str(document["topic"]), payload.encode()
    return str(document["topic"]), json.dumps(payload, ensure_ascii=False).encode()


def split_mqtt_file(body: bytes) -> list[tuple[str, bytes]]:
    """``(topic, payload)`` messages of an mqtt sample file.

    Accepted: ``{"topic": ..., "payload": ...}`` (or a list of them); ``mosquitto_sub -v``
    output (``topic payload`` per line); the topic alone on the first line, payload after.
    """
    stripped = strip_bom(body)
    if stripped[:1] in (b"{", b"["):
        try:
            document = load_json(stripped)
        except DecodeError:
            document = None
        items = document if isinstance(document, list) else [document]
        messages = [_json_message(item) for item in items]
        if items and all(messages):
            return [m for m in messages if m]
    text = decode_text(stripped)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise DecodeError("mqtt file is empty")
    if all(_SUB_LINE.match(line) for line in lines):
        return [
            (topic, payload.strip().encode())
            for topic, payload in (line.split(None, 1) for line in lines)
        ]
    first, _, rest = text.lstrip().partition("\n")
    topic, _, inline = first.strip().partition(" ")
    if not topic or topic.startswith(("{", "[")) or "/" not in topic:
        raise DecodeError("mqtt file: first line must be the topic (or use {topic, payload})")
    return [(topic, (inline + "\n" + rest).strip().encode())]


def decode_file(
    fmt: str, body: bytes, *, max_image_bytes: int, device_id: str = ""
) -> tuple[list[DeviceEvent], list[str]]:
    """Events and per-object errors of a saved body; :class:`DecodeError` if none decode."""
    if fmt == "gat1400":
        decoded = decode_body(load_json(body), max_image_bytes=max_image_bytes)
        return decoded.events, decoded.errors
    if fmt == "isapi":
        return decode_isapi(body, max_image_bytes=max_image_bytes), []
    if fmt == "dahua":
        return decode_dahua(body, device_id=device_id), []
    return [
        decode_mqtt(topic, payload, max_image_bytes=max_image_bytes)
        for topic, payload in split_mqtt_file(body)
    ], []


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="scripts/decode", description=__doc__.split("\n")[0])
    parser.add_argument("format", choices=FORMATS)
    parser.add_argument("file", type=Path)
    parser.add_argument("--max-image-bytes", type=int, default=DEFAULT_MAX_IMAGE_BYTES)
    parser.add_argument("--device-id", default="", help="sender id for formats without one")
    args = parser.parse_args(argv)
    try:
        body = args.file.read_bytes()
    except OSError as err:
        print(f"decode: cannot read {args.file}: {err.strerror}", file=sys.stderr)
        return 2
    try:
        events, errors = decode_file(
            args.format, body, max_image_bytes=args.max_image_bytes, device_id=args.device_id
        )
    except DecodeError as err:
        print(f"decode: {args.format}: {err}", file=sys.stderr)
        return 2
    except RecursionError:
        print(f"decode: {args.format}: document nested too deeply", file=sys.stderr)
        return 2
    for event in events:
        print(json.dumps(event.to_json(), ensure_ascii=False, default=str))
    if errors:
        print(f"decode: {args.format}: " + "; ".join(errors), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
