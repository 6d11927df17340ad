"""Reading a register file (CSV or .xlsx) into numbered rows of cells keyed by column.

Row numbers are what a spreadsheet user sees: the heading row is row 1 when it is the first
line. Blank rows (Excel leaves many at the end) are skipped but still counted.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cells import cell_text
from .columns import column_for_heading

# A title row ("华府骏苑一机一档") may sit above the headings; look this far for them.
HEADER_SEARCH_ROWS = 10
MIN_HEADINGS = 2
ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312


class RegisterFileError(Exception):
    """The file cannot be read as a register at all (the message is one line)."""


@dataclass(frozen=True, slots=True)
class RegisterTable:
    """The data rows of a file: (spreadsheet row number, cells by column key)."""

    header_row: int
    columns: frozenset[str]
    rows: Sequence[tuple[int, Mapping[str, object]]]


def _delimiter(text: str) -> str:
    """Comma, unless the heading line clearly uses semicolons or tabs (European Excel, TSV)."""
    first_line = text.split("\n", 1)[0]
    return max(",;\t", key=first_line.count)


def _csv_lines(path: Path) -> list[list[object]]:
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        delimiter = _delimiter(text)
        return [
            list(line) for line in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    raise RegisterFileError(f"{path.name}: not UTF-8 or GBK/GB18030 text")


def _xlsx_lines(path: Path) -> list[list[object]]:
    import openpyxl  # noqa: PLC0415  (0.3 s: a CSV check stays fast)

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise RegisterFileError(f"{path.name}: not a readable .xlsx workbook ({err})") from err
    sheet = workbook.worksheets[0]
    return [list(values) for values in sheet.iter_rows(values_only=True)]


def read_lines(path: Path) -> list[list[object]]:
    """All lines of the file as raw cell values."""
    if not path.is_file():
        raise RegisterFileError(f"{path}: no such file")
    suffix = path.suffix.casefold()
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx_lines(path)
    if suffix in {".csv", ".txt"}:
        return _csv_lines(path)
    raise RegisterFileError(f"{path.name}: only .csv and .xlsx registers are supported")


def _header(lines: Sequence[Sequence[object]]) -> tuple[int, dict[int, str]]:
    for index, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        keys: dict[int, str] = {}
        for position, value in enumerate(line):
            column = column_for_heading(cell_text(value))
            if column is not None and column.key not in keys.values():
                keys[position] = column.key
        if len(keys) >= MIN_HEADINGS:
            return index, keys
    raise RegisterFileError("no register headings (设备编码, 设备名称 …) in the first rows")


def read_register_table(path: Path) -> RegisterTable:
    """The file's rows keyed by column; raises ``RegisterFileError`` when unreadable."""
    lines = read_lines(path)
    header_index, keys = _header(lines)
    rows = []
    for index in range(header_index + 1, len(lines)):
        line = lines[index]
        if not any(cell_text(value) for value in line):
            continue
        cells = {key: line[position] for position, key in keys.items() if position < len(line)}
        rows.append((index + 1, cells))
    return RegisterTable(header_index + 1, frozenset(keys.values()), rows)
