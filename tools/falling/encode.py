"""Write rendered grey frames as a camera-like H.264 MP4 with PyAV."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray


def write_mp4(
    path: Path,
    frames: Iterable[NDArray[np.uint8]],
    fps: float,
    *,
    crf: int = 26,
    gop: int = 50,
    preset: str = "veryfast",
) -> int:
    """Encode luma frames (chroma neutral) as H.264 yuv420p; returns the frame count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with av.open(str(path), "w") as container:
        stream = None
        chroma: NDArray[np.uint8] | None = None
        for frame_array in frames:
            h, w = frame_array.shape
            if stream is None:
                stream = container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
                stream.width, stream.height = w, h
                stream.pix_fmt = "yuv420p"
                stream.options = {
                    "crf": str(crf),
                    "preset": preset,
                    "g": str(gop),
                    "bf": "0",
                    "threads": "1",
                }
                stream.codec_context.time_base = (
                    Fraction(1, round(fps * 1000)) if fps != int(fps) else Fraction(1, int(fps))
                )
                chroma = np.full((h // 2, w), 128, np.uint8)
            assert chroma is not None
            frame = av.VideoFrame.from_ndarray(np.vstack([frame_array, chroma]), format="yuv420p")
            frame.pts = count if fps == int(fps) else round(count * 1000)
            for packet in stream.encode(frame):
                container.mux(packet)
            count += 1
        if stream is not None:
            for packet in stream.encode():
                container.mux(packet)
    return count
