"""Chinese motor-vehicle plates (GA 36), the shapes a residential barrier meets.

A plate is a province character, the issuing-authority letter and a serial:

- ordinary (blue/yellow): 5 serial characters, letters without I and O, or digits — 皖A12345;
- new energy (green, 8 characters): small cars ``[DABCEFGHJK]`` + letter/digit + 4 digits
  (皖AD12345), large vehicles 5 digits + ``D``/``F`` (皖A12345D);
- 4 serial characters and a suffix: 警 police, 学 driving school, 挂 trailer, 领 consulate,
  and 港 / 澳 on 粤Z cross-border plates;
- embassy plates: 使 and 6 digits, at either end (使014578, 224001使).

Spaces, dots and dashes are ignored and letters upper-cased.

>>> validate_plate("皖a·12345")
'皖A12345'
"""

from __future__ import annotations

import re

from .errors import RegistryError

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"  # I and O are never used: they read as 1 and 0
_SERIAL = f"[{_LETTER}0-9]"
_NEV_SMALL_KIND = "[DABCEFGHJK]"
_PATTERNS = (
    rf"[{PROVINCES}][{_LETTER}]{_SERIAL}{{5}}",
    rf"[{PROVINCES}][{_LETTER}]{_NEV_SMALL_KIND}{_SERIAL}\d{{4}}",
    rf"[{PROVINCES}][{_LETTER}]\d{{5}}[DF]",
    rf"[{PROVINCES}][{_LETTER}]{_SERIAL}{{4}}[警学挂领]",
    rf"粤Z{_SERIAL}{{4}}[港澳]",
    r"使\d{6}",
    r"\d{6}使",
)
_PLATE = re.compile("|".join(f"(?:{pattern})" for pattern in _PATTERNS))
_SEPARATORS = re.compile(r"[\s·•.\-]")

PLATE_COLORS = frozenset({"blue", "yellow", "green", "white", "black", "yellow_green"})


def compact_plate(plate: str) -> str:
    """Drop separators and upper-case: ``皖a·12345`` → ``皖A12345``."""
    return _SEPARATORS.sub("", plate).upper()


def validate_plate(plate: str) -> str:
    """Return the compact plate or raise ``RegistryError("invalid_plate")``."""
    compact = compact_plate(plate)
    if not _PLATE.fullmatch(compact):
        raise RegistryError("invalid_plate", plate=plate)
    return compact


def is_valid_plate(plate: str) -> bool:
    """Whether ``validate_plate`` accepts the plate."""
    return _PLATE.fullmatch(compact_plate(plate)) is not None


def is_new_energy(plate: str) -> bool:
    """Eight-character plates are the green new-energy ones."""
    return len(validate_plate(plate)) == 8


def validate_plate_color(color: str) -> str:
    """One of ``PLATE_COLORS`` (the values ``DeviceEvent.plate_color`` uses)."""
    if color not in PLATE_COLORS:
        raise RegistryError("invalid_plate_color", color=color)
    return color
