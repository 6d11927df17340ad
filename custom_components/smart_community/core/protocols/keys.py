"""Key lookup tolerant of vendor spelling: ``PlateNo``, ``plateNo``, ``plate_no`` are one key."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .errors import DecodeError

MAX_TEXT = 1024  # characters of an id, name, code or other short text field
_MAX_ID_NUMBER = 10**40  # GB/T 28181 codes have 20 digits, GA/T 1400 object ids 48 (as text)
_EXACT_FLOAT = 2**53  # a larger float has lost digits: no id


def normalise_key(key: str) -> str:
    """Lower case without ``_``, ``-`` and spaces."""
    return key.replace("_", "").replace("-", "").replace(" ", "").lower()


def pick(obj: object, *names: str) -> Any:
    """First present, non-empty value of ``names`` in mapping ``obj`` (any key spelling)."""
    if not isinstance(obj, Mapping):
        return None
    wanted = [normalise_key(name) for name in names]
    index: dict[str, Any] = {}
    for key, value in obj.items():
        if isinstance(key, str) and value is not None and value != "":
            index.setdefault(normalise_key(key), value)
    for name in wanted:
        value = index.get(name)
        if value is not None and value != "":
            return value
    return None


def pick_str(obj: object, *names: str, max_length: int = MAX_TEXT) -> str | None:
    """Like :func:`pick`, as a stripped string (numbers are accepted as device ids).

    A text longer than ``max_length`` or a number that is no id (``1e300``, ``nan``, 70
    digits) is a :class:`DecodeError`: ids, names and codes are short.
    """
    value = pick(obj, *names)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= _EXACT_FLOAT:
            raise DecodeError(f"expected an id or text, got {value!r}", field=names[0])
        value = int(value) if value.is_integer() else value
    if isinstance(value, int) and abs(value) >= _MAX_ID_NUMBER:
        raise DecodeError("number too large for an id", field=names[0])
    if isinstance(value, int | float | str):
        text = str(value).strip()
        if len(text) > max_length:
            raise DecodeError(
                f"text of {len(text)} characters (at most {max_length})", field=names[0]
            )
        return text or None
    return None


def find_deep(obj: object, *names: str, depth: int = 8) -> Any:
    """First value of ``names`` anywhere in nested mappings / lists (breadth first)."""
    wanted = {normalise_key(name) for name in names}
    level: list[object] = [obj]
    for _ in range(depth):
        following: list[object] = []
        for item in level:
            if isinstance(item, Mapping):
                for key, value in item.items():
                    if (
                        isinstance(key, str)
                        and normalise_key(key) in wanted
                        and value is not None
                        and value != ""
                    ):
                        return value
                    following.append(value)
            elif isinstance(item, list):
                following.extend(item)
        if not following:
            return None
        level = following
    return None


def as_list(value: object) -> list[Any]:
    """A JSON/XML "list" that may arrive as a single object, a list, or nothing."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [value]
