"""Cells the project writes to CSV and XLSX: text from devices never becomes a formula.

A device chooses its ``PersonID``, plate or name; exported as ``=HYPERLINK("http://…","ok")``
it would be a live formula in the XLSX (openpyxl stores any text starting with ``=`` as one)
and in Excel's reading of the CSV, which also starts formulas at ``+``, ``-`` and ``@``, after
a tab or CR, and at their full-width forms (``＝``, ``＋``, ``－``, ``＠``).

What is kept and what is escaped:

- numbers (``int``, ``float``, ``Decimal``), dates and ``None`` are written as they are;
- text that is a plain number, ``-12.5`` or a phone number ``+8613800138000``, is kept as
  text: no formula can hide in it, and an apostrophe would corrupt it for every program that
  reads the file;
- text that is only dashes (``-``, ``--``: "no value") is kept;
- any other text whose first character (after spaces) starts a formula is escaped: in CSV
  with a leading apostrophe (OWASP's advice; the register reader removes it again), in XLSX
  as a text cell with Excel's "quote prefix" so the exact text is kept and editing the cell
  does not turn it into a formula either.

>>> csv_cell('=HYPERLINK("http://evil","x")')
'\\'=HYPERLINK("http://evil","x")'
>>> csv_cell("+8613800138000"), csv_cell("-12.5"), csv_cell(-12.5)
('+8613800138000', '-12.5', -12.5)
>>> csv_cell("＝1+1")
"'＝1+1"
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

ESCAPE = "'"
_TRIGGERS = frozenset("=+-@\t\r")
_MINUS_SIGNS = frozenset("\u2212")  # Excel reads the minus sign as "-" too
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DASHES = re.compile(r"-+")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could read ``text`` as a formula."""
    stripped = text.lstrip(" ")
    if not stripped:
        return False
    first = stripped[0]
    if first not in _TRIGGERS and first not in _MINUS_SIGNS:
        first = unicodedata.normalize("NFKC", first)[:1]  # ＝ ＋ － ＠ ﹦ ﹢ ...
        if first not in _TRIGGERS and first not in _MINUS_SIGNS:
            return False
    return not (_PLAIN_NUMBER.fullmatch(stripped) or _DASHES.fullmatch(stripped))


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV row: formula-looking text escaped with a leading apostrophe."""
    if isinstance(value, str) and looks_like_formula(value):
        return ESCAPE + value
    return value


def csv_row(values: Any) -> list[Any]:
    """A CSV row with every cell neutralised."""
    return [csv_cell(value) for value in values]


def unescape_csv_cell(text: str) -> str:
    """Inverse of :func:`csv_cell` for text a register file brings back."""
    if text.startswith(ESCAPE) and looks_like_formula(text[1:]):
        return text[1:]
    return text


def mark_text(cell: Cell | WriteOnlyCell) -> None:
    """Make a formula-looking text cell plain text: string type and Excel's quote prefix."""
    if isinstance(cell.value, str) and looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def xlsx_row(sheet: WriteOnlyWorksheet, values: Any) -> list[Any]:
    """A row for ``sheet.append`` on a write-only sheet, formula-looking text as text cells."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str) and looks_like_formula(value):
            cell = WriteOnlyCell(sheet, value=value)
            mark_text(cell)
            row.append(cell)
        else:
            row.append(value)
    return row
