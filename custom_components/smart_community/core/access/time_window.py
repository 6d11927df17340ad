"""A daily clock window ``[start, end)``; ``end <= start`` means it runs across midnight."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """``TimeWindow(time(22), time(6))`` is 22:00 through 05:59:59; equal ends mean all day."""

    start: time
    end: time

    @property
    def crosses_midnight(self) -> bool:
        """Whether the window ends on the next day."""
        return self.end <= self.start

    def contains(self, clock: time) -> bool:
        """Whether a local wall-clock time lies in the window."""
        if not self.crosses_midnight:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def started_yesterday(self, clock: time) -> bool:
        """Whether ``clock`` is in the after-midnight part of a window that began the day before."""
        return self.crosses_midnight and clock < self.end and self.end != self.start
