"""scripts/models and the engine agree on where every model file lives."""

from __future__ import annotations

from custom_components.smart_community.core.recognition import model_files
from tools.models import layout


def test_layout_matches_the_engine() -> None:
    names = [n for n in dir(layout) if n.isupper()]
    assert names
    for name in names:
        assert getattr(layout, name) == getattr(model_files, name), name
    assert layout.default_models_dir() == model_files.default_models_dir()
