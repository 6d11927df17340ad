"""Today's entries and exits, counted per local day (the sensors start again at midnight)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any


@dataclass(slots=True)
class DailyCounts:
    """Entries and exits on one local day."""

    day: date
    entries: int = 0
    exits: int = 0

    def roll(self, moment: datetime, timezone: tzinfo) -> None:
        """A moment of a later day starts the counts again."""
        day = moment.astimezone(timezone).date()
        if day > self.day:
            self.day, self.entries, self.exits = day, 0, 0

    def to_json(self) -> dict[str, Any]:
        """For the state file."""
        return {"day": self.day.isoformat(), "entries": self.entries, "exits": self.exits}

    @classmethod
    def from_json(cls, data: Any, today: date) -> DailyCounts:
        """Saved counts if they are today's, else zero."""
        if isinstance(data, dict):
            try:
                day = date.fromisoformat(str(data.get("day")))
                if day == today:
                    return cls(day, int(data.get("entries", 0)), int(data.get("exits", 0)))
            except (TypeError, ValueError):
                pass
        return cls(today)

    def on(self, day: date) -> tuple[int, int]:
        """(entries, exits) of ``day``: zero when the counts are of an earlier day."""
        return (self.entries, self.exits) if day == self.day else (0, 0)
