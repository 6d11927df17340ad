"""Anonymous clusters of unknown faces (``anon-N``), so a guard can name them later.

Incremental: a new unknown embedding joins the nearest cluster whose centroid is at least
``threshold`` similar, else starts ``anon-<next>``. Each cluster keeps up to ``MAX_MEMBERS``
embeddings (the centroid is their normalised mean); naming a cluster hands them to the gallery.
Stored under ``<gallery>/clusters/``: ``index.json`` and one ``<id>.npy`` per cluster.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

MAX_MEMBERS = 20


class ClusterStore:
    def __init__(self, directory: Path, dim: int, threshold: float) -> None:
        self.directory = directory
        self.dim = dim
        self.threshold = threshold
        self._lock = threading.Lock()
        directory.mkdir(parents=True, exist_ok=True)
        index = directory / "index.json"
        data = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else {}
        self._next: int = int(data.get("next", 1))
        self._seen: dict[str, int] = {str(k): int(v) for k, v in data.get("seen", {}).items()}
        self._members: dict[str, NDArray[np.float32]] = {}
        for cluster_id in self._seen:
            path = directory / f"{cluster_id}.npy"
            if path.is_file():
                self._members[cluster_id] = np.load(path).astype(np.float32)
        self._ids: list[str] = []
        self._centroids = np.zeros((0, dim), dtype=np.float32)
        self._rebuild()

    def _rebuild(self) -> None:
        self._ids = sorted(self._members)
        if self._ids:
            means = np.stack([self._members[i].mean(0) for i in self._ids])
            self._centroids = (means / np.linalg.norm(means, axis=1, keepdims=True)).astype(
                np.float32
            )
        else:
            self._centroids = np.zeros((0, self.dim), dtype=np.float32)

    def _save(self) -> None:
        index = {"next": self._next, "seen": self._seen}
        tmp = self.directory / "index.json.tmp"
        tmp.write_text(json.dumps(index), encoding="utf-8")
        tmp.replace(self.directory / "index.json")

    def __len__(self) -> int:
        return len(self._ids)

    def sightings(self, cluster_id: str) -> int:
        return self._seen.get(cluster_id, 0)

    def nearest(self, embedding: NDArray[np.float32]) -> tuple[str | None, float]:
        if not self._ids:
            return None, -1.0
        scores = self._centroids @ embedding
        best = int(np.argmax(scores))
        return self._ids[best], float(scores[best])

    def assign(self, embedding: NDArray[np.float32]) -> str:
        """The cluster this unknown face belongs to (created when none is close enough)."""
        with self._lock:
            cluster_id, similarity = self.nearest(embedding)
            if cluster_id is None or similarity < self.threshold:
                cluster_id = f"anon-{self._next}"
                self._next += 1
                members = embedding[None].astype(np.float32)
            else:
                members = np.vstack([self._members[cluster_id], embedding[None]])[-MAX_MEMBERS:]
            self._members[cluster_id] = members.astype(np.float32)
            self._seen[cluster_id] = self._seen.get(cluster_id, 0) + 1
            np.save(self.directory / f"{cluster_id}.npy", self._members[cluster_id])
            self._save()
            self._rebuild()
            return cluster_id

    @property
    def ids(self) -> list[str]:
        """Every cluster, in id order."""
        return list(self._ids)

    def members(self, cluster_id: str) -> NDArray[np.float32]:
        """A cluster's member embeddings (KeyError when unknown)."""
        return self._members[cluster_id]

    def merge(self, cluster_id: str, into: str) -> int:
        """Two clusters are the same stranger: ``cluster_id`` joins ``into``; its sightings."""
        if cluster_id == into:
            raise ValueError("a cluster cannot be merged into itself")
        with self._lock:
            members = np.vstack([self._members[into], self._members[cluster_id]])[-MAX_MEMBERS:]
            self._members[into] = members.astype(np.float32)
            self._seen[into] = self._seen.get(into, 0) + self._seen.get(cluster_id, 0)
            del self._members[cluster_id]
            self._seen.pop(cluster_id, None)
            np.save(self.directory / f"{into}.npy", self._members[into])
            (self.directory / f"{cluster_id}.npy").unlink(missing_ok=True)
            self._save()
            self._rebuild()
            return self._seen[into]

    def split_off(self, cluster_id: str | None, embedding: NDArray[np.float32]) -> str:
        """A face that is not who it was matched to starts a cluster of its own.

        When it was put into ``cluster_id`` by mistake, its member (the one closest to it) leaves
        that cluster, so the cluster's centroid no longer pulls the same face back in: the face
        is nearer its own new cluster from now on. Returns the new cluster's id.
        """
        vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
        with self._lock:
            if cluster_id is not None and cluster_id in self._members:
                members = self._members[cluster_id]
                closest = int(np.argmax(members @ vector))
                remaining = np.delete(members, closest, axis=0)
                self._seen[cluster_id] = max(0, self._seen.get(cluster_id, 1) - 1)
                if len(remaining):
                    self._members[cluster_id] = remaining
                    np.save(self.directory / f"{cluster_id}.npy", remaining)
                else:
                    del self._members[cluster_id]
                    self._seen.pop(cluster_id, None)
                    (self.directory / f"{cluster_id}.npy").unlink(missing_ok=True)
            new_id = f"anon-{self._next}"
            self._next += 1
            self._members[new_id] = vector[None].copy()
            self._seen[new_id] = 1
            np.save(self.directory / f"{new_id}.npy", self._members[new_id])
            self._save()
            self._rebuild()
            return new_id

    def pop(self, cluster_id: str) -> NDArray[np.float32]:
        """Remove a cluster and return its member embeddings (KeyError when unknown)."""
        with self._lock:
            members = self._members.pop(cluster_id)
            self._seen.pop(cluster_id, None)
            (self.directory / f"{cluster_id}.npy").unlink(missing_ok=True)
            self._save()
            self._rebuild()
            return members
