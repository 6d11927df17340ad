"""Score detected throws against a rendered clip's ground truth.

A detection matches a true throw when its release time is within ``time_tol_s`` of the truth
and its origin lies within ``column_tol`` columns; each truth is matched at most once, each
detection too. Unmatched detections are false alarms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class Score:
    truths: int = 0
    found: int = 0
    false_alarms: int = 0
    floor_exact: int = 0
    floor_within1: int = 0
    in_band: int = 0
    misses: list[dict[str, object]] = field(default_factory=list)
    wrong_floor: list[tuple[dict[str, object], dict[str, object]]] = field(default_factory=list)
    alarms: list[dict[str, object]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.truths += other.truths
        self.found += other.found
        self.false_alarms += other.false_alarms
        self.floor_exact += other.floor_exact
        self.floor_within1 += other.floor_within1
        self.in_band += other.in_band
        self.misses += other.misses
        self.wrong_floor += other.wrong_floor
        self.alarms += other.alarms

    @property
    def recall_pct(self) -> float:
        return 100.0 * self.found / self.truths if self.truths else 100.0


def score(
    truth: Iterable[Mapping[str, object]],
    detections: Iterable[Mapping[str, object]],
    *,
    time_tol_s: float = 1.0,
    column_tol: int = 1,
) -> Score:
    result = Score()
    truths = list(truth)
    dets = list(detections)
    result.truths = len(truths)
    used: set[int] = set()
    for true in truths:
        best: tuple[float, int] | None = None
        for i, det in enumerate(dets):
            if i in used:
                continue
            dt = abs(float(det["start_s"]) - float(true["release_s"]))  # type: ignore[arg-type]
            if dt > time_tol_s:
                continue
            if abs(int(det["column"]) - int(true["column"])) > column_tol:  # type: ignore[call-overload]
                continue
            if best is None or dt < best[0]:
                best = (dt, i)
        if best is None:
            result.misses.append(dict(true))
            continue
        used.add(best[1])
        det = dets[best[1]]
        result.found += 1
        error = int(det["floor"]) - int(true["floor"])  # type: ignore[call-overload]
        result.floor_exact += error == 0
        result.floor_within1 += abs(error) <= 1
        band = int(det["floor_low"]) <= int(true["floor"]) <= int(det["floor_high"])  # type: ignore[call-overload]
        result.in_band += band
        if error:
            result.wrong_floor.append((dict(true), dict(det)))
    for i, det in enumerate(dets):
        if i not in used:
            result.false_alarms += 1
            result.alarms.append(dict(det))
    return result
