"""Exports: the full register and the police 一机一档 table, round-tripping through CSV and XLSX."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from custom_components.smart_community.core.register import (
    EnumStyle,
    RegisterRow,
    check_register_file,
    export_police_register,
    export_register,
)

DEMO = Path(__file__).parents[2] / "tools" / "demo" / "register.csv"
POLICE_HEADINGS = [
    "设备编码", "设备名称", "设备厂商", "行政区域", "监控点位类型", "IPV4地址", "摄像机类型",
    "摄像机功能类型", "取电方式", "摄像机分辨率", "安装地址", "经度", "纬度", "摄像机位置类型",
    "监视方位", "安装位置", "联网属性", "所属辖区公安机关", "安装时间", "管理单位",
    "管理单位联系方式", "维护单位", "维护单位联系方式", "录像保存天数", "设备状态",
]  # fmt: skip


def _demo_rows() -> tuple[RegisterRow, ...]:
    check = check_register_file(DEMO)
    assert check.problems == ()
    return check.rows


def _same(first: tuple[RegisterRow, ...], second: tuple[RegisterRow, ...]) -> bool:
    return len(first) == len(second) and all(
        a.same_device_data(b) for a, b in zip(first, second, strict=True)
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_full_register_round_trip(tmp_path: Path, suffix: str) -> None:
    rows = _demo_rows()
    path = tmp_path / f"register{suffix}"
    assert export_register(rows, path) == 50
    again = check_register_file(path)
    assert again.problems == ()
    assert _same(rows, again.rows)


@pytest.mark.parametrize("style", list(EnumStyle))
def test_every_enum_style_reads_back(tmp_path: Path, style: EnumStyle) -> None:
    rows = _demo_rows()
    path = tmp_path / "register.csv"
    export_register(rows, path, enum_style=style)
    assert _same(rows, check_register_file(path).rows)


def test_enum_styles(tmp_path: Path) -> None:
    rows = _demo_rows()[:1]
    for style, expected in (
        (EnumStyle.CODE, "1"),
        (EnumStyle.LABEL, "海康威视"),
        (EnumStyle.CODE_LABEL, "1.海康威视"),
    ):
        path = tmp_path / f"{style}.csv"
        export_register(rows, path, enum_style=style)
        with path.open(encoding="utf-8-sig") as file:
            assert next(iter(csv.DictReader(file)))["设备厂商"] == expected


def test_police_export_has_the_standards_columns_and_only_cameras(tmp_path: Path) -> None:
    rows = _demo_rows()
    cameras = [row for row in rows if row.device_kind.is_camera]
    path = tmp_path / "police.csv"
    assert export_police_register(rows, path) == len(cameras) < len(rows)
    with path.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    assert lines[0] == POLICE_HEADINGS
    assert [line[0] for line in lines[1:]] == [row.code for row in cameras]


def test_police_export_xlsx_keeps_codes_and_coordinates_as_text(tmp_path: Path) -> None:
    path = tmp_path / "police.xlsx"
    export_police_register(_demo_rows(), path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == POLICE_HEADINGS
    assert sheet["A2"].value == "34010449971328001001"
    assert sheet["L2"].value == "117.231560"
    assert sheet["L2"].number_format == "@"


def test_police_export_reads_back_as_cameras(tmp_path: Path) -> None:
    rows = _demo_rows()
    path = tmp_path / "police.xlsx"
    export_police_register(rows, path)
    again = check_register_file(path)
    assert again.problems == ()
    assert {row.code for row in again.rows} == {
        row.code for row in rows if row.device_kind.is_camera
    }


def test_unknown_export_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        export_register(_demo_rows(), tmp_path / "register.json")


# Issue 13, finding 9: register text that looks like a formula is exported as text.
FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_looking_text_is_exported_as_text_and_reads_back(
    tmp_path: Path, suffix: str
) -> None:
    first, *rest = _demo_rows()
    forged = replace(first, management_unit=FORMULA, maintenance_unit="@cmd|'/C calc'!A0")
    path = tmp_path / f"register{suffix}"
    export_register([forged, *rest], path)
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).active
        assert sheet is not None
        cells = [cell for cell in sheet[2] if cell.value in (FORMULA, "@cmd|'/C calc'!A0")]
        assert len(cells) == 2
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    else:
        text = path.read_text(encoding="utf-8-sig")
        assert "'" + FORMULA.replace('"', '""') in text
    again = check_register_file(path).rows[0]
    assert (again.management_unit, again.maintenance_unit) == (FORMULA, "@cmd|'/C calc'!A0")
