"""The province character: the one position a generic OCR confuses most (粤/鄂, 浙/湘/新).

It is the only Chinese character of most plates, drawn in 45 x 90 mm strokes that turn into
a 10-pixel blob on a small plate, and the provinces differ in details of that size. The policy:

1. take the recogniser's whole distribution over the 31 provinces at that position (mean over
   the character's time steps), not only its top guess;
2. when the best province is not clearly ahead, look again: a second recogniser (PP-OCRv4)
   reads the same plate and the plate's left part enlarged, and the distributions are
   multiplied (independent opinions agree on the right character far more often than on the
   same wrong one);
3. if it is still not clearly ahead, the read says so: the position is reported uncertain and
   the confidence drops to the province's probability, so an access decision can ask for
   another frame or a guard instead of opening for a wrong plate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .grammar import PROVINCES
from .ocr import CharRead

FLOOR = 1e-4  # a model that gives a province no mass does not veto the others outright
SURE_PROB = 0.8  # best province at least this probable ...
SURE_RATIO = 0.25  # ... and the runner-up at most this fraction of it


@dataclass(frozen=True, slots=True)
class ProvinceCall:
    char: str
    prob: float  # renormalised over the 31 provinces
    runner_up: str
    runner_prob: float

    @property
    def sure(self) -> bool:
        return self.prob >= SURE_PROB and self.runner_prob <= SURE_RATIO * self.prob


def distribution(read: CharRead) -> dict[str, float]:
    """The read's probabilities over the provinces, renormalised (uniform when it has none)."""
    among = read.among(PROVINCES)
    total = sum(among.values())
    if total <= 0.0:
        return {c: 1.0 / len(PROVINCES) for c in PROVINCES}
    return {c: among.get(c, 0.0) / total for c in PROVINCES}


def combine(distributions: Iterable[dict[str, float]]) -> dict[str, float]:
    """Product of opinions (each floored), renormalised."""
    product = dict.fromkeys(PROVINCES, 1.0)
    for dist in distributions:
        for c in PROVINCES:
            product[c] *= max(dist.get(c, 0.0), FLOOR)
    total = sum(product.values())
    return {c: p / total for c, p in product.items()}


def call(dist: dict[str, float]) -> ProvinceCall:
    ranked = sorted(dist, key=lambda c: dist[c], reverse=True)
    first, second = ranked[0], ranked[1]
    return ProvinceCall(first, dist[first], second, dist[second])
