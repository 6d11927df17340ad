"""The real plate models on rendered plates and the committed samples."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from custom_components.smart_community.core.recognition.plates.engine import PlateEngine
from tools.models.plate_synth import random_plate, render_scene

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def engine(models_dir: Path) -> PlateEngine:
    return PlateEngine(models_dir)


def _jpeg(scene_image: object) -> bytes:
    buffer = io.BytesIO()
    scene_image.save(buffer, format="JPEG", quality=90)  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_rendered_scenes_read_exactly(engine: PlateEngine) -> None:
    rng = random.Random(99)
    total, exact, colours = 24, 0, 0
    for _ in range(total):
        text, colour = random_plate(rng)
        scene = render_scene(rng, text, colour)
        read = engine.read(_jpeg(scene.image))
        exact += read is not None and read.plate == text
        colours += read is not None and read.colour == colour
    assert exact >= total - 2
    assert colours >= total - 2


@pytest.mark.parametrize("kind", ["blue", "yellow", "green", "yellow_green", "white", "black"])
def test_each_plate_kind_reads(engine: PlateEngine, kind: str) -> None:
    rng = random.Random(hash(kind) % 1000)
    text, colour = random_plate(rng, kind)
    scene = render_scene(rng, text, colour, plate_width=(220, 240), tilt=0.04, blur=0.3)
    read = engine.read(_jpeg(scene.image))
    assert read is not None
    assert (read.plate, read.colour) == (text, colour)


def test_committed_samples(engine: PlateEngine, data_dir: Path) -> None:
    labels = json.loads((data_dir / "labels.json").read_text(encoding="utf-8"))
    for name, label in labels.items():
        read = engine.read((data_dir / name).read_bytes())
        if label["plate"] is None:
            assert read is None, name
            continue
        assert read is not None, name
        assert read.plate == label["plate"], name
        assert read.colour == (label["colour"] or "unknown"), name


def test_voting_over_a_pass_fixes_a_bad_frame(engine: PlateEngine) -> None:
    rng = random.Random(5)
    text, colour = "皖A8B3C6", "blue"
    frames = [
        _jpeg(render_scene(rng, text, colour, plate_width=(200, 230)).image) for _ in range(3)
    ]
    frames.append(
        _jpeg(render_scene(rng, text, colour, plate_width=(70, 80), blur=2.5, noise=25).image)
    )
    voted = engine.read_frames(frames)
    assert voted is not None
    assert voted.plate == text
    assert voted.frames >= 3


def test_picture_without_plate_reads_nothing(engine: PlateEngine, data_dir: Path) -> None:
    assert engine.read((data_dir / "no_plate.jpg").read_bytes()) is None
