"""Writing the register: the full register (every column) and the police export.

The police export is what the 一机一档 platform takes: camera rows only, exactly the
standard's 25 columns in its order. Codes, coordinates and dates are written as text so that
Excel neither turns a 20-digit code into 3.4E+19 nor drops a coordinate's trailing zeros, and
text that looks like a formula stays text (see ``spreadsheet_cells``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path

from ..spreadsheet_cells import csv_row, mark_text
from .columns import COLUMNS, POLICE_COLUMNS, Column
from .enumerations import EnumStyle, enumerated_fields, enumeration
from .row import RegisterRow

CSV_ENCODING = "utf-8-sig"  # the BOM makes Excel open Chinese text correctly


def cell(row: RegisterRow, key: str, enum_style: EnumStyle = EnumStyle.CODE_LABEL) -> str:
    """One exported cell as text."""
    value = getattr(row, key)
    if value is None:
        return ""
    if key in enumerated_fields():
        return enumeration(key).format(value, enum_style)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.6f}"
    return str(value)


def table(
    rows: Iterable[RegisterRow],
    *,
    police: bool = False,
    enum_style: EnumStyle = EnumStyle.CODE_LABEL,
) -> tuple[list[str], list[list[str]]]:
    """Headings and cell texts; ``police`` keeps camera rows and the standard's columns."""
    columns: Sequence[Column] = POLICE_COLUMNS if police else COLUMNS
    selected = [row for row in rows if row.device_kind.is_camera or not police]
    body = [[cell(row, column.key, enum_style) for column in columns] for row in selected]
    return [column.heading for column in columns], body


def write_csv(path: Path, headings: list[str], body: list[list[str]]) -> None:
    with path.open("w", encoding=CSV_ENCODING, newline="") as file:
        writer = csv.writer(file)
        writer.writerow(headings)
        writer.writerows(csv_row(values) for values in body)


def write_xlsx(path: Path, headings: list[str], body: list[list[str]], title: str) -> None:
    import openpyxl  # noqa: PLC0415  (0.3 s: a CSV check stays fast)

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = title
    sheet.append(headings)
    for values in body:
        sheet.append(values)
    for column_cells in sheet.iter_cols(min_row=1):
        for item in column_cells:
            item.number_format = "@"  # text, so nobody's Excel reinterprets codes
            mark_text(item)
    workbook.save(path)


def export_register(
    rows: Iterable[RegisterRow],
    path: Path,
    *,
    police: bool = False,
    enum_style: EnumStyle = EnumStyle.CODE_LABEL,
) -> int:
    """Write ``.csv`` or ``.xlsx`` (by suffix); returns the number of rows written."""
    headings, body = table(rows, police=police, enum_style=enum_style)
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        write_csv(path, headings, body)
    elif suffix == ".xlsx":
        write_xlsx(path, headings, body, "一机一档" if police else "设备登记")
    else:
        raise ValueError(f"{path.name}: export to .csv or .xlsx")
    return len(body)


def export_police_register(
    rows: Iterable[RegisterRow], path: Path, *, enum_style: EnumStyle = EnumStyle.CODE_LABEL
) -> int:
    """The 一机一档 police export: camera rows, the standard's columns in its order."""
    return export_register(rows, path, police=True, enum_style=enum_style)
