"""How long records are kept: at least the standard's 30 days, never less."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..standard import MIN_RETENTION_DAYS
from .errors import RecordsError


@dataclass(frozen=True, slots=True)
class Retention:
    """Keep records for ``days`` (≥ 30); ``Retention(20)`` raises ``retention_too_short``."""

    days: int = MIN_RETENTION_DAYS

    def __post_init__(self) -> None:
        if self.days < MIN_RETENTION_DAYS:
            raise RecordsError(
                "retention_too_short", days=str(self.days), minimum=str(MIN_RETENTION_DAYS)
            )

    def cutoff(self, now: datetime) -> datetime:
        """Records strictly older than this may go."""
        if now.tzinfo is None:
            raise RecordsError("naive_time", time=now.isoformat())
        return now - timedelta(days=self.days)
