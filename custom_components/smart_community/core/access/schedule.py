"""When a group may pass: weekdays plus daily windows.

A window that crosses midnight belongs to the weekday it starts on: Friday 22:00–06:00
lets someone in at 02:00 on Saturday even if Saturday is not a listed day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from .time_window import TimeWindow

ALL_WEEKDAYS = frozenset(range(7))  # Monday = 0, like datetime.weekday()
ALL_DAY = TimeWindow(time(0), time(0))


@dataclass(frozen=True, slots=True)
class Schedule:
    """Days (0 = Monday) and windows in local time."""

    weekdays: frozenset[int] = ALL_WEEKDAYS
    windows: tuple[TimeWindow, ...] = (ALL_DAY,)

    def allows(self, local: datetime) -> bool:
        """Whether a local (wall-clock) moment falls inside the schedule."""
        clock = local.time().replace(tzinfo=None)
        today = local.weekday()
        for window in self.windows:
            if not window.contains(clock):
                continue
            day = (today - 1) % 7 if window.started_yesterday(clock) else today
            if day in self.weekdays:
                return True
        return False


ALWAYS = Schedule()
