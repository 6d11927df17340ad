"""Rendered clips for the falling-object tests: small (640x360 or 480x270), seconds long, from
fixed seeds, so that every run sees the same pictures and truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custom_components.smart_community.core.falling.facade import Facade
from tools.falling.clip import ClipRenderer, ClipSpec
from tools.falling.encode import write_mp4

ROOT = Path(__file__).parents[3]


@pytest.fixture(scope="session")
def throw_clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, object]]:
    """A 640x360 H.264 clip with one throw (day), its facade file and its truth."""
    folder = tmp_path_factory.mktemp("throw")
    spec = ClipSpec(
        seed=3,
        seconds=7.0,
        throws=1,
        night=False,
        width=640,
        height=360,
        birds=2,
        leaves=2,
        people=1,
        size_px=(10.0, 12.0),
    )
    renderer = ClipRenderer(spec)
    write_mp4(folder / "clip.mp4", renderer.frames(), spec.fps)
    truth = renderer.truth()
    (folder / "facade.json").write_text(json.dumps(truth["facade"]))
    return folder / "clip.mp4", folder / "facade.json", truth


@pytest.fixture(scope="session")
def facade_of_clip(throw_clip: tuple[Path, Path, dict[str, object]]) -> Facade:
    return Facade.load(throw_clip[1])
