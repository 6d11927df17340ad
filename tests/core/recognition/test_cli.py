"""The command lines: JSON lines per image, rejected photos with reasons, from any directory."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from custom_components.smart_community.core.recognition.cli import main

pytestmark = pytest.mark.models
ROOT = Path(__file__).parents[3]


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_faces_enroll_then_identify(
    models_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    samples = models_dir / "datasets" / "face_recognition"
    photos = tmp_path / "photos"
    (photos / "obama").mkdir(parents=True)
    shutil.copy(samples / "obama.jpg", photos / "obama" / "a.jpg")
    shutil.copy(data_dir / "no_plate.jpg", photos / "obama" / "empty.jpg")
    gallery = tmp_path / "gallery"
    assert main(["--models", str(models_dir), "faces", "enroll", str(gallery), str(photos)]) == 0
    out = capsys.readouterr().out
    assert "empty.jpg: no face found" in out
    assert "enrolled 1 photos of 1 people" in out
    images = [
        str(samples / "obama2.jpg"),
        str(samples / "biden.jpg"),
        str(data_dir / "no_plate.jpg"),
    ]
    assert main(["--models", str(models_dir), "faces", "identify", str(gallery), *images]) == 0
    lines = _lines(capsys.readouterr().out)
    assert [line["person_id"] for line in lines] == ["obama", None, None]
    assert all({"image", "person_id", "similarity", "ms"} <= set(line) for line in lines)


def test_plates_read_and_vote(
    models_dir: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    image = str(data_dir / "plate_exif_rotated.jpg")
    assert main(["--models", str(models_dir), "plates", "read", image]) == 0
    (line,) = _lines(capsys.readouterr().out)
    assert (line["plate"], line["color"]) == ("皖A7K2D9", "blue")
    assert main(["--models", str(models_dir), "plates", "read", "--frames", image, image]) == 0
    (voted,) = _lines(capsys.readouterr().out)
    assert voted["plate"] == "皖A7K2D9"
    assert voted["frames"] == 2


def test_plates_script_runs_from_another_directory(
    models_dir: Path, tmp_path: Path, data_dir: Path
) -> None:
    shutil.copy(data_dir / "plate_yellow_720p.jpg", tmp_path / "car.jpg")
    done = subprocess.run(
        [str(ROOT / "scripts" / "plates"), "read", "car.jpg"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "SC_MODELS_DIR": str(models_dir)},
    )
    (line,) = _lines(done.stdout)
    assert (line["image"], line["plate"], line["color"]) == ("car.jpg", "苏E1234学", "yellow")
