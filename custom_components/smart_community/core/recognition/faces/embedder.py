"""Any ONNX face embedder: the bundled SFace (default) or FaceNet, or the user's own (ArcFace ...).

The input may be NCHW or NHWC (read from the model), its size fixed by the model or given, the
normalisation ``prewhiten`` (per-image standardisation, FaceNet) or ``mean_std`` (``(x - mean) /
std``; ArcFace uses mean 127.5, std 127.5; SFace normalises inside its graph, so it is fed raw
0..255 pixels: mean 0, std 1). The first output is the embedding; it is L2-normalised here
whatever the model does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from ..imaging import RGB
from ..runtime import LazySession

type Embedding = NDArray[np.float32]


@dataclass(frozen=True, kw_only=True)
class EmbedderSpec:
    """How to feed an embedding model. ``None`` fields are read from the model when it is static."""

    input_size: tuple[int, int] | None = None  # (w, h)
    layout: Literal["NCHW", "NHWC"] | None = None
    channels: Literal["RGB", "BGR"] = "RGB"
    normalisation: Literal["prewhiten", "mean_std"] = "prewhiten"
    mean: float = 127.5
    std: float = 128.0
    face_scale: float = 0.9  # template zoom: < 1 keeps forehead / chin margin around the face


FACENET_SPEC = EmbedderSpec(normalisation="prewhiten", face_scale=0.9)
# OpenCV Zoo's SFace: NCHW 1x3x112x112, RGB 0..255 (its graph computes (x - 127.5) / 128 itself;
# OpenCV's FaceRecognizerSF swaps its BGR image to RGB). Standard 112x112 template, no zoom.
SFACE_SPEC = EmbedderSpec(
    normalisation="mean_std", mean=0.0, std=1.0, channels="RGB", face_scale=1.0
)
ARCFACE_SPEC = EmbedderSpec(
    normalisation="mean_std", mean=127.5, std=127.5, channels="RGB", face_scale=1.0
)


class Embedder:
    """Lazily loaded embedding model."""

    def __init__(self, model: Path, spec: EmbedderSpec = SFACE_SPEC) -> None:
        self._session = LazySession(model)
        self._spec = spec
        self._resolved: tuple[tuple[int, int], str, str] | None = None

    @property
    def spec(self) -> EmbedderSpec:
        return self._spec

    def _resolve(self) -> tuple[tuple[int, int], str, str]:
        if self._resolved is None:
            node = self._session.get().get_inputs()[0]
            shape = list(node.shape)
            layout = self._spec.layout
            if layout is None:
                layout = "NCHW" if len(shape) == 4 and shape[1] == 3 else "NHWC"
            dims = shape[2:4] if layout == "NCHW" else shape[1:3]
            if self._spec.input_size is not None:
                size = self._spec.input_size
            elif all(isinstance(d, int) for d in dims):
                size = (int(dims[1]), int(dims[0]))
            else:
                raise ValueError("the embedder's input size is dynamic: set input_size")
            self._resolved = (size, layout, str(node.name))
        return self._resolved

    @property
    def input_size(self) -> tuple[int, int]:
        """(w, h) that aligned faces must have."""
        return self._resolve()[0]

    def preprocess(self, face: RGB) -> NDArray[np.float32]:
        _, layout, _ = self._resolve()
        pixels = face.astype(np.float32)
        if self._spec.channels == "BGR":
            pixels = pixels[..., ::-1]
        if self._spec.normalisation == "prewhiten":
            std = max(float(pixels.std()), 1.0 / np.sqrt(pixels.size))
            pixels = (pixels - float(pixels.mean())) / std
        else:
            pixels = (pixels - self._spec.mean) / self._spec.std
        if layout == "NCHW":
            pixels = pixels.transpose(2, 0, 1)
        return np.ascontiguousarray(pixels[None], dtype=np.float32)

    def embed(self, face: RGB) -> Embedding:
        """Unit-length embedding of one aligned face of ``input_size``."""
        _, _, name = self._resolve()
        output = self._session.get().run(None, {name: self.preprocess(face)})[0]
        vector = np.asarray(output, dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector
