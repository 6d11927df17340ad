"""Validation errors of the code modules.

They subclass python-stdnum's exceptions so callers can catch ``stdnum.exceptions.ValidationError``
for every code, ours and stdnum's alike. ``InvalidSegment`` adds which part of a code is wrong,
because "invalid component" alone does not help someone fixing a spreadsheet.
"""

from __future__ import annotations

from stdnum.exceptions import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

__all__ = [
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "InvalidSegment",
    "ValidationError",
]


class InvalidSegment(InvalidComponent):
    """One named segment of a code (digits ``first``..``last``, 1-based) has a wrong value."""

    def __init__(self, segment: str, first: int, last: int, message: str) -> None:
        super().__init__(message)
        self.segment = segment
        self.first = first
        self.last = last
