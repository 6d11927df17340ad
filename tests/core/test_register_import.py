"""Importing a register file: all or nothing, merge by code, never lose a device."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

from custom_components.smart_community.core.register import (
    RegisterRow,
    check_register_file,
    export_register,
    import_register,
)

DEMO = Path(__file__).parents[2] / "tools" / "demo" / "register.csv"


def _demo() -> tuple[list[str], list[list[str]]]:
    with DEMO.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    return lines[0], lines[1:]


def _write(path: Path, headings: list[str], body: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([headings, *body])
    return path


def _existing() -> tuple[RegisterRow, ...]:
    return check_register_file(DEMO).rows


def test_import_into_an_empty_register_adds_everything() -> None:
    result = import_register(DEMO, [])
    assert result.applied
    assert result.problems == ()
    assert len(result.added) == len(result.rows) == 50


def test_reimport_of_the_same_file_changes_nothing() -> None:
    result = import_register(DEMO, _existing())
    assert (result.added, result.updated, result.absent) == ((), (), ())
    assert len(result.unchanged) == 50


def test_file_with_a_bad_row_imports_nothing(tmp_path: Path) -> None:
    headings, body = _demo()
    body[3][headings.index("IPV4地址")] = "10.34.1"
    new = list(body[0])
    new[0] = "34010449971328001099"
    new[1] = "蜀山区华府骏苑南门出口北侧人脸抓拍机"
    path = _write(tmp_path / "r.csv", headings, [*body, new])
    existing = _existing()
    result = import_register(path, existing)
    assert not result.applied
    assert result.rows == existing
    assert result.added == ()
    assert [(p.row, p.column) for p in result.problems] == [(5, "IPV4地址")]


def test_accept_good_rows_imports_the_rest(tmp_path: Path) -> None:
    headings, body = _demo()
    body[3][headings.index("IPV4地址")] = "10.34.1"
    body[3][headings.index("设备名称")] = "改名后的设备"  # the bad row's change is not applied
    new = list(body[0])
    new[0] = "34010449971328001099"
    new[1] = "蜀山区华府骏苑南门出口北侧人脸抓拍机"
    path = _write(tmp_path / "r.csv", headings, [*body, new])
    existing = _existing()
    result = import_register(path, existing, accept_good_rows=True)
    assert result.applied
    assert result.added == ("34010449971328001099",)
    by_code = {row.code: row for row in result.rows}
    assert by_code[existing[3].code] == existing[3]
    assert {problem.row for problem in result.problems} == {5}


def test_merge_updates_existing_devices_by_code(tmp_path: Path) -> None:
    headings, body = _demo()
    body[0][headings.index("录像保存天数")] = "180"
    result = import_register(_write(tmp_path / "r.csv", headings, body), _existing())
    assert result.updated == (body[0][0],)
    assert {row.code: row for row in result.rows}[body[0][0]].retention_days == 180


def test_devices_missing_from_the_file_are_kept_and_reported(tmp_path: Path) -> None:
    headings, body = _demo()
    result = import_register(_write(tmp_path / "r.csv", headings, body[:10]), _existing())
    assert result.applied
    assert len(result.absent) == 40
    assert len(result.rows) == 50
    assert result.removed == ()


def test_replace_removes_absent_devices_only_when_asked(tmp_path: Path) -> None:
    headings, body = _demo()
    path = _write(tmp_path / "r.csv", headings, body[:10])
    result = import_register(path, _existing(), replace=True)
    assert len(result.removed) == 40
    assert len(result.rows) == 10


def test_replace_keeps_a_device_whose_row_is_bad(tmp_path: Path) -> None:
    headings, body = _demo()
    body[5][headings.index("设备名称")] = "坏名字"
    path = _write(tmp_path / "r.csv", headings, body[:10])
    existing = _existing()
    result = import_register(path, existing, accept_good_rows=True, replace=True)
    assert existing[5].code not in result.removed
    assert existing[5] in result.rows


def test_a_new_device_may_not_take_the_name_of_a_kept_device(tmp_path: Path) -> None:
    headings, body = _demo()
    new = list(body[0])
    new[0] = "34010449971328001099"  # body[0]'s name, another code, body[0] not in the file
    path = _write(tmp_path / "r.csv", headings, [new])
    result = import_register(path, _existing())
    assert not result.applied
    (problem,) = result.problems
    assert (problem.row, problem.column) == (2, "设备名称")
    assert "already device 34010449971328001001" in problem.reason


def test_renaming_within_the_file_is_allowed(tmp_path: Path) -> None:
    headings, body = _demo()
    name = headings.index("设备名称")
    body[0][name], body[1][name] = body[1][name], body[0][name]
    address = headings.index("安装地址")
    body[0][address], body[1][address] = body[1][address], body[0][address]
    result = import_register(_write(tmp_path / "r.csv", headings, body), _existing())
    assert result.problems == ()
    assert set(result.updated) == {body[0][0], body[1][0]}


def test_export_then_import_is_lossless(tmp_path: Path) -> None:
    existing = _existing()
    changed = dataclasses.replace(existing[0], retention_days=60)
    path = tmp_path / "register.xlsx"
    export_register([changed, *existing[1:]], path)
    result = import_register(path, existing)
    assert result.updated == (changed.code,)
    assert len(result.unchanged) == 49
