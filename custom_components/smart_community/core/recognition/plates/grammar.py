"""Chinese plate numbers (GA 36): the grammar the OCR output is decoded under.

* ordinary (blue small cars, yellow large vehicles): province character, issuing-authority
  letter, 5 serial characters (letters and digits), e.g. ``皖A12345``, ``皖AB123C``;
* special suffix replacing the last serial character: 学 (driving school, yellow), 挂
  (trailer, yellow), 警 (police, white), 港 / 澳 (Hong Kong / Macao vehicles, 粤Z, black),
  领 (consulate, black): ``皖A1234学``;
* new energy, 8 characters: small cars ``皖AD12345`` (green gradient; D A B C E pure electric,
  F G H J K other new energy, then a letter or digit, then 4 digits), large vehicles
  ``皖A12345D`` (yellow-green; 5 digits then D or F);
* 港 / 澳 only on Guangdong's cross-border plates, ``粤Z1234港``;
* embassy: ``使`` and 6 digits, at either end (black).

These are the shapes the people registry accepts (``core/people/plate.py``).

Plates never contain I or O: an OCR ``O`` / ``I`` in a serial position is read as 0 / 1; the
authority letter and the energy letter take the nearest allowed letter (``0`` -> D). Where the
OCR gave alternatives, the most probable allowed one wins. A known plate colour makes the
shapes that cannot have it less likely (an 8-character read on a blue plate is a misread).

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
ENERGY = "DABCEFGHJK"  # D A B C E: pure electric; F G H J K: other new energy
ALPHABET = set(PROVINCES + LETTERS + DIGITS + SUFFIXES + "使IO")

# (name, one allowed charset per position)
PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ordinary", (PROVINCES, LETTERS, SERIAL, SERIAL, SERIAL, SERIAL, SERIAL)),
    ("special", (PROVINCES, LETTERS, SERIAL, SERIAL, SERIAL, SERIAL, SUFFIXES)),
    ("new_energy_small", (PROVINCES, LETTERS, ENERGY, SERIAL, DIGITS, DIGITS, DIGITS, DIGITS)),
    ("new_energy_large", (PROVINCES, LETTERS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, "DF")),
    ("embassy", ("使", DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS)),
    ("embassy", (DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, "使")),
)
# 港 / 澳 plates are the cross-border plates Guangdong issues: always 粤Z
CROSS_BORDER = ("港", "澳")
CROSS_BORDER_PREFIX = "粤Z"

# The colours each shape is issued in (GA 36 tables 1-2); "unknown" (IR night shots) fits all.
SHAPE_COLOURS: dict[str, frozenset[str]] = {
    "ordinary": frozenset({"blue", "yellow", "black"}),  # white plates are police: 警
    "new_energy_small": frozenset({"green"}),
    "new_energy_large": frozenset({"yellow_green", "green"}),
    "embassy": frozenset({"black"}),
}
SUFFIX_COLOURS: dict[str, frozenset[str]] = {
    "学": frozenset({"yellow"}),
    "挂": frozenset({"yellow"}),
    "警": frozenset({"white"}),
    "港": frozenset({"black"}),
    "澳": frozenset({"black"}),
    "领": frozenset({"black"}),
}
# GA 36 serials are mostly digits: at most two letters are issued (a third is rare, from
# personalised selection in some cities); four or five letters is a shop sign, not a plate.
MAX_SERIAL_LETTERS = 3
THIRD_LETTER_PENALTY = 0.3

# A colour read off a small crop is itself uncertain: a misfit costs this factor, not a veto.
COLOUR_MISFIT_PENALTY = 0.2

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
    score: float = 0.0  # log-likelihood of the choice (colour fit included): ranks candidates
    reads: tuple[CharRead, ...] = ()  # the OCR character behind each position


def colour_fits(pattern: str, text: str, colour: str | None) -> bool:
    """Whether a plate of this shape can have this background colour."""
    if colour is None or colour == "unknown":
        return True
    if pattern == "special":
        return colour in SUFFIX_COLOURS.get(text[-1], frozenset())
    return colour in SHAPE_COLOURS.get(pattern, frozenset({colour}))


def _best_allowed(read: CharRead, allowed: str) -> tuple[str, float] | None:
    if allowed in (PROVINCES, SUFFIXES):
        # the full distribution: a small province glyph or a red 警 is often outside the top 8
        among = read.among(allowed)
        if among:
            char = max(among, key=lambda c: among[c])
            if among[char] > 0.0 and (allowed == PROVINCES or char == read.char):
                return char, among[char]
            if allowed == SUFFIXES and among[char] > 0.0:
                return char, among[char] * CONFUSION_PENALTY
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


def clean(reads: Sequence[CharRead]) -> list[CharRead]:
    """Separators (the dot, dashes, spaces) go; other unknown characters stay and must be
    rescued by an allowed alternative, else the read fits no pattern."""
    return [r for r in reads if r.char in ALPHABET or r.char.isalnum()]


# A stray character read from the plate's frame or a screw (``皖A12345 1``) is dropped at
# this cost when the whole read fits no pattern but the rest does.
STRAY_PENALTY = 0.3


def candidates(
    reads: Sequence[CharRead],
    colour: str | None = None,
    *,
    lead: CharRead | None = None,
    tail: CharRead | None = None,
) -> list[DecodedPlate]:
    """Every pattern the OCR characters fit, best first.

    Two repairs are weighed against the read as it is: a character the recogniser did not
    commit to before the first or after the last one (``lead`` / ``tail``: a small province
    glyph, a red 警) is put back, with its own low probability as the cost; and, when nothing
    else fits, one stray character at either end of a long read is dropped (``STRAY_PENALTY``).
    """
    kept = clean(reads)
    out = _fit(kept, colour, 0.0)
    # the repairs compete with the read as it is: ``B55457F`` fits an ordinary plate only by
    # taking B for a province and 5 for S, while the province left in the lead gives the
    # 8-character plate without any substitution
    if lead is not None:
        out += _fit([lead, *kept], colour, 0.0)
    if tail is not None:
        out += _fit([*kept, tail], colour, 0.0)
    if not out and len(kept) >= 8:
        stray = math.log(STRAY_PENALTY)
        out += _fit(kept[1:], colour, stray) + _fit(kept[:-1], colour, stray)
    return sorted(out, key=lambda d: d.score, reverse=True)


def _fit(kept: Sequence[CharRead], colour: str | None, prior: float) -> list[DecodedPlate]:
    out: list[DecodedPlate] = []
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
            for variant in _serial_variants(name, kept, chosen):
                text = "".join(c for c, _ in variant)
                if not _cross_border_fits(text):
                    continue
                score = prior + sum(math.log(p) for _, p in variant)
                if _serial_letters(name, text) == MAX_SERIAL_LETTERS:
                    score += math.log(THIRD_LETTER_PENALTY)
                if not colour_fits(name, text, colour):
                    score += math.log(COLOUR_MISFIT_PENALTY)
                out.append(
                    DecodedPlate(
                        text=text,
                        pattern=name,
                        confidence=sum(p for _, p in variant) / len(variant),
                        chars=tuple(variant),
                        score=score,
                        reads=tuple(kept),
                    )
                )
    return out


def _cross_border_fits(text: str) -> bool:
    return text[-1] not in CROSS_BORDER or text.startswith(CROSS_BORDER_PREFIX[1:], 1)


def _serial_letters(pattern: str, text: str) -> int:
    return sum(c in LETTERS for c in text[2:7]) if pattern in ("ordinary", "special") else 0


def _serial_variants(
    pattern: str, kept: Sequence[CharRead], chosen: list[tuple[str, float]]
) -> list[list[tuple[str, float]]]:
    """The choice itself and, when its serial has more letters than GA 36 issues, the same
    with the weakest letters read as their best digit instead (``8X`` vs ``88``)."""
    text = "".join(c for c, _ in chosen)
    letters = _serial_letters(pattern, text)
    if letters < MAX_SERIAL_LETTERS:
        return [chosen]
    variants = [chosen] if letters == MAX_SERIAL_LETTERS else []
    swaps = []
    for i in range(2, min(7, len(chosen))):
        if chosen[i][0] in LETTERS:
            digit = _best_allowed(kept[i], DIGITS)
            if digit is not None and digit[1] > 1e-4:
                swaps.append((chosen[i][1] / digit[1], i, digit))
    swaps.sort()  # the letters least ahead of their digit reading go first
    variant = list(chosen)
    for _, i, digit in swaps:
        variant[i] = digit
        letters -= 1
        if letters <= MAX_SERIAL_LETTERS:
            variants.append(list(variant))
    return variants


def decode(reads: Sequence[CharRead], colour: str | None = None) -> DecodedPlate | None:
    """The most probable valid plate for the OCR characters, or None."""
    found = candidates(reads, colour)
    return found[0] if found else None


def decode_text(text: str) -> str | None:
    """Decode plain text (no probabilities): separators dropped, O/I fixed."""
    reads = [CharRead(c, 1.0, ((c, 1.0),)) for c in text if c in ALPHABET]
    decoded = decode(reads)
    return decoded.text if decoded else None


def pattern_of(text: str) -> str | None:
    """The GA 36 shape of a valid plate number, or None."""
    for name, charsets in PATTERNS:
        if len(charsets) == len(text) and all(c in s for c, s in zip(text, charsets, strict=True)):
            if _serial_letters(name, text) > MAX_SERIAL_LETTERS or not _cross_border_fits(text):
                return None
            return name
    return None


def is_valid(text: str) -> bool:
    return pattern_of(text) is not None
