"""Numbers as devices send them (JSON numbers, XML text), checked before anyone computes with them.

``float("nan")``, ``float("1e999")`` and ``int(float("inf"))`` are all Python, and all
wrong for a similarity or an event code: a NaN compares false with every threshold, an
infinity raises ``OverflowError`` far from the decoder. These helpers accept finite numbers
of reasonable size only and raise :class:`~.errors.DecodeError` naming the field otherwise.

>>> integer("5", "majorEventType")
5
>>> fraction("87.5", "similarity")
0.875
>>> try:
...     finite_number("nan", "similarity")
... except DecodeError as err:
...     print(err)
similarity: expected a finite number, got 'nan'
"""

from __future__ import annotations

import math

from .errors import DecodeError

MAX_NUMBER_TEXT = 40  # characters of a number written as text; a real value needs far fewer
MAX_INTEGER = 2**63 - 1  # event codes, counts and ids as numbers all fit a signed 64-bit int


def finite_number(value: object, field: str) -> float | None:
    """``value`` as a finite float (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise DecodeError(f"expected a number, got {value!r}", field=field)
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_TEXT:
            raise DecodeError(f"number of {len(text)} characters is not a value", field=field)
        try:
            number = float(text)
        except ValueError:
            raise DecodeError(f"expected a number, got {text!r}", field=field) from None
    elif isinstance(value, int):
        if abs(value) > MAX_INTEGER:
            raise DecodeError("number out of range", field=field)
        number = float(value)
    elif isinstance(value, float):
        number = value
    else:
        raise DecodeError(f"expected a number, got {type(value).__name__}", field=field)
    if not math.isfinite(number):
        raise DecodeError(f"expected a finite number, got {value!r}", field=field)
    return number


def integer(value: object, field: str) -> int | None:
    """``value`` as an int of at most 64 bits; ``5.0`` and ``"5"`` are 5, ``5.5`` is an error."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_INTEGER:
            raise DecodeError("integer out of range", field=field)
        return value
    number = finite_number(value, field)
    if number is None:
        return None
    if not number.is_integer():
        raise DecodeError(f"expected an integer, got {value!r}", field=field)
    if abs(number) > MAX_INTEGER:
        raise DecodeError("integer out of range", field=field)
    return int(number)


def fraction(value: object, field: str) -> float | None:
    """A similarity or confidence: 0..1, or a percentage 0..100 scaled to 0..1."""
    number = finite_number(value, field)
    if number is None:
        return None
    if not 0 <= number <= 100:
        raise DecodeError(f"expected 0..1 or a percentage, got {value!r}", field=field)
    return number / 100 if number > 1 else number
