"""CTC decoding of the plate recogniser's output (no model: synthetic probabilities)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from custom_components.smart_community.core.recognition.plates.ocr import CtcRecognizer

CHARS = ["皖", "京", "A", "1", "2", "警"]  # dictionary order: class k + 1 is CHARS[k]


@pytest.fixture
def ocr(tmp_path: Path) -> CtcRecognizer:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("\n".join(CHARS), encoding="utf-8")
    # the model is opened lazily: decoding alone never touches it
    return CtcRecognizer(tmp_path / "absent.onnx", dictionary)


def _steps(*rows: dict[str, float]) -> np.ndarray:
    """One probability row per time step; the rest of each row's mass goes to the blank."""
    probs = np.zeros((len(rows), len(CHARS) + 2), dtype=np.float32)
    for t, row in enumerate(rows):
        for char, p in row.items():
            probs[t, CHARS.index(char) + 1] = p
        probs[t, 0] = 1.0 - sum(row.values())
    return probs


def test_a_character_spanning_steps_takes_their_mean(ocr: CtcRecognizer) -> None:
    line = ocr._decode(_steps({"皖": 0.9, "京": 0.1}, {"皖": 0.6, "京": 0.4}, {"A": 1.0}))
    assert [c.char for c in line.chars] == ["皖", "A"]
    assert line.chars[0].prob == pytest.approx(0.75)
    assert line.chars[0].among("京皖") == pytest.approx({"京": 0.25, "皖": 0.75})


def test_repeated_character_needs_a_blank_between(ocr: CtcRecognizer) -> None:
    line = ocr._decode(_steps({"1": 1.0}, {"1": 1.0}, {}, {"1": 1.0}))
    assert [c.char for c in line.chars] == ["1", "1"]


def test_steps_before_the_first_character_give_the_lead(ocr: CtcRecognizer) -> None:
    # the province glyph left only a trace: blank won every step before the letter
    line = ocr._decode(_steps({"皖": 0.3}, {"京": 0.1}, {"A": 1.0}, {"1": 1.0}))
    assert [c.char for c in line.chars] == ["A", "1"]
    assert line.lead is not None
    assert (line.lead.char, line.lead.inferred) == ("皖", True)
    assert line.lead.prob == pytest.approx(0.3)


def test_steps_after_the_last_character_give_the_tail(ocr: CtcRecognizer) -> None:
    line = ocr._decode(_steps({"A": 1.0}, {"警": 0.2}, {}))
    assert line.tail is not None
    assert line.tail.char == "警"
    assert line.chars[-1].inferred is False


def test_nothing_read_gives_no_lead_or_tail(ocr: CtcRecognizer) -> None:
    line = ocr._decode(_steps({}, {}))
    assert line.chars == []
    assert line.lead is None and line.tail is None
