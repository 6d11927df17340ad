"""The open-set decision at a door: match, unknown, or ask for another frame.

Order of concerns (access control): first no stranger let in, then as few residents refused as
possible. A probe is compared with each person's template (``PersonTemplates``); the best
person is accepted only when

* the probe's quality band's threshold is reached (a small or soft face must be more similar:
  quality is evidence, not a veto),
* the margin to the second person is at least ``min_margin`` (two look-alike residents are not
  guessed between),
* the face is not one a guard already said is *not* this person (``negatives``): when the probe
  is at least ``negative_similarity`` similar to one of the person's negative examples, or more
  similar to it than to the person's template, the person is excluded and the next one is tried.

A best score just under the threshold (``retry_window``) with a clear margin is ``RETRY``: the
terminal should send another frame instead of telling a resident they are unknown.
Thresholds are cosine similarities of one embedder; the defaults are SFace's, calibrated in
open-set folds (``benchmarks/recognition.py``, README "Faces").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from .quality import QualityBand


class Verdict(StrEnum):
    MATCH = "match"
    UNKNOWN = "unknown"
    RETRY = "retry"  # ask the terminal for another frame


@dataclass(frozen=True, kw_only=True)
class OpenSetPolicy:
    thresholds: dict[QualityBand, float] = field(
        default_factory=lambda: {
            QualityBand.GOOD: 0.38,
            QualityBand.FAIR: 0.40,
            QualityBand.POOR: 0.46,
        }
    )
    min_margin: float = 0.05
    retry_window: float = 0.06
    negative_similarity: float = 0.45

    def threshold(self, band: QualityBand) -> float | None:
        """None: the band is no evidence (UNUSABLE)."""
        return self.thresholds.get(band)


@dataclass(frozen=True, kw_only=True)
class Decision:
    verdict: Verdict
    person_id: str | None  # the accepted person (MATCH) or the best candidate (else)
    similarity: float  # of the best candidate, -1 when the gallery is empty
    margin: float
    second_person_id: str | None
    threshold: float | None
    band: QualityBand
    excluded: tuple[str, ...] = ()  # people skipped because of a negative example

    @property
    def matched(self) -> str | None:
        return self.person_id if self.verdict is Verdict.MATCH else None


# similarity of the probe to the person's closest negative example (None when they have none)
type NegativeScore = Callable[[str], float | None]


def decide(
    ranked: list[tuple[str, float]],
    band: QualityBand,
    policy: OpenSetPolicy,
    negative_score: NegativeScore = lambda _person: None,
) -> Decision:
    """``ranked``: (person, template similarity) best first, as ``PersonTemplates.ranked``."""
    threshold = policy.threshold(band)
    excluded: list[str] = []
    candidates: list[tuple[str, float]] = []
    for person, score in ranked:
        negative = negative_score(person)
        if negative is not None and (negative >= policy.negative_similarity or negative >= score):
            excluded.append(person)
            continue
        candidates.append((person, score))
    if not candidates:
        return Decision(
            verdict=Verdict.UNKNOWN if threshold is not None else Verdict.RETRY,
            person_id=None,
            similarity=-1.0,
            margin=0.0,
            second_person_id=None,
            threshold=threshold,
            band=band,
            excluded=tuple(excluded),
        )
    best, score = candidates[0]
    second, second_score = candidates[1] if len(candidates) > 1 else (None, -1.0)
    # an excluded person is out of the race: the guard said this face is not theirs, so their
    # similarity explains nothing; the next person still needs threshold and margin
    margin = score - second_score if second is not None else score
    if threshold is None:
        verdict = Verdict.RETRY
    elif score >= threshold and margin >= policy.min_margin:
        verdict = Verdict.MATCH
    elif score >= threshold - policy.retry_window and margin >= policy.min_margin:
        verdict = Verdict.RETRY
    else:
        verdict = Verdict.UNKNOWN
    return Decision(
        verdict=verdict,
        person_id=best,
        similarity=score,
        margin=margin,
        second_person_id=second,
        threshold=threshold,
        band=band,
        excluded=tuple(excluded),
    )
