"""Labelled sets of real plate photos for the benchmark and the tests.

A set is either a folder of photos named by their plate (the convention of Chinese plate
projects' test folders: ``京A12345.jpg``, ``京A12345_2.jpg`` for a second photo of the same
car; files whose name is not a plate are skipped) or a CSV file ``file,plate`` whose paths are
relative to the CSV (an empty plate: a photo with no readable Chinese plate). Every photo is
assigned once and for all to the ``tune`` or the ``held_out`` split by a hash of its file
name, so the held-out figures stay free of any tuning done on the other part.
"""

from __future__ import annotations

import csv
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from custom_components.smart_community.core.recognition.plates.grammar import is_valid

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}
HELD_OUT_SHARE = 0.7  # most of a set is kept away from tuning


@dataclass(frozen=True, slots=True)
class LabelledPhoto:
    path: Path
    plate: str | None  # None: no Chinese plate in the photo

    @property
    def split(self) -> str:
        return split_of(self.path.name)


def split_of(name: str) -> str:
    """``held_out`` or ``tune``, fixed by the file name alone."""
    bucket = zlib.crc32(unicodedata.normalize("NFC", name).encode("utf-8")) % 1000
    return "held_out" if bucket < HELD_OUT_SHARE * 1000 else "tune"


def plate_from_name(name: str) -> str | None:
    """The plate a file is named after (``京A12345_2.jpg`` -> ``京A12345``), or None."""
    stem = unicodedata.normalize("NFC", Path(name).stem).split("_")[0].split("-")[0]
    stem = stem.replace("·", "").upper()
    return stem if is_valid(stem) else None


def labelled_photos(source: Path) -> list[LabelledPhoto]:
    """The photos of a set folder or CSV, sorted by path."""
    if source.is_file():
        with source.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        photos = [
            LabelledPhoto(source.parent / row["file"], (row.get("plate") or "").strip() or None)
            for row in rows
        ]
    else:
        photos = [
            LabelledPhoto(path, plate)
            for path in source.rglob("*")
            if path.suffix.lower() in IMAGE_SUFFIXES
            and (plate := plate_from_name(path.name)) is not None
        ]
    return sorted(photos, key=lambda p: str(p.path))
