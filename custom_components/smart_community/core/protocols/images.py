"""Embedded pictures: base64 decoding with a size limit, and content sniffing."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from ..events import EventImage, ImageType
from .errors import BadImage, ImageTooLarge, LimitExceeded
from .limits import DEFAULT_LIMITS, DecodeLimits

DEFAULT_MAX_IMAGE_BYTES = DEFAULT_LIMITS.max_image_bytes
_WHITESPACE = re.compile(rb"\s+")
_DATA_URI = re.compile(rb"^data:[\w/+.-]*;base64,", re.IGNORECASE)


def sniff_content_type(data: bytes) -> str:
    """MIME type from the magic bytes; JPEG when unknown (what the devices send)."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"BM"):
        return "image/bmp"
    return "image/jpeg"


def check_size(size: int, *, max_bytes: int, field: str) -> None:
    """Raise :class:`ImageTooLarge` when ``size`` exceeds ``max_bytes``."""
    if size > max_bytes:
        raise ImageTooLarge(
            f"image of {size} bytes exceeds the limit of {max_bytes} bytes", field=field
        )


@dataclass(slots=True)
class ImageBudget:
    """The pictures one request may still carry (count and decoded bytes), spent as it goes."""

    limits: DecodeLimits = DEFAULT_LIMITS
    count: int = 0
    total_bytes: int = 0

    def take(self, size: int, *, field: str) -> None:
        """Account for one picture of ``size`` bytes or raise before it is decoded / kept."""
        check_size(size, max_bytes=self.limits.max_image_bytes, field=field)
        self.count += 1
        self.total_bytes += size
        if self.count > self.limits.max_images:
            raise LimitExceeded(f"more than {self.limits.max_images} pictures in one request")
        if self.total_bytes > self.limits.max_total_image_bytes:
            raise LimitExceeded(
                f"pictures of more than {self.limits.max_total_image_bytes} bytes in one request"
            )


def decode_base64_image(
    value: object, *, max_bytes: int, field: str, budget: ImageBudget | None = None
) -> bytes:
    """Decode a base64 picture (whitespace, data-URI prefix and missing padding tolerated).

    With a ``budget`` the picture also counts against the request's pictures.
    """
    if isinstance(value, str):
        raw = value.encode("ascii", errors="replace")
    elif isinstance(value, bytes):
        raw = value
    else:
        raise BadImage(f"expected base64 text, got {type(value).__name__}", field=field)
    raw = _DATA_URI.sub(b"", _WHITESPACE.sub(b"", raw))
    if not raw:
        raise BadImage("empty image data", field=field)
    # Check before decoding so a 20 MB picture costs no second 15 MB copy.
    size = len(raw) * 3 // 4 - raw[-2:].count(b"=")
    check_size(size, max_bytes=max_bytes, field=field)
    if budget is not None:
        budget.take(size, field=field)
    raw += b"=" * (-len(raw) % 4)
    try:
        if b"-" in raw or b"_" in raw:
            data = base64.b64decode(raw, altchars=b"-_", validate=True)
        else:
            data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as err:
        raise BadImage(f"bad base64 ({err})", field=field) from err
    if not data:
        raise BadImage("empty image data", field=field)
    return data


def make_image(image_type: ImageType, data: bytes) -> EventImage:
    """An :class:`EventImage` with the sniffed content type."""
    return EventImage(type=image_type, data=data, content_type=sniff_content_type(data))
