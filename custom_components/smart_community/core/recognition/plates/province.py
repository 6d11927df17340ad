"""The province character: the one position a generic OCR confuses most (粤/鄂, 浙/湘/新).

It is the only Chinese character of most plates, drawn in 45 x 90 mm strokes that turn into
a 10-pixel blob on a small plate, and the provinces differ in details of that size. The policy:

1. take the recogniser's whole distribution over the 31 provinces at that position (mean over
   the character's time steps), not only its top guess;
2. when the best province is not clearly ahead, look again: a second recogniser (PP-OCRv4,
   trained on other data) reads the same plate and the two distributions are averaged. The
   province is the average's best; it counts as settled only when both recognisers put the
   same province first and the average gives it at least ``AGREE_PROB``. (Measured on
   rendered plates 55-80 px wide: the average picks the right province more often than either
   model, 154 vs 146 / 127 of 240; multiplying the two instead made them confidently wrong
   three times as often. Enlarging the left part of the plate alone misled both models.)
3. if it is still not settled, the read says so: the position is reported uncertain and the
   confidence drops to the province's probability, so an access decision can ask for another
   frame or a guard instead of opening for a wrong plate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .grammar import PROVINCES
from .ocr import CharRead

SURE_PROB = 0.8  # one recogniser alone: best province at least this probable ...
SURE_RATIO = 0.25  # ... and the runner-up at most this fraction of it
AGREE_PROB = 0.7  # two recognisers: the same first choice, with at least this average


@dataclass(frozen=True, slots=True)
class ProvinceCall:
    char: str
    prob: float  # renormalised over the 31 provinces
    runner_up: str
    runner_prob: float

    agreed: bool = False  # settled by two recognisers agreeing

    @property
    def sure(self) -> bool:
        if self.agreed:
            return True
        return self.prob >= SURE_PROB and self.runner_prob <= SURE_RATIO * self.prob


def distribution(read: CharRead) -> dict[str, float]:
    """The read's probabilities over the provinces, renormalised (uniform when it has none)."""
    among = read.among(PROVINCES)
    total = sum(among.values())
    if total <= 0.0:
        return {c: 1.0 / len(PROVINCES) for c in PROVINCES}
    return {c: among.get(c, 0.0) / total for c in PROVINCES}


def average(distributions: Sequence[dict[str, float]]) -> dict[str, float]:
    """The mean of several recognisers' distributions."""
    return {c: sum(d.get(c, 0.0) for d in distributions) / len(distributions) for c in PROVINCES}


def call(dist: dict[str, float]) -> ProvinceCall:
    """The best province of one recogniser's distribution."""
    ranked = sorted(dist, key=lambda c: dist[c], reverse=True)
    first, second = ranked[0], ranked[1]
    return ProvinceCall(first, dist[first], second, dist[second])


def second_look(first: dict[str, float], second: dict[str, float]) -> ProvinceCall:
    """The call of two recognisers together (the policy's step 2)."""
    mean = call(average([first, second]))
    agreed = call(first).char == call(second).char == mean.char and mean.prob >= AGREE_PROB
    return ProvinceCall(mean.char, mean.prob, mean.runner_up, mean.runner_prob, agreed)
