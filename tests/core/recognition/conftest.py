"""Fixtures for the recognition tests. ``models_dir`` prepares the real weights once a session
(a no-op when ``scripts/models`` already ran)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from custom_components.smart_community.core.recognition import model_files as mf

DATA = Path(__file__).parents[2] / "data" / "recognition"


@pytest.fixture(scope="session")
def models_dir() -> Path:
    from tools.models.prepare import prepare

    directory = mf.default_models_dir()
    prepare(directory)
    return directory


@pytest.fixture(scope="session")
def celebrity(models_dir: Path) -> Path:
    return models_dir / mf.CELEBRITY_FACES


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)


@pytest.fixture
def data_dir() -> Path:
    return DATA
