"""Picture files: path by day and hash, atomic writes, idempotent deletes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from custom_components.smart_community.core.records.image_files import (
    ImageFiles,
    image_path,
    sha256_hex,
)


def test_path_uses_the_utc_day_and_the_content_type() -> None:
    seen = datetime(2026, 3, 10, 7, 30, tzinfo=timezone(timedelta(hours=8)))  # 09 Mar UTC
    assert image_path("ab", seen) == "2026/03/09/ab.jpg"
    assert image_path("ab", seen, "image/png") == "2026/03/09/ab.png"
    assert image_path("ab", seen, "application/x-unknown") == "2026/03/09/ab.bin"


def test_write_read_delete(tmp_path: Path) -> None:
    files = ImageFiles(tmp_path)
    assert files.write("2026/03/09/a.jpg", b"abc") is True
    assert files.write("2026/03/09/a.jpg", b"abc") is False  # already there
    assert files.read("2026/03/09/a.jpg") == b"abc"
    assert files.delete("2026/03/09/a.jpg") == 3
    assert files.delete("2026/03/09/a.jpg") == 0  # already gone


def test_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", broken_fsync)
    with pytest.raises(OSError):
        ImageFiles(tmp_path).write("2026/03/09/a.jpg", b"abc")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_sha256_hex() -> None:
    assert sha256_hex(b"abc").startswith("ba7816bf")
    assert len(sha256_hex(b"")) == 64


def test_utc_input_keeps_its_day() -> None:
    assert image_path("x", datetime(2026, 12, 31, 23, 59, tzinfo=UTC)) == "2026/12/31/x.jpg"
