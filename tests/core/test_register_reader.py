"""Reading register files as people and Excel actually produce them."""

from __future__ import annotations

import csv
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from custom_components.smart_community.core.register import (
    RegisterFileError,
    check_register_file,
)

DEMO = Path(__file__).parents[2] / "tools" / "demo" / "register.csv"


def _demo() -> list[list[str]]:
    with DEMO.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def _write(
    path: Path, lines: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file, delimiter=delimiter).writerows(lines)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    check = check_register_file(_write(tmp_path / "r.csv", _demo(), encoding))
    assert (check.row_count, check.problems) == (50, ())
    assert check.rows[0].name == "蜀山区华府骏苑东门入口人脸抓拍机"


def test_semicolon_separated_csv(tmp_path: Path) -> None:
    check = check_register_file(_write(tmp_path / "r.csv", _demo(), delimiter=";"))
    assert (check.row_count, check.problems) == (50, ())


def test_title_row_above_the_headings_keeps_spreadsheet_numbering(tmp_path: Path) -> None:
    lines = _demo()
    lines[1][lines[0].index("设备厂商")] = "未知厂商"
    path = _write(tmp_path / "r.csv", [["华府骏苑一机一档"], *lines])
    (problem,) = check_register_file(path).problems
    assert (problem.row, problem.column) == (3, "设备厂商")


def test_blank_rows_are_skipped_but_counted(tmp_path: Path) -> None:
    lines = _demo()
    lines[2][lines[0].index("设备厂商")] = "未知厂商"
    blank = [""] * len(lines[0])
    path = _write(tmp_path / "r.csv", [lines[0], lines[1], blank, *lines[2:], blank, blank])
    check = check_register_file(path)
    assert check.row_count == 50
    assert [problem.row for problem in check.problems] == [4]


def test_headings_with_spaces_stars_and_english_aliases(tmp_path: Path) -> None:
    lines = _demo()
    lines[0][0] = " 设备编码* "
    lines[0][1] = "name"
    lines[0][lines[0].index("经度")] = "Longitude"
    lines[0][lines[0].index("IPV4地址")] = "IPv4地址"
    assert check_register_file(_write(tmp_path / "r.csv", lines)).problems == ()


def test_trailing_spaces_in_cells(tmp_path: Path) -> None:
    lines = _demo()
    lines[1] = [f"{cell}  " for cell in lines[1]]
    assert check_register_file(_write(tmp_path / "r.csv", lines)).problems == ()


def test_missing_column_is_reported_once(tmp_path: Path) -> None:
    lines = _demo()
    position = lines[0].index("经度")
    path = _write(tmp_path / "r.csv", [line[:position] + line[position + 1 :] for line in lines])
    problems = check_register_file(path).problems
    assert [(p.row, p.column, p.reason) for p in problems] == [(1, "经度", "column is missing")]


def _excel_like_workbook(path: Path, lines: list[list[str]]) -> Path:
    """What Excel makes of the register when nobody formats columns as text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(lines[0])
    numeric = {"行政区域", "经度", "纬度", "所属辖区公安机关", "录像保存天数"}
    for line in lines[1:]:
        values: list[object] = []
        for heading, cell in zip(lines[0], line, strict=True):
            if heading in numeric and cell:
                values.append(float(cell))
            elif heading == "安装时间" and cell:
                values.append(datetime.fromisoformat(cell))
            else:
                values.append(cell)
        sheet.append(values)
    sheet.append([None] * len(lines[0]))  # Excel's empty trailing rows
    workbook.save(path)
    return path


def test_xlsx_with_numbers_and_dates_as_excel_stores_them(tmp_path: Path) -> None:
    check = check_register_file(_excel_like_workbook(tmp_path / "r.xlsx", _demo()))
    assert (check.row_count, check.problems) == (50, ())
    assert str(check.rows[0].longitude) == "117.231560"


def test_xlsx_code_stored_as_number_lost_digits(tmp_path: Path) -> None:
    lines = _demo()
    path = _excel_like_workbook(tmp_path / "r.xlsx", lines)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet["A2"] = float(lines[1][0])
    workbook.save(path)
    (problem,) = check_register_file(path).problems
    assert (problem.row, problem.column) == (2, "设备编码")
    assert "format the column as text" in problem.reason


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RegisterFileError, match="no such file"):
        check_register_file(tmp_path / "nothing.csv")


def test_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "register.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(RegisterFileError, match=r"\.csv and \.xlsx"):
        check_register_file(path)


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(RegisterFileError, match=r"not a readable \.xlsx"):
        check_register_file(path)


def test_undecodable_csv(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(b"\xff\xfe\xff\x00\x81")
    with pytest.raises(RegisterFileError, match="GBK"):
        check_register_file(path)


def test_file_without_register_headings(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", [["姓名", "电话"], ["张三", "13800138000"]])
    with pytest.raises(RegisterFileError, match="no register headings"):
        check_register_file(path)


# Issue 13: register files are bounded and any damage is a RegisterFileError.
MALFORMED = Path(__file__).parents[1] / "data" / "payloads" / "malformed"


def test_xlsx_with_an_unknown_zip_version_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    # found by the fuzzer: zipfile raised NotImplementedError("zip file version 17.1")
    path = tmp_path / "register.xlsx"
    path.write_bytes((MALFORMED / "fuzz_register_xlsx_zip_version_17.xlsx").read_bytes())
    with pytest.raises(RegisterFileError, match="NotImplementedError"):
        check_register_file(path)


def test_xlsx_that_unpacks_to_gigabytes_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (300 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(RegisterFileError, match="unpacks to more than"):
        check_register_file(path)


def test_register_with_too_many_rows(tmp_path: Path) -> None:
    lines = _demo()
    path = _write(tmp_path / "r.csv", [lines[0], *[lines[1]] * 20_001])
    with pytest.raises(RegisterFileError, match="more than 20000 rows"):
        check_register_file(path)


def test_blank_rows_and_extra_columns_are_cheap(tmp_path: Path) -> None:
    lines = _demo()
    wide = [[*line, *["note"] * 500] for line in lines]
    path = _write(tmp_path / "r.csv", [*wide, *[[]] * 200_000])
    check = check_register_file(path)
    assert (check.row_count, check.problems) == (50, ())


def test_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"," * (16 * 1024 * 1024 + 1))
    with pytest.raises(RegisterFileError, match="larger than 16 MiB"):
        check_register_file(path)


def test_csv_field_over_the_csv_module_limit(tmp_path: Path) -> None:
    lines = _demo()
    path = _write(tmp_path / "r.csv", [lines[0], ['"' + "x" * 200_000]])
    path.write_bytes(path.read_bytes().replace(b'"""', b'"', 1))
    with pytest.raises(RegisterFileError, match="not a readable CSV"):
        check_register_file(path)


def test_a_code_in_scientific_notation_with_a_huge_exponent_is_a_problem(tmp_path: Path) -> None:
    # found by the fuzzer: "1e999999999" in the code column made int() build a billion digits
    path = tmp_path / "register.csv"
    path.write_bytes((MALFORMED / "fuzz_register_csv_huge_exponent.csv").read_bytes())
    check = check_register_file(path)
    assert check.problems  # reported per cell, nothing raised


def test_integer_text_leaves_absurd_exponents_alone() -> None:
    from custom_components.smart_community.core.register.cells import integer_text

    assert integer_text("1e999999999") == "1e999999999"
    assert integer_text("3.40104E5") == "340104"
