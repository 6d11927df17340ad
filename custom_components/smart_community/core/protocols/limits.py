"""What one request may carry: the limits every decoder checks before it does the work.

Everything a device sends is untrusted. A body can be built to cost far more than its size:
100 000 events in one POST, a million nested brackets, an XML entity bomb, a picture budget
spent a hundred times over. Each decoder checks these limits as early as it can (while
splitting a multipart body, right after parsing a document, before decoding a picture) and
raises :class:`~.errors.LimitExceeded`, so the cost of a request is bounded by its size.

The defaults fit what real devices send with room to spare: a Hikvision push is one alert
document and up to four pictures, a GA/T 1400 batch a few dozen objects, an MQTT message one
event; HA's web server refuses bodies over 16 MiB before any decoder runs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import LimitExceeded

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class DecodeLimits:
    """Per-request limits; one frozen value shared by the decoders of a transport."""

    max_body_bytes: int = 16 * MIB  # one request / MQTT payload / stream excerpt
    max_events: int = 100  # events (alert documents, records, objects) decoded from one request
    max_parts: int = 32  # parts of one multipart body
    max_part_header_bytes: int = 8 * 1024  # header block of one multipart part
    max_images: int = 32  # pictures of one request
    max_image_bytes: int = 10 * MIB  # one decoded picture
    max_total_image_bytes: int = 16 * MIB  # all decoded pictures of one request
    max_depth: int = 32  # nesting of a JSON / XML document
    max_nodes: int = 50_000  # values of a JSON document, elements of an XML document

    def with_image_bytes(self, max_image_bytes: int | None) -> DecodeLimits:
        """These limits with another per-picture limit (the decoders' older keyword)."""
        if max_image_bytes is None or max_image_bytes == self.max_image_bytes:
            return self
        return replace(self, max_image_bytes=max_image_bytes)


DEFAULT_LIMITS = DecodeLimits()


def check_count(count: int, limit: int, what: str) -> None:
    """Raise :class:`LimitExceeded` when a request carries more than ``limit`` ``what``."""
    if count > limit:
        raise LimitExceeded(f"more than {limit} {what} in one request")


def check_body_size(size: int, limits: DecodeLimits) -> None:
    """Raise :class:`LimitExceeded` for a body over ``limits.max_body_bytes``."""
    if size > limits.max_body_bytes:
        raise LimitExceeded(f"body of {size} bytes exceeds the limit of {limits.max_body_bytes}")
