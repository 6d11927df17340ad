"""Every field rule of the 一机一档 register, each with a passing and a failing cell.

The demo register (tools/demo/register.csv, 0 problems) is the base; each test changes one
cell and checks the problem the spreadsheet user would see (row numbers: header = row 1).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from custom_components.smart_community.core.codes.community import parse as parse_community
from custom_components.smart_community.core.devices import DeviceKind, Transport
from custom_components.smart_community.core.register import (
    RegisterCheck,
    RegisterProblem,
    check_register_file,
)

DEMO = Path(__file__).parents[2] / "tools" / "demo" / "register.csv"
TODAY = date(2026, 1, 1)
FACE_ROW = 0  # 蜀山区华府骏苑东门入口人脸抓拍机 (spreadsheet row 2)
TURNSTILE_ROW = 2  # 东门人行通道闸机, rs485 (row 4)


def _demo() -> tuple[list[str], list[list[str]]]:
    with DEMO.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    return lines[0], lines[1:]


def _check(
    tmp_path: Path, changes: dict[str, str], row: int = FACE_ROW, **options: object
) -> RegisterCheck:
    headings, body = _demo()
    for heading, value in changes.items():
        body[row][headings.index(heading)] = value
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([headings, *body])
    return check_register_file(path, today=TODAY, **options)  # type: ignore[arg-type]


def _problems(
    tmp_path: Path, changes: dict[str, str], row: int = FACE_ROW
) -> list[RegisterProblem]:
    return list(_check(tmp_path, changes, row).problems)


def _only_problem(tmp_path: Path, column: str, value: str, row: int = FACE_ROW) -> str:
    problems = _problems(tmp_path, {column: value}, row)
    assert len(problems) == 1, problems
    assert (problems[0].row, problems[0].column) == (row + 2, column)
    return problems[0].reason


def _accepted(tmp_path: Path, column: str, value: str, row: int = FACE_ROW) -> RegisterCheck:
    check = _check(tmp_path, {column: value}, row)
    assert check.problems == (), check.problems
    return check


def test_demo_register_is_clean(tmp_path: Path) -> None:
    check = _check(tmp_path, {})
    assert check.problems == ()
    assert check.row_count == len(check.rows) == 50


# 设备编码
def test_code_must_have_20_digits(tmp_path: Path) -> None:
    assert "20 digits" in _only_problem(tmp_path, "设备编码", "3401044997132800100")


def test_code_segment_error_names_the_segment(tmp_path: Path) -> None:
    reason = _only_problem(tmp_path, "设备编码", "34010449979998001001")
    assert reason == "type code 999 (digits 11-13) is not a GB/T 28181 type"


def test_code_excel_scientific_notation_lost_digits(tmp_path: Path) -> None:
    assert "Excel dropped digits" in _only_problem(tmp_path, "设备编码", "3.4010449971328E+19")


def test_code_with_spaces_is_compacted(tmp_path: Path) -> None:
    check = _accepted(tmp_path, "设备编码", "34010449 97 132 8 001001")
    assert check.rows[0].code == "34010449971328001001"


def test_codes_are_unique(tmp_path: Path) -> None:
    _, body = _demo()
    problems = _problems(tmp_path, {"设备编码": body[0][0]}, row=1)
    assert RegisterProblem(3, "设备编码", "34010449971328001001 repeats row 2") in problems


def test_camera_code_must_not_be_a_checkpoint_code(tmp_path: Path) -> None:
    reason = _only_problem(tmp_path, "设备编码", "34010449001190110001")
    assert "checkpoint" in reason


def test_camera_code_carries_the_community_sequence(tmp_path: Path) -> None:
    other = parse_community("340104001001002")
    check = _check(tmp_path, {}, community=other)
    assert any("community sequence 002" in problem.reason for problem in check.problems)
    assert _check(tmp_path, {}, community=parse_community("340104001001001")).problems == ()


# 行政区域 and its consistency with the code and the police organisation
def test_division_must_be_real(tmp_path: Path) -> None:
    problems = _problems(tmp_path, {"行政区域": "349999"})
    assert any(p.column == "行政区域" and "not a GB/T 2260" in p.reason for p in problems)


def test_division_must_be_a_district(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        {"行政区域": "340100", "设备编码": "34010049971328001001", "所属辖区公安机关": "34010049"},
    )
    assert any(p.column == "行政区域" and "not a district" in p.reason for p in problems)


def test_code_division_and_police_org_agree(tmp_path: Path) -> None:
    problems = _problems(tmp_path, {"行政区域": "340102"})
    columns = {problem.column for problem in problems}
    assert {"设备编码", "所属辖区公安机关"} <= columns
    assert any("differ from 行政区域 340102" in problem.reason for problem in problems)


def test_police_org_must_match_the_division(tmp_path: Path) -> None:
    reason = _only_problem(tmp_path, "所属辖区公安机关", "34010249")
    assert reason == "digits 1-6 (340102) differ from 行政区域 340104"


def test_police_org_has_8_digits(tmp_path: Path) -> None:
    assert "8-digit" in _only_problem(tmp_path, "所属辖区公安机关", "3401044")


def test_division_stored_as_excel_float_is_accepted(tmp_path: Path) -> None:
    _accepted(tmp_path, "行政区域", "340104.0")


def test_community_division_must_match(tmp_path: Path) -> None:
    check = _check(tmp_path, {}, community=parse_community("340102001001001"))
    assert any(
        p.column == "行政区域" and "community's division" in p.reason for p in check.problems
    )


# IPV4地址
def test_ipv4_is_checked(tmp_path: Path) -> None:
    assert "IPv4" in _only_problem(tmp_path, "IPV4地址", "10.34.1.300")


def test_ipv4_full_width_digits_are_accepted(tmp_path: Path) -> None:
    check = _accepted(tmp_path, "IPV4地址", " １０.３４.１.１１ ")
    assert str(check.rows[0].ipv4) == "10.34.1.11"


# 经度 / 纬度
def test_longitude_needs_exactly_6_decimals(tmp_path: Path) -> None:
    assert "exactly 6 decimals" in _only_problem(tmp_path, "经度", "117.23156")
    assert "exactly 6 decimals" in _only_problem(tmp_path, "经度", "117.2315600")


def test_coordinates_inside_china(tmp_path: Path) -> None:
    assert "outside China" in _only_problem(tmp_path, "经度", "31.846210")
    assert "outside China" in _only_problem(tmp_path, "纬度", "117.231560")


def test_coordinate_in_scientific_notation_is_accepted(tmp_path: Path) -> None:
    check = _accepted(tmp_path, "经度", "1.1723156E2")
    assert str(check.rows[0].longitude) == "117.231560"


def test_coordinate_that_is_not_a_number(tmp_path: Path) -> None:
    assert "not a number" in _only_problem(tmp_path, "纬度", "北纬31度")


# 联系方式
def test_fixed_line_needs_area_code_dash(tmp_path: Path) -> None:
    assert "dash" in _only_problem(tmp_path, "管理单位联系方式", "055162661234")


def test_mobile_needs_11_digits_and_a_valid_prefix(tmp_path: Path) -> None:
    assert "11 digits" in _only_problem(tmp_path, "维护单位联系方式", "1775606308")
    assert "numbering plan" in _only_problem(tmp_path, "维护单位联系方式", "12345678901")
    _accepted(tmp_path, "维护单位联系方式", "0551-65695119")


# 安装时间
def test_install_date_is_iso(tmp_path: Path) -> None:
    assert "YYYY-MM-DD" in _only_problem(tmp_path, "安装时间", "2024/06/18")
    assert "calendar date" in _only_problem(tmp_path, "安装时间", "2024-02-30")


def test_install_date_not_in_the_future(tmp_path: Path) -> None:
    assert "future" in _only_problem(tmp_path, "安装时间", "2026-01-02")


def test_install_date_as_excel_serial_is_accepted(tmp_path: Path) -> None:
    check = _accepted(tmp_path, "安装时间", "45461")
    assert check.rows[0].install_date == date(2024, 6, 18)


# 录像保存天数
def test_retention_days_positive(tmp_path: Path) -> None:
    assert "positive" in _only_problem(tmp_path, "录像保存天数", "0")
    assert "positive" in _only_problem(tmp_path, "录像保存天数", "三十")
    assert _accepted(tmp_path, "录像保存天数", "30.0").rows[0].retention_days == 30


def test_retention_days_at_least_one_month(tmp_path: Path) -> None:
    """The standard keeps recordings (and pictures) for at least one month: 30 days."""
    reason = _only_problem(tmp_path, "录像保存天数", "15")
    assert reason == (
        "15 days is below the standard's minimum of 30 days"
        " (recordings are kept for at least one month)"
    )
    assert "minimum of 30" in _only_problem(tmp_path, "录像保存天数", "29")
    assert _accepted(tmp_path, "录像保存天数", "90").rows[0].retention_days == 90


# enumerations
@pytest.mark.parametrize("cell", ["1", "海康威视", "1.海康威视", "1、海康威视", "1.0", " 1 "])
def test_enumeration_as_code_label_or_both(tmp_path: Path, cell: str) -> None:
    assert _accepted(tmp_path, "设备厂商", cell).rows[0].manufacturer == 1


def test_enumeration_outside_the_standard(tmp_path: Path) -> None:
    reason = _only_problem(tmp_path, "设备厂商", "15")
    assert "is not one of 1.海康威视" in reason
    assert "99.其他" in reason


def test_enumeration_code_and_label_must_agree(tmp_path: Path) -> None:
    assert "is not one of" in _only_problem(tmp_path, "设备状态", "2.在用")


@pytest.mark.parametrize(
    ("column", "good", "bad"),
    [
        ("监控点位类型", "9", "5"),
        ("摄像机类型", "99", "6"),
        ("摄像机功能类型", "99", "6"),
        ("取电方式", "5", "6"),
        ("摄像机分辨率", "7", "8"),
        ("摄像机位置类型", "96", "16"),
        ("监视方位", "9", "10"),
        ("安装位置", "2", "3"),
        ("联网属性", "0", "2"),
        ("设备状态", "3", "4"),
    ],
)
def test_every_enumeration(tmp_path: Path, column: str, good: str, bad: str) -> None:
    _accepted(tmp_path, column, good)
    assert "is not one of" in _only_problem(tmp_path, column, bad)


def test_camera_fields_are_required_for_cameras(tmp_path: Path) -> None:
    assert _only_problem(tmp_path, "设备厂商", "") == "is required"
    assert _only_problem(tmp_path, "经度", "") == "is required"


def test_camera_fields_are_optional_for_other_devices(tmp_path: Path) -> None:
    _accepted(tmp_path, "设备厂商", "", row=TURNSTILE_ROW)
    _accepted(tmp_path, "安装时间", "", row=TURNSTILE_ROW)


# 设备名称 and 安装地址
def test_device_name_follows_the_rule(tmp_path: Path) -> None:
    reason = _only_problem(tmp_path, "设备名称", "蜀山区华府骏苑东门入口")
    assert "device type" in reason
    assert "区县名称+小区名称+位置信息+设备类型" in reason


def test_device_name_district_matches_the_division(tmp_path: Path) -> None:
    reason = _only_problem(tmp_path, "设备名称", "包河区华府骏苑东门入口人脸抓拍机")
    assert "蜀山区" in reason


def test_device_names_are_unique(tmp_path: Path) -> None:
    problems = _problems(tmp_path, {"设备名称": "蜀山区华府骏苑东门入口人脸抓拍机"}, row=1)
    assert problems == [
        RegisterProblem(3, "设备名称", "蜀山区华府骏苑东门入口人脸抓拍机 repeats row 2")
    ]


def test_install_address_follows_the_rule(tmp_path: Path) -> None:
    reason = _only_problem(tmp_path, "安装地址", "安徽省合肥市望江西路666号")
    assert "区名称+小区名称+位置信息" in reason


# 设备种类, 接入方式, 接入地址
def test_device_kind_values_and_labels(tmp_path: Path) -> None:
    assert "not a device kind" in _only_problem(tmp_path, "设备种类", "robot")
    kind = _accepted(tmp_path, "设备种类", "人脸抓拍机").rows[0].device_kind
    assert kind is DeviceKind.FACE_CAMERA


def test_empty_device_kind_of_a_camera_is_inferred(tmp_path: Path) -> None:
    assert _accepted(tmp_path, "设备种类", "").rows[0].device_kind is DeviceKind.FACE_CAMERA


def test_empty_device_kind_without_camera_fields(tmp_path: Path) -> None:
    reason = _only_problem(tmp_path, "设备种类", "", row=TURNSTILE_ROW)
    assert reason.startswith("is required")


def test_transport_values(tmp_path: Path) -> None:
    assert "not a transport" in _only_problem(tmp_path, "接入方式", "zigbee")
    row = _accepted(tmp_path, "接入方式", "GA/T 1400").rows[0]
    assert row.transport is Transport.GAT1400


def test_rs485_address_is_port_and_bus_address(tmp_path: Path) -> None:
    reason = _only_problem(tmp_path, "接入地址", "/dev/ttyUSB0", row=TURNSTILE_ROW)
    assert "/dev/ttyUSB0#3" in reason
    assert "above 247" in _only_problem(tmp_path, "接入地址", "/dev/ttyUSB0#248", TURNSTILE_ROW)
    row = _accepted(tmp_path, "接入地址", "socket://10.0.0.5:4001#3", row=TURNSTILE_ROW)
    assert any(r.address == "socket://10.0.0.5:4001#3" for r in row.rows)


def test_mqtt_topic_prefix_has_no_wildcards(tmp_path: Path) -> None:
    headings, body = _demo()
    row = next(i for i, line in enumerate(body) if line[headings.index("接入方式")] == "mqtt")
    assert "+, #" in _only_problem(tmp_path, "接入地址", "community/#", row=row)
    assert "required" in _only_problem(tmp_path, "接入地址", "", row=row)


def test_no_transport_needs_no_address(tmp_path: Path) -> None:
    check = _check(tmp_path, {"接入方式": "", "接入地址": ""})
    assert check.problems == ()
    assert check.rows[0].transport is Transport.NONE


def _with_stream(tmp_path: Path, url: str, row: int) -> RegisterCheck:
    headings, body = _demo()
    headings = [*headings, "视频流地址"]
    body = [[*line, url if index == row else ""] for index, line in enumerate(body)]
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([headings, *body])
    return check_register_file(path, today=TODAY)


def _falling_row() -> int:
    headings, body = _demo()
    kind = headings.index("设备种类")
    return next(i for i, line in enumerate(body) if line[kind] == "falling_object_camera")


def test_stream_url_of_a_camera(tmp_path: Path) -> None:
    row = _falling_row()
    check = _with_stream(tmp_path, " rtsp://admin:pw@10.34.1.43:554/Streaming/101 ", row)
    assert check.problems == ()
    (camera,) = [r for r in check.rows if r.device_kind is DeviceKind.FALLING_OBJECT_CAMERA]
    assert camera.stream_url == "rtsp://admin:pw@10.34.1.43:554/Streaming/101"
    assert all(r.stream_url == "" for r in check.rows if r is not camera)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("10.34.1.43/Streaming/101", "is not a stream URL"),
        ("file:///etc/passwd", "file:// is not a camera stream"),
        ("concat://a.mp4|b.mp4", "concat:// is not a camera stream"),
        ("rtsp://admin:secret@:554/live", "names no host"),
        ("rtsp://10.34.1.43/live stream", "is not a stream URL"),
    ],
)
def test_stream_url_refused(tmp_path: Path, url: str, reason: str) -> None:
    row = _falling_row()
    problems = list(_with_stream(tmp_path, url, row).problems)
    assert len(problems) == 1, problems
    assert (problems[0].row, problems[0].column) == (row + 2, "视频流地址")
    assert reason in problems[0].reason
    assert "secret" not in problems[0].reason  # the password is never echoed


def test_only_cameras_have_a_stream(tmp_path: Path) -> None:
    problems = list(_with_stream(tmp_path, "rtsp://10.0.0.9/live", TURNSTILE_ROW).problems)
    assert [(p.column, p.reason) for p in problems] == [
        ("视频流地址", "only cameras have a video stream, not a turnstile")
    ]
