"""How a terminal's answer ends an operation: refused for good, or try again later."""

from __future__ import annotations


class TerminalError(Exception):
    """Base: ``reason`` is the device's own words when it gave any."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class DeviceRefused(TerminalError):
    """The terminal understood and said no (bad photo, library full, invalid data): sending
    the same again cannot succeed. ``capacity`` marks a full library."""

    def __init__(self, reason: str, *, code: str = "", capacity: bool = False) -> None:
        super().__init__(reason)
        self.code = code
        self.capacity = capacity


class DeviceUnavailable(TerminalError):
    """No usable answer: unreachable, timed out, busy, or a server error. Try again later."""


class BadDeviceAnswer(DeviceUnavailable):
    """The terminal answered something that is not its protocol (garbage, wrong shape, too
    big). Nothing was applied on our side; the item is retried with back-off."""


class AuthenticationFailed(DeviceUnavailable):
    """The terminal refused our credentials (they live in the config entry)."""


class Unreachable(DeviceUnavailable):
    """The terminal did not answer at all (connection refused, timed out, no acknowledgement):
    the terminal is offline, not the item at fault."""
