"""The enrolled photos of each person, as face crops the console can show.

The gallery keeps embeddings only; a property manager wants to see which photos a resident is
enrolled with and remove a bad one. Each accepted photo's face (with a margin) is kept as a
small JPEG beside its embedding: ``<dir>/<person key>/<photo id>.jpg`` and ``.npy``. The
person key is a hash of the person id (ids are untrusted text, never a path); the photo id is
the first 16 hex digits of the crop's SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..imaging import RGB, encode_jpeg, resize_to_fit

PHOTO_ID = re.compile(r"[0-9a-f]{16}")
PERSON_KEY = re.compile(r"[0-9a-f]{24}")
CROP_MARGIN = 0.35  # of the face box, on each side: hair and chin in the picture
CROP_MAX_SIDE = 320


def face_crop(rgb: RGB, box: tuple[float, float, float, float]) -> bytes:
    """The face of ``box`` (x1, y1, x2, y2) with a margin, as a JPEG at most 320 px."""
    height, width = rgb.shape[:2]
    x1, y1, x2, y2 = box
    margin_x, margin_y = (x2 - x1) * CROP_MARGIN, (y2 - y1) * CROP_MARGIN
    left, top = max(0, int(x1 - margin_x)), max(0, int(y1 - margin_y))
    right, bottom = min(width, int(x2 + margin_x)), min(height, int(y2 + margin_y))
    if right <= left or bottom <= top:
        raise ValueError("the face box is outside the picture")
    crop, _ = resize_to_fit(np.ascontiguousarray(rgb[top:bottom, left:right]), CROP_MAX_SIDE)
    return encode_jpeg(crop, quality=85)


class EnrolledPhotos:
    """Face crops and embeddings of the photos a gallery was enrolled with."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def key(person_id: str) -> str:
        """The folder name of a person's photos (a hash: the id is untrusted text)."""
        return hashlib.sha256(person_id.encode("utf-8")).hexdigest()[:24]

    def _folder(self, person_id: str) -> Path:
        return self.directory / self.key(person_id)

    def path_by_key(self, key: str, photo_id: str) -> Path | None:
        """A crop by the person's key (what a picture URL carries), None when there is none."""
        if not PERSON_KEY.fullmatch(key) or not PHOTO_ID.fullmatch(photo_id):
            return None
        path = self.directory / key / f"{photo_id}.jpg"
        return path if path.is_file() else None

    def add(self, person_id: str, crop: bytes, embedding: NDArray[np.float32]) -> str:
        """Keep one photo's crop and embedding; its photo id."""
        photo_id = hashlib.sha256(crop).hexdigest()[:16]
        folder = self._folder(person_id)
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / f"{photo_id}.npy", np.asarray(embedding, dtype=np.float32))
        temporary = folder / f".{photo_id}.jpg.tmp"
        temporary.write_bytes(crop)
        temporary.replace(folder / f"{photo_id}.jpg")
        return photo_id

    def photo_ids(self, person_id: str) -> list[str]:
        """A person's photos, oldest first."""
        folder = self._folder(person_id)
        if not folder.is_dir():
            return []
        photos = [path for path in folder.glob("*.jpg") if PHOTO_ID.fullmatch(path.stem)]
        return [path.stem for path in sorted(photos, key=lambda path: path.stat().st_mtime)]

    def path(self, person_id: str, photo_id: str) -> Path | None:
        """The crop of a photo, None when there is no such photo."""
        if not PHOTO_ID.fullmatch(photo_id):
            return None
        path = self._folder(person_id) / f"{photo_id}.jpg"
        return path if path.is_file() else None

    def embedding(self, person_id: str, photo_id: str) -> NDArray[np.float32] | None:
        """The embedding a photo was enrolled with."""
        if not PHOTO_ID.fullmatch(photo_id):
            return None
        path = self._folder(person_id) / f"{photo_id}.npy"
        return np.load(path).astype(np.float32) if path.is_file() else None

    def remove(self, person_id: str, photo_id: str) -> bool:
        """Forget one photo; False when there was none."""
        path = self.path(person_id, photo_id)
        if path is None:
            return False
        path.unlink()
        path.with_suffix(".npy").unlink(missing_ok=True)
        return True

    def remove_all(self, person_id: str) -> int:
        """Forget every photo of a person; how many."""
        count = len(self.photo_ids(person_id))
        shutil.rmtree(self._folder(person_id), ignore_errors=True)
        return count
