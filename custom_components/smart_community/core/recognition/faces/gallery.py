"""The enrolled gallery: a memory-mapped float32 matrix plus one person id per row.

Files in the gallery directory (append-friendly: enrolling appends, never rewrites):

* ``embeddings.f32`` raw little-endian float32, ``rows x dim``, unit-length rows;
* ``people.txt`` one person id per line, line *i* for row *i*;
* ``gallery.json`` ``{"dim": D}``.

Removing a person rewrites both files (rare). ``search`` is one matrix-vector product over the
memmap, then the best row per person among the top candidates. ``templates`` holds one unit
vector per person, the normalised mean of their photos: an open-set decision compares a probe
with these (a stranger may resemble one photo of a resident, rarely all of them; measured on
the celebrity set in open-set folds, the template halves the refusals at the same stranger
false-accept rate as the best single photo).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

MATRIX = "embeddings.f32"
PEOPLE = "people.txt"
META = "gallery.json"
CANDIDATES = 64  # rows examined for the best and second-best person
SAME_PHOTO = 0.999  # cosine of a row to the embedding it was stored from (float32 rounding)


@dataclass(frozen=True, slots=True)
class PersonTemplates:
    """One unit-length template per person (rows in ``ids`` order) and their photo counts."""

    ids: tuple[str, ...]
    matrix: NDArray[np.float32]  # people x dim
    counts: NDArray[np.int64]

    @classmethod
    def build(cls, matrix: NDArray[np.float32], ids: Sequence[str], dim: int) -> PersonTemplates:
        if not ids:
            return cls((), np.zeros((0, dim), dtype=np.float32), np.zeros(0, dtype=np.int64))
        people, index = np.unique(np.asarray(ids, dtype=object), return_inverse=True)
        sums = np.zeros((len(people), dim), dtype=np.float64)
        np.add.at(sums, index, np.asarray(matrix, dtype=np.float64))
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        units = (sums / np.where(norms > 0, norms, 1.0)).astype(np.float32)
        counts = np.bincount(index, minlength=len(people)).astype(np.int64)
        return cls(tuple(str(p) for p in people), units, counts)

    def ranked(self, probe: NDArray[np.float32], k: int = 8) -> list[tuple[str, float]]:
        """The ``k`` people whose template is most similar to ``probe``, best first."""
        if not self.ids:
            return []
        scores = np.einsum("ij,j->i", self.matrix, probe.astype(np.float32))
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(self.ids) else np.arange(len(scores))
        top = top[np.argsort(-scores[top])]
        return [(self.ids[int(i)], float(scores[i])) for i in top]


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
        empty: NDArray[np.float32] = np.zeros((0, dim), dtype=np.float32)
        # (matrix, ids) replaced as one tuple so a concurrent search never sees a mix
        self._state: tuple[NDArray[np.float32], list[str]] = (empty, [])
        self._templates = PersonTemplates.build(empty, [], dim)
        self._reload()

    def _reload(self) -> None:
        ids = (self.directory / PEOPLE).read_text(encoding="utf-8").splitlines()
        rows = (self.directory / MATRIX).stat().st_size // (4 * self.dim)
        count = min(len(ids), rows)  # a torn append leaves the shorter one authoritative
        matrix: NDArray[np.float32] = np.zeros((0, self.dim), dtype=np.float32)
        if count:
            matrix = np.memmap(
                self.directory / MATRIX, dtype="<f4", mode="r", shape=(count, self.dim)
            )
        self._templates = PersonTemplates.build(matrix, ids[:count], self.dim)
        self._state = (matrix, ids[:count])

    def __len__(self) -> int:
        return len(self._state[1])

    @property
    def templates(self) -> PersonTemplates:
        return self._templates

    @property
    def people(self) -> set[str]:
        return set(self._state[1])

    def add(self, person_id: str, embeddings: NDArray[np.float32]) -> None:
        """Append photos of one person (rows of ``embeddings``)."""
        block = np.asarray(embeddings, dtype="<f4").reshape(-1, self.dim)
        self.extend([person_id] * len(block), block)

    def extend(self, person_ids: Sequence[str], embeddings: NDArray[np.float32]) -> None:
        """Append rows in bulk, one person id per row (imports, benchmarks)."""
        block = np.asarray(embeddings, dtype="<f4").reshape(-1, self.dim)
        if len(person_ids) != len(block):
            raise ValueError("one person id per embedding row")
        for person_id in set(person_ids):
            if "\n" in person_id or not person_id.strip():
                raise ValueError(f"invalid person id {person_id!r}")
        with self._lock:
            with (self.directory / MATRIX).open("ab") as handle:
                handle.write(block.tobytes())
            with (self.directory / PEOPLE).open("a", encoding="utf-8") as handle:
                handle.write("".join(f"{person_id}\n" for person_id in person_ids))
            self._reload()

    def remove(self, person_id: str) -> int:
        """Drop every row of ``person_id``; returns how many."""
        with self._lock:
            old_matrix, old_ids = self._state
            keep = [i for i, pid in enumerate(old_ids) if pid != person_id]
            removed = len(old_ids) - len(keep)
            if removed:
                self._rewrite(np.asarray(old_matrix[keep], dtype="<f4"), [old_ids[i] for i in keep])
            return removed

    def remove_closest(self, person_id: str, embedding: NDArray[np.float32]) -> bool:
        """Drop the one row of ``person_id`` that is ``embedding`` (one enrolled photo)."""
        with self._lock:
            old_matrix, old_ids = self._state
            rows = [i for i, pid in enumerate(old_ids) if pid == person_id]
            if not rows:
                return False
            probe = np.asarray(embedding, dtype=np.float32).reshape(-1)
            scores = np.asarray(old_matrix[rows], dtype=np.float32) @ probe
            best = int(np.argmax(scores))
            if float(scores[best]) < SAME_PHOTO:
                return False
            keep = [i for i in range(len(old_ids)) if i != rows[best]]
            self._rewrite(np.asarray(old_matrix[keep], dtype="<f4"), [old_ids[i] for i in keep])
            return True

    def _rewrite(self, matrix: NDArray[np.float32], ids: list[str]) -> None:
        tmp_matrix = self.directory / (MATRIX + ".tmp")
        tmp_matrix.write_bytes(matrix.tobytes())
        tmp_people = self.directory / (PEOPLE + ".tmp")
        tmp_people.write_text("".join(f"{p}\n" for p in ids), encoding="utf-8")
        tmp_matrix.replace(self.directory / MATRIX)
        tmp_people.replace(self.directory / PEOPLE)
        self._reload()

    def embeddings_of(self, person_id: str) -> NDArray[np.float32]:
        matrix, ids = self._state
        rows = [i for i, pid in enumerate(ids) if pid == person_id]
        return np.asarray(matrix[rows], dtype=np.float32)

    def search(self, probe: NDArray[np.float32]) -> GalleryHit:
        matrix, ids = self._state
        if not ids:
            return GalleryHit(None, -1.0, None, -1.0)
        # einsum stays on one core: BLAS gemv spreads over threads that the ONNX sessions and
        # HA need, and is slower than this single SIMD pass on a busy 2-core box
        scores = np.einsum("ij,j->i", matrix, probe.astype(np.float32))
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
