"""The enrolled gallery: a memory-mapped float32 matrix plus one person id per row.

Files in the gallery directory (append-friendly: enrolling appends, never rewrites):

* ``embeddings.f32`` raw little-endian float32, ``rows x dim``, unit-length rows;
* ``people.txt`` one person id per line, line *i* for row *i*;
* ``gallery.json`` ``{"dim": D}``.

Removing a person rewrites both files (rare). Search is one matrix-vector product over the
memmap, then the best row per person among the top candidates.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

MATRIX = "embeddings.f32"
PEOPLE = "people.txt"
META = "gallery.json"
CANDIDATES = 64  # rows examined for the best and second-best person


@dataclass(frozen=True, slots=True)
class GalleryHit:
    person_id: str | None  # None: the gallery is empty
    similarity: float  # cosine, best row of the best person
    second_person_id: str | None
    second_similarity: float

    @property
    def margin(self) -> float:
        return self.similarity - self.second_similarity


class Gallery:
    """Thread-safe: writers hold the lock; readers use a consistent (matrix, ids) snapshot."""

    def __init__(self, directory: Path, dim: int) -> None:
        self.directory = directory
        self.dim = dim
        self._lock = threading.Lock()
        directory.mkdir(parents=True, exist_ok=True)
        meta = directory / META
        if meta.is_file():
            stored = int(json.loads(meta.read_text(encoding="utf-8"))["dim"])
            if stored != dim:
                raise ValueError(
                    f"gallery {directory} holds {stored}-d embeddings, model gives {dim}"
                )
        else:
            meta.write_text(json.dumps({"dim": dim}), encoding="utf-8")
        (directory / MATRIX).touch()
        (directory / PEOPLE).touch()
        self._ids: list[str] = []
        self._matrix: NDArray[np.float32] = np.zeros((0, dim), dtype=np.float32)
        self._reload()

    def _reload(self) -> None:
        ids = (self.directory / PEOPLE).read_text(encoding="utf-8").splitlines()
        rows = (self.directory / MATRIX).stat().st_size // (4 * self.dim)
        count = min(len(ids), rows)  # a torn append leaves the shorter one authoritative
        self._ids = ids[:count]
        if count:
            self._matrix = np.memmap(
                self.directory / MATRIX, dtype="<f4", mode="r", shape=(count, self.dim)
            )
        else:
            self._matrix = np.zeros((0, self.dim), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def people(self) -> set[str]:
        return set(self._ids)

    def add(self, person_id: str, embeddings: NDArray[np.float32]) -> None:
        if "\n" in person_id or not person_id.strip():
            raise ValueError(f"invalid person id {person_id!r}")
        block = np.asarray(embeddings, dtype="<f4").reshape(-1, self.dim)
        with self._lock:
            with (self.directory / MATRIX).open("ab") as handle:
                handle.write(block.tobytes())
            with (self.directory / PEOPLE).open("a", encoding="utf-8") as handle:
                handle.write("".join(f"{person_id}\n" for _ in range(len(block))))
            self._reload()

    def remove(self, person_id: str) -> int:
        """Drop every row of ``person_id``; returns how many."""
        with self._lock:
            keep = [i for i, pid in enumerate(self._ids) if pid != person_id]
            removed = len(self._ids) - len(keep)
            if removed:
                matrix = np.asarray(self._matrix[keep], dtype="<f4")
                ids = [self._ids[i] for i in keep]
                self._matrix = np.zeros((0, self.dim), dtype=np.float32)  # release the memmap
                tmp_matrix = self.directory / (MATRIX + ".tmp")
                tmp_matrix.write_bytes(matrix.tobytes())
                tmp_people = self.directory / (PEOPLE + ".tmp")
                tmp_people.write_text("".join(f"{p}\n" for p in ids), encoding="utf-8")
                tmp_matrix.replace(self.directory / MATRIX)
                tmp_people.replace(self.directory / PEOPLE)
                self._reload()
            return removed

    def embeddings_of(self, person_id: str) -> NDArray[np.float32]:
        rows = [i for i, pid in enumerate(self._ids) if pid == person_id]
        return np.asarray(self._matrix[rows], dtype=np.float32)

    def search(self, probe: NDArray[np.float32]) -> GalleryHit:
        matrix, ids = self._matrix, self._ids
        if not ids:
            return GalleryHit(None, -1.0, None, -1.0)
        scores = matrix @ probe.astype(np.float32)
        k = min(CANDIDATES, len(ids))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(ids) else np.arange(len(ids))
        top = top[np.argsort(-scores[top])]
        best_id = ids[int(top[0])]
        best = float(scores[top[0]])
        for row in top[1:]:
            if ids[int(row)] != best_id:
                return GalleryHit(best_id, best, ids[int(row)], float(scores[row]))
        # every candidate row is the same person: look at all the others
        others = np.array([pid != best_id for pid in ids])
        if not others.any():
            return GalleryHit(best_id, best, None, -1.0)
        masked = np.where(others, scores, -np.inf)
        second = int(np.argmax(masked))
        return GalleryHit(best_id, best, ids[second], float(scores[second]))
