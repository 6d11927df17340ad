"""Chinese plate numbers (GA 36): the grammar the OCR output is decoded under.

* ordinary (blue / yellow): province character, issuing-authority letter, 5 serial characters
  (letters and digits), e.g. ``皖A12345``, ``皖AB123C``;
* special suffix replacing the last serial character: 学 (driving school), 挂 (trailer),
  警 (police), 港 / 澳 (Hong Kong / Macao vehicles, 粤Z), 领 (consulate): ``皖A1234学``;
* new energy, 8 characters: small cars ``皖AD12345`` (D electric / F hybrid, then a letter or
  digit, then 4 digits), large vehicles ``皖A12345D`` (5 digits then D / F);
* embassy: ``使`` + 6 digits.

Plates never contain I or O: an OCR ``O`` / ``I`` in a serial position is read as 0 / 1; the
authority letter and the D/F letter take the nearest allowed letter (``0`` -> D). Where the OCR
gave alternatives, the most probable allowed one wins.

>>> decode_text("皖A·12O45")
'皖A12045'
>>> decode_text("皖AD1234")
'皖AD1234'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .ocr import CharRead

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DIGITS = "0123456789"
SERIAL = LETTERS + DIGITS
SUFFIXES = "学挂警港澳领"
ALPHABET = set(PROVINCES + LETTERS + DIGITS + SUFFIXES + "使IO")

# (name, one allowed charset per position)
PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ordinary", (PROVINCES, LETTERS, SERIAL, SERIAL, SERIAL, SERIAL, SERIAL)),
    ("special", (PROVINCES, LETTERS, SERIAL, SERIAL, SERIAL, SERIAL, SUFFIXES)),
    ("new_energy_small", (PROVINCES, LETTERS, "DF", SERIAL, DIGITS, DIGITS, DIGITS, DIGITS)),
    ("new_energy_large", (PROVINCES, LETTERS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, "DF")),
    ("embassy", ("使", DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS)),
)

# OCR character -> plate character it stands for where the plate character is not allowed
CONFUSIONS: dict[str, str] = {
    "O": "0D",
    "I": "1",
    "Q": "0",
    "D": "0",
    "0": "DQ",
    "1": "",
    "8": "B",
    "B": "8",
    "2": "Z",
    "Z": "2",
    "5": "S",
    "S": "5",
    "6": "G",
    "G": "6",
    "E": "F",
}
CONFUSION_PENALTY = 0.5


@dataclass(frozen=True, slots=True)
class DecodedPlate:
    text: str
    pattern: str
    confidence: float  # mean probability of the chosen characters
    chars: tuple[tuple[str, float], ...]


def _best_allowed(read: CharRead, allowed: str) -> tuple[str, float] | None:
    best: tuple[str, float] | None = None
    for char, prob in read.alternatives or ((read.char, read.prob),):
        candidates = [(char, prob)] if char in allowed else []
        candidates += [
            (c, prob * CONFUSION_PENALTY) for c in CONFUSIONS.get(char, "") if c in allowed
        ]
        for cand in candidates:
            if best is None or cand[1] > best[1]:
                best = cand
    return best


def decode(reads: Sequence[CharRead]) -> DecodedPlate | None:
    """The most probable valid plate for the OCR characters, or None."""
    # separators (the dot, dashes, spaces) go; other unknown characters stay and must be
    # rescued by an allowed alternative, else the read does not fit any pattern
    kept = [r for r in reads if r.char in ALPHABET or r.char.isalnum()]
    best: DecodedPlate | None = None
    best_score = -math.inf
    for name, charsets in PATTERNS:
        if len(charsets) != len(kept):
            continue
        chosen: list[tuple[str, float]] = []
        for read, allowed in zip(kept, charsets, strict=True):
            pick = _best_allowed(read, allowed)
            if pick is None or pick[1] <= 1e-4:
                break
            chosen.append(pick)
        else:
            score = sum(math.log(p) for _, p in chosen)
            if score > best_score:
                best_score = score
                best = DecodedPlate(
                    text="".join(c for c, _ in chosen),
                    pattern=name,
                    confidence=sum(p for _, p in chosen) / len(chosen),
                    chars=tuple(chosen),
                )
    return best


def decode_text(text: str) -> str | None:
    """Decode plain text (no probabilities): separators dropped, O/I fixed."""
    reads = [CharRead(c, 1.0, ((c, 1.0),)) for c in text if c in ALPHABET]
    decoded = decode(reads)
    return decoded.text if decoded else None


def is_valid(text: str) -> bool:
    return any(
        len(charsets) == len(text) and all(c in s for c, s in zip(text, charsets, strict=True))
        for _, charsets in PATTERNS
    )
