"""Typed errors of the protocol decoders: each carries a one-line ``reason``."""

from __future__ import annotations

MAX_REASON = 300  # characters of a reason; the rest of a device's value is not worth logging
MAX_FIELD = 100


def _clip(text: str, limit: int) -> str:
    """One printable line of at most ``limit`` characters (no log injection, no megabytes)."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text if text.isprintable() else "".join(c if c.isprintable() else "?" for c in text)


class ProtocolError(Exception):
    """Base of every protocol error; ``reason`` is a one-line, human-readable cause.

    Reasons and fields are clipped and any control character is replaced, so a view may
    log them and put them in an answer as they are.
    """

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        self.reason = _clip(reason, MAX_REASON)
        self.field = _clip(field, MAX_FIELD) if field else field
        super().__init__(f"{self.field}: {self.reason}" if self.field else self.reason)


class DecodeError(ProtocolError, ValueError):
    """The input is not a valid message of the protocol (truncated, wrong type ...)."""


class LimitExceeded(DecodeError):
    """The input may be well formed but is larger than one request may be (too many events,
    parts or pictures, nested too deeply ...): an HTTP view answers 413."""


class UnsupportedMediaType(DecodeError):
    """The body's content type is not one the protocol accepts."""


class BadImage(DecodeError):
    """An embedded picture is not decodable (bad base64, empty ...)."""


class ImageTooLarge(DecodeError):
    """An embedded picture is larger than the configured limit."""


class EncodeError(ProtocolError, ValueError):
    """A command cannot be encoded (unknown command, text too long ...)."""
