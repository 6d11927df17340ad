"""The result of reading one plate, and the multi-frame vote over one vehicle pass."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, kw_only=True)
class PlateRead:
    plate: str
    colour: str
    confidence: float  # mean character probability (x detector score for single frames)
    chars: tuple[tuple[str, float], ...]  # per position: character and its probability
    corners: NDArray[np.float64] | None = None
    frames: int = 1  # how many frames the read stands for


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
    return PlateRead(
        plate="".join(c for c, _ in chars),
        colour=max(colours, key=lambda c: colours[c]),
        confidence=agreement * mean_conf,
        chars=tuple(chars),
        corners=None,
        frames=len(reads),
    )
