"""Thresholds from a labelled set: genuine vs impostor similarity distributions.

Every pair of quality-passing faces is scored; pairs of the same person are genuine, the others
impostors. The match threshold is the smallest one whose false-accept rate on impostor pairs is
at most ``target_far``; the equal-error threshold and the best pair accuracy are reported too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Calibration:
    threshold: float  # at target FAR
    far: float
    frr: float
    eer_threshold: float
    eer: float
    best_accuracy_threshold: float
    pair_accuracy: float
    genuine_pairs: int
    impostor_pairs: int


def pair_scores(
    embeddings: NDArray[np.float32], labels: list[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(genuine, impostor) cosine similarities over all pairs."""
    sims = embeddings @ embeddings.T
    upper = np.triu_indices(len(labels), 1)
    names = np.array(labels)
    same = (names[:, None] == names[None, :])[upper]
    scores = sims[upper].astype(np.float64)
    return scores[same], scores[~same]


def calibrate(
    genuine: NDArray[np.float64], impostor: NDArray[np.float64], target_far: float = 0.001
) -> Calibration:
    grid = np.linspace(-1.0, 1.0, 2001)
    far = np.array([(impostor >= t).mean() for t in grid])
    frr = np.array([(genuine < t).mean() for t in grid])
    total = len(genuine) + len(impostor)
    acc = ((1 - frr) * len(genuine) + (1 - far) * len(impostor)) / total
    ok = np.nonzero(far <= target_far)[0]
    at = int(ok[0]) if ok.size else len(grid) - 1
    eer_at = int(np.argmin(np.abs(far - frr)))
    best = int(np.argmax(acc))
    return Calibration(
        threshold=float(grid[at]),
        far=float(far[at]),
        frr=float(frr[at]),
        eer_threshold=float(grid[eer_at]),
        eer=float((far[eer_at] + frr[eer_at]) / 2),
        best_accuracy_threshold=float(grid[best]),
        pair_accuracy=float(acc[best]),
        genuine_pairs=len(genuine),
        impostor_pairs=len(impostor),
    )
