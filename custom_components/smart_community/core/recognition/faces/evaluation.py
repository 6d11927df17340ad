"""Open-set evaluation, the way a door meets people: each person in turn is the stranger.

For every fold one person is left out of the gallery; ``enrol`` photos of each other person
(drawn at random per seed) are enrolled and their remaining photos are resident probes; every
photo of the left-out person, and every photo of ``strangers``, is a stranger probe. The
decision is the engine's own (``PersonTemplates`` + ``decide``), so the figures are those of
``FaceEngine.identify`` on single photos, a ``RETRY`` counting as a refusal.

The retry path is measured beside it: a probe decided ``RETRY`` gets a second frame, another
photo of the same person (the next one of their probes), and the two are fused as
``FaceEngine.fuse`` does (mean embedding, the weaker band's threshold). Two photos taken at
other times differ more than two frames of one capture, so this is the harder case for a
resident; a stranger's second photo is fused the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .decision import OpenSetPolicy, Verdict, decide
from .gallery import PersonTemplates
from .quality import QualityBand, QualityReport


@dataclass(frozen=True, slots=True)
class LabelledFace:
    person: str
    embedding: NDArray[np.float32]
    quality: QualityReport
    enrollable: bool  # passes the enrolment rule (usable and large enough)


@dataclass(frozen=True, kw_only=True)
class OpenSetResult:
    folds: int
    stranger_probes: int
    stranger_accepted: int
    resident_probes: int
    resident_refused: int  # unknown or retry
    resident_retry: int
    resident_misidentified: int  # matched to another resident
    worst_stranger_similarity: float
    # the retry path: a RETRY probe decided again with a second photo of the same person
    resident_refused_after_retry: int = 0  # still refused (or misidentified) with two frames
    stranger_accepted_after_retry: int = 0

    @property
    def false_accept_pct(self) -> float:
        return 100.0 * self.stranger_accepted / max(self.stranger_probes, 1)

    @property
    def false_reject_pct(self) -> float:
        refused = self.resident_refused + self.resident_misidentified
        return 100.0 * refused / max(self.resident_probes, 1)

    @property
    def false_accept_two_frames_pct(self) -> float:
        accepted = self.stranger_accepted + self.stranger_accepted_after_retry
        return 100.0 * accepted / max(self.stranger_probes, 1)

    @property
    def false_reject_two_frames_pct(self) -> float:
        """Refusals when a ``retry`` is answered with a second frame."""
        refused = (
            self.resident_refused
            - self.resident_retry
            + self.resident_refused_after_retry
            + self.resident_misidentified
        )
        return 100.0 * refused / max(self.resident_probes, 1)

    @property
    def misidentified_pct(self) -> float:
        return 100.0 * self.resident_misidentified / max(self.resident_probes, 1)


def _verdict(
    templates: PersonTemplates, face: LabelledFace, policy: OpenSetPolicy
) -> tuple[Verdict, str | None, float]:
    decision = decide(templates.ranked(face.embedding), face.quality.band, policy)
    return decision.verdict, decision.person_id, decision.similarity


def _fused(first: LabelledFace, second: LabelledFace) -> LabelledFace:
    mean = first.embedding.astype(np.float64) + second.embedding.astype(np.float64)
    order = list(QualityBand)
    weaker = max((first, second), key=lambda f: order.index(f.quality.band))
    return LabelledFace(
        first.person,
        (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32),
        weaker.quality,
        False,
    )


def _second_frame(
    face: LabelledFace, probes: Sequence[tuple[LabelledFace, str | None]]
) -> LabelledFace | None:
    """The next probe photo of the same person (cyclically), not the photo itself."""
    same = [f for f, _ in probes if f.person == face.person]
    if len(same) < 2:
        return None
    index = next(i for i, f in enumerate(same) if f is face)
    return same[(index + 1) % len(same)]


def open_set_folds(
    faces: Sequence[LabelledFace],
    policy: OpenSetPolicy,
    *,
    enrol: int = 5,
    seeds: Iterable[int] = (0, 1, 2),
    strangers: Sequence[LabelledFace] = (),
) -> OpenSetResult:
    people = sorted({f.person for f in faces})
    if len(people) < 2:
        raise ValueError("open-set folds need at least two people")
    counts = dict.fromkeys(
        (
            "folds",
            "stranger_probes",
            "stranger_accepted",
            "resident_probes",
            "resident_refused",
            "resident_retry",
            "resident_misidentified",
            "resident_refused_after_retry",
            "stranger_accepted_after_retry",
        ),
        0,
    )
    worst = -1.0
    dim = int(faces[0].embedding.shape[0])
    for seed in seeds:
        rng = np.random.default_rng(seed)
        for left_out in people:
            counts["folds"] += 1
            rows: list[NDArray[np.float32]] = []
            ids: list[str] = []
            probes: list[tuple[LabelledFace, str | None]] = []
            for person in people:
                own = [f for f in faces if f.person == person]
                if person == left_out:
                    probes += [(f, None) for f in own]
                    continue
                order = [own[int(i)] for i in rng.permutation(len(own))]
                enrolled = [f for f in order if f.enrollable][:enrol]
                rows += [f.embedding for f in enrolled]
                ids += [person] * len(enrolled)
                probes += [(f, person) for f in order if all(f is not e for e in enrolled)]
            probes += [(f, None) for f in strangers]
            templates = PersonTemplates.build(np.stack(rows), ids, dim)
            for face, truth in probes:
                verdict, person_id, similarity = _verdict(templates, face, policy)
                again: tuple[Verdict, str | None, float] | None = None
                if verdict is Verdict.RETRY and (second := _second_frame(face, probes)):
                    again = _verdict(templates, _fused(face, second), policy)
                if truth is None:
                    counts["stranger_probes"] += 1
                    counts["stranger_accepted"] += verdict is Verdict.MATCH
                    counts["stranger_accepted_after_retry"] += (
                        again is not None and again[0] is Verdict.MATCH
                    )
                    worst = max(worst, similarity)
                    continue
                counts["resident_probes"] += 1
                if verdict is Verdict.MATCH:
                    counts["resident_misidentified"] += person_id != truth
                else:
                    counts["resident_refused"] += 1
                    counts["resident_retry"] += verdict is Verdict.RETRY
                    if verdict is Verdict.RETRY:
                        counts["resident_refused_after_retry"] += not (
                            again is not None and again[0] is Verdict.MATCH and again[1] == truth
                        )
    return OpenSetResult(worst_stranger_similarity=worst, **counts)
