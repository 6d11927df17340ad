"""Register files as .xlsx bytes (zip + XML through openpyxl and defusedxml)."""

from __future__ import annotations

import csv
import io

from tests.fuzz.seeds import ROOT

from .register_csv import check


def seeds() -> list[bytes]:
    """The demo register as a workbook (the first rows, so mutations reach the cells)."""
    import openpyxl

    with (ROOT / "tools" / "demo" / "register.csv").open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))[:4]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return [out.getvalue()]


def one_input(data: bytes) -> None:
    check(data, "register.xlsx")
