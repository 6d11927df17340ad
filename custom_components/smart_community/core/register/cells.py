"""Spreadsheet cells to clean text, undoing what Excel and hand-editing do to values.

Real registers arrive with full-width digits (３４０１), trailing spaces, numbers Excel stored as
floats (340102.0, 1.17330879E2), dates as date cells or serial numbers. Everything is turned
into text here once, so the field parsers only see one representation.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from ..spreadsheet_cells import unescape_csv_cell

_INTEGRAL_FLOAT = re.compile(r"([+-]?\d+)\.0+")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00a0"), " ")
EXACT_FLOAT_DIGITS = 15  # a double keeps 15 significant decimal digits, no more
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's leap-year bug included)


def cell_text(value: object) -> str:
    """Text of a CSV or openpyxl cell: NFKC (full-width → ASCII), stripped."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10**EXACT_FLOAT_DIGITS:
            return str(int(value))
        return repr(value)
    text = unicodedata.normalize("NFKC", str(value).translate(_INVISIBLE))
    return unescape_csv_cell(text.strip())


# More digits than any code or number of the register has (a 20-digit device code).
MAX_SCIENTIFIC_DIGITS = 40


class LostDigitsError(ValueError):
    """A long number went through a float and lost its last digits."""


def integer_text(text: str) -> str:
    """Digits of an integer cell: ``340102.0`` → ``340102``, ``3.40102E5`` → ``340102``.

    Raises ``LostDigitsError`` for scientific notation longer than a float keeps exactly:
    Excel shows a 20-digit code as 3.4010449971328E+19 and has already thrown digits away.
    """
    if match := _INTEGRAL_FLOAT.fullmatch(text):
        return match.group(1)
    if _SCIENTIFIC.fullmatch(text):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if not number.is_finite() or number.adjusted() > MAX_SCIENTIFIC_DIGITS:
            return text  # "1e999999999" is no cell value: validation says what is wrong
        if number != number.to_integral_value():
            return text
        digits = str(int(number))
        if len(digits.lstrip("-")) > EXACT_FLOAT_DIGITS:
            raise LostDigitsError(
                f"{text} is a number in scientific notation: Excel dropped digits; "
                "format the column as text and type the code again"
            )
        return digits
    return text


def decimal_text(text: str) -> tuple[Decimal, bool]:
    """The decimal value of a cell and whether its written decimals can be trusted.

    Scientific notation and float reprs lose trailing zeros, so their decimal count says
    nothing about what the user typed.
    """
    try:
        value = Decimal(text)
    except InvalidOperation as err:
        raise ValueError(f"{text!r} is not a number") from err
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a number")
    return value, not _SCIENTIFIC.fullmatch(text)


def excel_serial_date(text: str) -> date | None:
    """An Excel date serial number written as text (43739 → 2019-10-01), else None."""
    if not re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return None
    return EXCEL_EPOCH + timedelta(days=int(float(text)))
