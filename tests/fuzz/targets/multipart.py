"""multipart bodies: the linear splitter and its part headers."""

from __future__ import annotations

from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.multipart import parse_multipart

SEEDS = ("*multipart*",)


def one_input(data: bytes) -> None:
    for content_type in (None, "multipart/mixed; boundary=boundary"):
        try:
            parts = parse_multipart(data, content_type)
        except DecodeError:
            continue
        for part in parts:
            part.name.encode("utf-8")  # names reach logs and answers: no lone surrogates
            part.filename.encode("utf-8")
