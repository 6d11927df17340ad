"""Base64 pictures: data URIs, URL-safe alphabets, padding, size limits."""

from __future__ import annotations

from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.images import (
    ImageBudget,
    decode_base64_image,
)


def seeds() -> list[bytes]:
    """Pictures as devices encode them."""
    return [b"/9j/4AAQSkZJRgABAQ==", b"data:image/jpeg;base64,/9j/4AAQ", b"iVBORw0KGgo-_", b""]


def one_input(data: bytes) -> None:
    budget = ImageBudget()
    for value in (data, data.decode("utf-8", errors="replace")):
        try:
            decoded = decode_base64_image(value, max_bytes=4096, field="Data", budget=budget)
        except DecodeError:
            continue
        assert 0 < len(decoded) <= 4096
