"""Gallery hygiene: what a manager should know about the enrolment photos.

* ``near_duplicate``: the photo is (almost) one already enrolled for the person: it adds no
  evidence and would weigh that picture twice in the person's template, so it is not added;
* ``outlier``: the photo is far from the person's other photos (another person's photo in the
  folder, or one too poor to trust);
* ``close_to_other``: the photo, or a person's whole template, is as similar to another enrolled
  person as a match would need (twins, a mix-up between two folders): doors may then refuse both
  (margin rule) until the photos are checked.

``check_photo`` runs at each enrolment; ``audit`` reviews a whole gallery. Both only report.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from .gallery import PersonTemplates

AUDIT_BLOCK = 1024


class Finding(StrEnum):
    NEAR_DUPLICATE = "near_duplicate"
    OUTLIER = "outlier"
    CLOSE_TO_OTHER = "close_to_other"


@dataclass(frozen=True, kw_only=True)
class HygieneLimits:
    near_duplicate: float = 0.95  # cosine to a photo of the same person
    outlier: float = 0.25  # below this to the template of the person's other photos
    close_to_other: float = 0.38  # to another person's template (the GOOD match threshold)


@dataclass(frozen=True, kw_only=True)
class HygieneFinding:
    finding: Finding
    person_id: str
    similarity: float
    other_person_id: str | None = None
    photo: int | None = None  # index of the photo among the person's photos (audit)

    def as_dict(self) -> dict[str, object]:
        return {
            "finding": str(self.finding),
            "person_id": self.person_id,
            "other_person_id": self.other_person_id,
            "similarity": round(self.similarity, 4),
            "photo": self.photo,
        }


def _unit(vector: NDArray[np.float64]) -> NDArray[np.float64]:
    norm = float(np.linalg.norm(vector))
    return np.asarray(vector / norm if norm > 0 else vector, dtype=np.float64)


def check_photo(
    person_id: str,
    embedding: NDArray[np.float32],
    own_photos: NDArray[np.float32],
    templates: PersonTemplates,
    limits: HygieneLimits | None = None,
) -> list[HygieneFinding]:
    """Findings for one new photo of ``person_id`` against the gallery before it is added."""
    limits = limits or HygieneLimits()
    findings: list[HygieneFinding] = []
    if len(own_photos):
        sims = own_photos @ embedding
        best = float(sims.max())
        if best >= limits.near_duplicate:
            findings.append(
                HygieneFinding(
                    finding=Finding.NEAR_DUPLICATE,
                    person_id=person_id,
                    similarity=best,
                    photo=int(sims.argmax()),
                )
            )
        if len(own_photos) >= 2:
            own = float(_unit(own_photos.astype(np.float64).mean(0)) @ embedding)
            if own < limits.outlier:
                findings.append(
                    HygieneFinding(finding=Finding.OUTLIER, person_id=person_id, similarity=own)
                )
    for other, score in templates.ranked(embedding, k=4):
        if other != person_id and score >= limits.close_to_other:
            findings.append(
                HygieneFinding(
                    finding=Finding.CLOSE_TO_OTHER,
                    person_id=person_id,
                    other_person_id=other,
                    similarity=score,
                )
            )
    return findings


def audit(
    photos: dict[str, NDArray[np.float32]],
    templates: PersonTemplates,
    limits: HygieneLimits | None = None,
) -> list[HygieneFinding]:
    """Every finding of a gallery: duplicate and outlier photos, close pairs of people."""
    limits = limits or HygieneLimits()
    findings: list[HygieneFinding] = []
    for person_id, rows in sorted(photos.items()):
        if len(rows) < 2:
            continue
        sims = rows @ rows.T
        total = rows.astype(np.float64).sum(0)
        for i in range(len(rows)):
            earlier = sims[i, :i]
            if earlier.size and float(earlier.max()) >= limits.near_duplicate:
                findings.append(
                    HygieneFinding(
                        finding=Finding.NEAR_DUPLICATE,
                        person_id=person_id,
                        similarity=float(earlier.max()),
                        photo=i,
                    )
                )
            if len(rows) >= 3:
                rest = _unit(total - rows[i])
                own = float(rest @ rows[i])
                if own < limits.outlier:
                    findings.append(
                        HygieneFinding(
                            finding=Finding.OUTLIER, person_id=person_id, similarity=own, photo=i
                        )
                    )
    matrix = templates.matrix
    for start in range(0, len(templates.ids), AUDIT_BLOCK):  # blocks: 20,000 people fit in RAM
        block = matrix[start : start + AUDIT_BLOCK] @ matrix.T
        for i, j in np.argwhere(block >= limits.close_to_other):
            if int(j) > start + int(i):  # each pair once, never a person with themselves
                findings.append(
                    HygieneFinding(
                        finding=Finding.CLOSE_TO_OTHER,
                        person_id=templates.ids[start + int(i)],
                        other_person_id=templates.ids[int(j)],
                        similarity=float(block[i, j]),
                    )
                )
    return findings
