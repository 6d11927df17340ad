""" "Not this person": faces a guard or manager said were wrongly matched to a person.

Kept beside the gallery (``<gallery>/negatives/``, the same append-only files as the gallery:
``embeddings.f32`` + ``people.txt``, one row per correction, the person id being the person the
face is *not*). ``FaceEngine`` asks ``score(person, probe)`` before it accepts a match; removing a
person removes their negatives too.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .gallery import Gallery


class NegativeExamples:
    def __init__(self, directory: Path, dim: int) -> None:
        self._store = Gallery(directory, dim)
        self._lock = threading.Lock()
        self._by_person: dict[str, NDArray[np.float32]] = {}
        self._rows_seen = -1

    def __len__(self) -> int:
        return len(self._store)

    def _index(self) -> dict[str, NDArray[np.float32]]:
        rows = len(self._store)
        if rows != self._rows_seen:
            with self._lock:
                people = self._store.people
                self._by_person = {p: self._store.embeddings_of(p) for p in people}
                self._rows_seen = rows
        return self._by_person

    def add(self, person_id: str, embedding: NDArray[np.float32]) -> int:
        """Keep ``embedding`` as not ``person_id``; returns how many negatives they now have."""
        vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self._store.dim or not np.all(np.isfinite(vector)):
            raise ValueError(f"a negative example must be a finite {self._store.dim}-d vector")
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:
            raise ValueError("a negative example cannot be the zero vector")
        self._store.add(person_id, (vector / norm)[None])
        return len(self._index().get(person_id, ()))

    def of(self, person_id: str) -> NDArray[np.float32]:
        return self._index().get(person_id, np.zeros((0, self._store.dim), dtype=np.float32))

    def score(self, person_id: str, probe: NDArray[np.float32]) -> float | None:
        """Similarity of ``probe`` to the closest negative of ``person_id`` (None: none kept)."""
        rows = self._index().get(person_id)
        if rows is None or not len(rows):
            return None
        return float(np.max(rows @ probe.astype(np.float32)))

    def remove(self, person_id: str) -> int:
        return self._store.remove(person_id)
