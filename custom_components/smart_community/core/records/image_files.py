"""Image files under a base dir: ``YYYY/MM/DD/<sha256>.<ext>``, written atomically.

The day is the UTC day the picture was first seen; the same bytes seen later keep the first
path (the store looks the hash up before writing), so each picture is on disk once.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL_SIDE = 240  # px: sharp in a 120 px cell on a 2x phone screen, a few KB
_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/bmp": "bmp",
    "image/webp": "webp",
    "video/mp4": "mp4",  # evidence clips (falling objects) are kept like pictures
}
CONTENT_TYPES = {extension: content_type for content_type, extension in _EXTENSIONS.items()}


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of the bytes."""
    return hashlib.sha256(data).hexdigest()


def thumbnail_path(relative: str) -> str:
    """Where a picture's thumbnail is kept: beside it, so the purge removes both."""
    return f"{relative.rsplit('.', 1)[0]}.thumb.jpg"


def image_path(sha256: str, seen: datetime, content_type: str = "image/jpeg") -> str:
    """Relative path for a picture first seen at ``seen``."""
    day = seen.astimezone(UTC)
    extension = _EXTENSIONS.get(content_type, "bin")
    return f"{day:%Y/%m/%d}/{sha256}.{extension}"


@dataclass(frozen=True, slots=True)
class ImageFiles:
    """The directory tree holding the pictures."""

    base_dir: Path

    def write(self, relative: str, data: bytes) -> bool:
        """Write ``data`` at ``relative`` unless it exists; ``True`` if a file was created."""
        target = self.base_dir / relative
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return True

    def delete(self, relative: str) -> int:
        """Remove a file (and its thumbnail); the bytes freed (0 if it was already gone)."""
        (self.base_dir / thumbnail_path(relative)).unlink(missing_ok=True)
        target = self.base_dir / relative
        try:
            size = target.stat().st_size
            target.unlink()
        except FileNotFoundError:
            return 0
        return size

    def read(self, relative: str) -> bytes:
        """The picture's bytes (the HA view serves them behind auth)."""
        return (self.base_dir / relative).read_bytes()

    def thumbnail(self, relative: str, max_side: int = THUMBNAIL_SIDE) -> Path:
        """The picture's thumbnail (JPEG, made on first use and kept beside it)."""
        target = self.base_dir / thumbnail_path(relative)
        if not target.exists():
            self.write(thumbnail_path(relative), make_thumbnail(self.read(relative), max_side))
        return target


def make_thumbnail(data: bytes, max_side: int = THUMBNAIL_SIDE) -> bytes:
    """A small JPEG of a picture (upright by its EXIF orientation); ValueError if unreadable."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (max_side, max_side))  # JPEG: decode at a reduced scale
            upright = ImageOps.exif_transpose(image) or image
            small = upright.convert("RGB")
            small.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
            out = io.BytesIO()
            small.save(out, format="JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as err:
        raise ValueError(f"not a readable picture: {err}") from err
