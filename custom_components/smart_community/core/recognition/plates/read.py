"""The result of reading one plate, and the multi-frame vote over one vehicle pass."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# A position whose chosen character has less than this share of the evidence is reported
# uncertain (the province policy and the vote both use it).
UNCERTAIN_BELOW = 0.6


@dataclass(frozen=True, kw_only=True)
class PlateRead:
    plate: str
    colour: str
    confidence: float  # mean character probability (x detector score for single frames)
    chars: tuple[tuple[str, float], ...]  # per position: character and its probability
    corners: NDArray[np.float64] | None = None
    frames: int = 1  # how many frames the read stands for
    # positions (0 = province) whose character the evidence does not settle: the string is
    # the best guess, not a fact; an access decision should ask for another frame or a guard
    uncertain: tuple[int, ...] = ()
    rows: int = 1  # 2 for two-row plates (rear plates of lorries and buses)

    @property
    def certain(self) -> bool:
        return not self.uncertain


def vote(reads: Sequence[PlateRead]) -> PlateRead:
    """Confidence-weighted vote: the length first, then each position, then the colour."""
    if not reads:
        raise ValueError("nothing to vote on")
    by_length: dict[int, float] = defaultdict(float)
    for read in reads:
        by_length[len(read.chars)] += read.confidence
    length = max(by_length, key=lambda n: by_length[n])
    same = [r for r in reads if len(r.chars) == length]
    chars: list[tuple[str, float]] = []
    for position in range(length):
        weights: dict[str, float] = defaultdict(float)
        for read in same:
            char, prob = read.chars[position]
            weights[char] += prob
        winner = max(weights, key=lambda c: weights[c])
        chars.append((winner, weights[winner] / sum(weights.values())))
    colours: dict[str, float] = defaultdict(float)
    for read in reads:
        colours[read.colour] += read.confidence
    agreement = sum(p for _, p in chars) / length
    mean_conf = sum(r.confidence for r in same) / len(same)
    # a position stays uncertain when the frames disagree on it, or when every frame that
    # read it was itself unsure of it
    uncertain = tuple(
        i
        for i, (_, share) in enumerate(chars)
        if share < UNCERTAIN_BELOW or all(i in r.uncertain for r in same)
    )
    return PlateRead(
        plate="".join(c for c, _ in chars),
        colour=max(colours, key=lambda c: colours[c]),
        confidence=agreement * mean_conf,
        chars=tuple(chars),
        corners=None,
        frames=len(reads),
        uncertain=uncertain,
        rows=max(r.rows for r in same),
    )
