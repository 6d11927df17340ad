"""Image files under a base dir: ``YYYY/MM/DD/<sha256>.<ext>``, written atomically.

The day is the UTC day the picture was first seen; the same bytes seen later keep the first
path (the store looks the hash up before writing), so each picture is on disk once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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
        """Remove a file; the bytes freed (0 if it was already gone)."""
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
