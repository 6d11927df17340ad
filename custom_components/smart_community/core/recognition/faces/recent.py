"""The embeddings of recent face matches, by match id, so a guard's correction can reach them.

A ``face_match`` event carries a ``match_id``; the embedding behind it stays here (with the
gallery, never in the records store: records keep no biometric vectors) for the last
``capacity`` matches. "Not this person" names the match id; the embedding then becomes a
negative example of the person (``negatives.py``). Kept in memory and saved beside the gallery
(``<gallery>/recent.npz``) when the engine stops, so a correction after a restart still works;
the oldest matches are forgotten first.
"""

from __future__ import annotations

import secrets
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

DEFAULT_CAPACITY = 5000  # a busy gate's day of matches; 5000 x 128 floats = 2.5 MB


@dataclass(frozen=True, slots=True)
class RecentMatch:
    match_id: str
    person_id: str  # the person the face was matched to
    embedding: NDArray[np.float32]


class RecentMatches:
    def __init__(self, path: Path | None, dim: int, capacity: int = DEFAULT_CAPACITY) -> None:
        self.path = path
        self.dim = dim
        self.capacity = capacity
        self._lock = threading.Lock()
        self._items: OrderedDict[str, RecentMatch] = OrderedDict()
        if path is not None and path.is_file():
            self._load(path)

    def __len__(self) -> int:
        return len(self._items)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                ids = [str(x) for x in data["ids"]]
                people = [str(x) for x in data["people"]]
                vectors = np.asarray(data["embeddings"], dtype=np.float32)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            return  # a damaged file only loses the corrections of old matches
        if (
            vectors.ndim != 2
            or vectors.shape[1] != self.dim
            or not (len(ids) == len(people) == len(vectors))
        ):
            return
        for match_id, person, vector in list(zip(ids, people, vectors, strict=True))[
            -self.capacity :
        ]:
            self._items[match_id] = RecentMatch(match_id, person, vector)

    def add(self, person_id: str, embedding: NDArray[np.float32]) -> str:
        """Keep a match's embedding; returns its new match id."""
        vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self.dim:
            raise ValueError(f"a face embedding here has {self.dim} values")
        match_id = f"fm-{secrets.token_hex(8)}"
        with self._lock:
            self._items[match_id] = RecentMatch(match_id, person_id, vector.copy())
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return match_id

    def get(self, match_id: str) -> RecentMatch | None:
        with self._lock:
            return self._items.get(match_id)

    def forget_person(self, person_id: str) -> int:
        """A person removed from the gallery: their matches cannot be corrected any more."""
        with self._lock:
            gone = [key for key, item in self._items.items() if item.person_id == person_id]
            for key in gone:
                del self._items[key]
        return len(gone)

    def save(self) -> None:
        """Write the matches beside the gallery (atomically)."""
        if self.path is None:
            return
        with self._lock:
            items = list(self._items.values())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        with tmp.open("wb") as handle:
            np.savez(
                handle,
                ids=np.array([item.match_id for item in items], dtype=str),
                people=np.array([item.person_id for item in items], dtype=str),
                embeddings=(
                    np.stack([item.embedding for item in items])
                    if items
                    else np.zeros((0, self.dim), dtype=np.float32)
                ),
            )
        tmp.replace(self.path)
