"""The explained part of a code, as ``explain()`` of every code returns it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    """One part of a code: its name, 1-based digit positions, digits and meaning."""

    name: str
    first: int
    last: int
    digits: str
    meaning: str

    def __str__(self) -> str:
        return f"{self.name} (digits {self.first}-{self.last}) {self.digits}: {self.meaning}"
