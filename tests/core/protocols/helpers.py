"""Shared test helpers: sample payload files and tiny pictures."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image

PAYLOADS = Path(__file__).parents[2] / "data" / "payloads"


def payload(name: str) -> bytes:
    """Bytes of a sample payload file."""
    return (PAYLOADS / name).read_bytes()


def tiny_jpeg() -> bytes:
    """A real 8x8 JPEG."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 200, 30)).save(out, "JPEG")
    return out.getvalue()


def b64(data: bytes) -> str:
    """Base64 text."""
    return base64.b64encode(data).decode()
