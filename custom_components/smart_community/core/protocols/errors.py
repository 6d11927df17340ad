"""Typed errors of the protocol decoders: each carries a one-line ``reason``."""

from __future__ import annotations


class ProtocolError(Exception):
    """Base of every protocol error; ``reason`` is a one-line, human-readable cause."""

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        self.reason = reason
        self.field = field
        super().__init__(f"{field}: {reason}" if field else reason)


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
