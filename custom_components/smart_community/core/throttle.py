"""Failed authentication from a network source: logged once, then slowed down.

A device with a wrong password retries a few times; someone guessing passwords does not
stop. :class:`FailureThrottle` counts failures per source (IP address) in a sliding window;
past the limit the source is refused without a digest check until the window has passed,
and only the first failure of a window is worth a log line, so a flood cannot fill the log.

>>> throttle = FailureThrottle(limit=3, window=60.0)
>>> [throttle.failed("10.0.0.9", now=t).log for t in (0, 1, 2)]
[True, False, False]
>>> throttle.blocked("10.0.0.9", now=3), throttle.blocked("10.0.0.9", now=61)
(True, False)
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

DEFAULT_LIMIT = 10  # failures a source may make per window
DEFAULT_WINDOW = 300.0  # seconds
MAX_SOURCES = 4096  # an attacker rotating addresses cannot grow the table without bound


@dataclass(frozen=True, slots=True)
class Failure:
    """What to do about one failed attempt."""

    log: bool  # the first failure of this source in the window
    blocked: bool  # the source has reached the limit


class FailureThrottle:
    """Failures per source over a sliding window."""

    def __init__(self, *, limit: int = DEFAULT_LIMIT, window: float = DEFAULT_WINDOW) -> None:
        """``limit`` failures per ``window`` seconds."""
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, source: str, now: float) -> deque[float]:
        times = self._failures.get(source)
        if times is None:
            return deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[source]
        return times

    def blocked(self, source: str, *, now: float) -> bool:
        """Whether ``source`` must be refused before any check."""
        return len(self._recent(source, now)) >= self.limit

    def failed(self, source: str, *, now: float) -> Failure:
        """Count a failure of ``source``."""
        times = self._recent(source, now)
        first = not times
        if source not in self._failures:
            if len(self._failures) >= MAX_SOURCES:
                self._failures.pop(next(iter(self._failures)))
            self._failures[source] = times
        times.append(now)
        return Failure(log=first, blocked=len(times) >= self.limit)

    def succeeded(self, source: str) -> None:
        """A good attempt clears the source's record."""
        self._failures.pop(source, None)
