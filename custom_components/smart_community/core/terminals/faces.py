"""Which enrolled photo a terminal gets, and the JPEG it gets.

The HA side supplies photos through a :class:`PhotoSource` (the image store); a photo version
is identified by its reference and a cheap fingerprint of its content. The best photo of a
person is the one the enrolment quality rules (``core/recognition/faces/quality.py``: face
size, sharpness, pose, detector score) rank highest; a person whose photos all fail gets no
face on the terminals (a terminal would refuse it anyway) and the status says why. Verdicts
are kept per photo version, so a photo is assessed once.

Terminals want a JPEG of modest size (Hikvision refuses more than about 200 KB, both vendors
refuse huge pictures): :func:`terminal_jpeg` passes a fitting JPEG through untouched and
re-encodes anything else, upright by its EXIF orientation.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageOps, UnidentifiedImageError

from ..people.models import Person
from .models import FaceRef
from .store import PhotoVerdict

MAX_SIDE = 1024
MAX_BYTES = 200_000
MIN_SIDE = 80
_EXIF_ORIENTATION = 0x0112


class PhotoMissing(Exception):
    """The photo cannot be read (deleted, outside the store, unreadable)."""


class PhotoSource(Protocol):
    """Where person photos come from (the HA image store)."""

    def fingerprint(self, ref: str) -> str | None:
        """A cheap identity of the current content, ``None`` when the photo is missing."""

    def read(self, ref: str) -> bytes:
        """The photo's bytes, or :class:`PhotoMissing`."""


class FaceAssessor(Protocol):
    """The enrolment quality rules applied to one photo."""

    def assess(self, image: bytes) -> PhotoVerdict: ...


class FolderPhotoSource:
    """Photos stored as files below ``root`` (refs are relative paths)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, ref: str) -> Path:
        path = (self.root / ref).resolve()
        if not path.is_relative_to(self.root):
            raise PhotoMissing(f"{ref}: outside the photo store")
        return path

    def fingerprint(self, ref: str) -> str | None:
        try:
            stat = self._path(ref).stat()
        except (OSError, PhotoMissing):
            return None
        return f"{stat.st_size}-{stat.st_mtime_ns}"

    def read(self, ref: str) -> bytes:
        try:
            return self._path(ref).read_bytes()
        except OSError as err:
            raise PhotoMissing(f"{ref}: {err}") from err


class EngineAssessor:
    """Quality verdicts from the face engine (``FaceEngine.embed_single``): exactly one face
    that passes the gate; the score prefers a large, sharp, frontal face."""

    def __init__(self, embed_single: Callable[[bytes], tuple[object, str, object]]) -> None:
        self._embed = embed_single

    def assess(self, image: bytes) -> PhotoVerdict:
        embedding, reason, quality = self._embed(image)
        if embedding is None:
            return PhotoVerdict(False, 0.0, reason)
        face_px = float(getattr(quality, "face_px", 0.0))
        sharpness = float(getattr(quality, "sharpness", 0.0))
        yaw = abs(float(getattr(quality, "yaw", 0.0)))
        score = min(face_px, 400.0) * min(1.0, sharpness / 100.0) * (1.0 - min(yaw, 0.9))
        return PhotoVerdict(True, score, "ok")


type VerdictCache = tuple[
    Callable[[str, str], PhotoVerdict | None], Callable[[str, str, PhotoVerdict], None]
]


def choose_faces(
    people: Iterable[Person],
    source: PhotoSource,
    assessor: FaceAssessor | None,
    cache: VerdictCache | None = None,
) -> tuple[dict[str, FaceRef], dict[str, str]]:
    """``(best photo per person, why a person with photos got none)``.

    Without an assessor (recognition models not installed) the first readable photo goes.
    """
    chosen: dict[str, FaceRef] = {}
    problems: dict[str, str] = {}
    lookup, save = cache if cache is not None else (None, None)
    for person in people:
        best: tuple[float, FaceRef] | None = None
        reasons: list[str] = []
        for ref in person.photos:
            fingerprint = source.fingerprint(ref)
            if fingerprint is None:
                reasons.append(f"{ref}: missing")
                continue
            if assessor is None:
                best = (0.0, FaceRef(ref, fingerprint))
                break
            verdict = lookup(ref, fingerprint) if lookup else None
            if verdict is None:
                try:
                    verdict = assessor.assess(source.read(ref))
                except PhotoMissing as err:
                    reasons.append(str(err))
                    continue
                if save:
                    save(ref, fingerprint, verdict)
            if not verdict.ok:
                reasons.append(f"{ref}: {verdict.reason}")
            elif best is None or verdict.score > best[0]:
                best = (verdict.score, FaceRef(ref, fingerprint))
        if best is not None:
            chosen[person.id] = best[1]
        elif person.photos:
            problems[person.id] = "; ".join(reasons)
    return chosen, problems


def terminal_jpeg(data: bytes, *, max_side: int = MAX_SIDE, max_bytes: int = MAX_BYTES) -> bytes:
    """A JPEG a terminal takes: fitting JPEGs pass as they are, others are re-encoded."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            orientation = image.getexif().get(_EXIF_ORIENTATION, 1)
            fits = (
                image.format == "JPEG"
                and len(data) <= max_bytes
                and max(width, height) <= max_side
                and orientation in (0, 1)
                and image.mode in ("RGB", "L")
            )
            if min(width, height) < MIN_SIDE:
                raise PhotoMissing(f"photo of {width}×{height} px is too small for a terminal")
            if fits:
                return data
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            rgb = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as err:
        raise PhotoMissing(f"not a readable image: {err}") from err
    rgb.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    for quality in (90, 80, 70, 60, 50):
        out = io.BytesIO()
        rgb.save(out, format="JPEG", quality=quality, subsampling="4:2:0", optimize=True)
        if out.tell() <= max_bytes:
            return out.getvalue()
    rgb.thumbnail((max_side // 2, max_side // 2), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=60, subsampling="4:2:0", optimize=True)
    return out.getvalue()


def persons_with_photos(people: Mapping[str, Person]) -> list[Person]:
    """The people a face choice is needed for."""
    return [person for person in people.values() if person.photos]
