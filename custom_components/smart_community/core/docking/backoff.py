"""Exponential back-off with jitter, with the random source injectable for tests.

The n-th consecutive failure waits ``min(cap, base * factor**(n-1))`` scaled by a random
factor in ``[1 - jitter, 1]`` so that many communities recovering from the same outage
do not hit the view library in lock-step.

>>> Backoff(base=1, factor=2, cap=10, jitter=0, random=lambda: 0.5).delay(4)
8.0
>>> Backoff(base=1, factor=2, cap=10, jitter=0.5, random=lambda: 0.5).delay(10)
7.5
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class Backoff:
    """Delay policy; ``random`` returns a float in ``[0, 1)``."""

    base: float = 2.0
    factor: float = 2.0
    cap: float = 300.0
    jitter: float = 0.5
    random: Callable[[], float] = field(default=_random.random, compare=False)

    def delay(self, failures: int) -> float:
        """Seconds to wait after ``failures`` consecutive failures (``failures >= 1``)."""
        exponent = max(0, failures - 1)
        # Avoid float overflow for outages of days (thousands of attempts).
        raw = self.cap if exponent > 64 else min(self.cap, self.base * self.factor**exponent)
        return float(raw * (1.0 - self.jitter * self.random()))
