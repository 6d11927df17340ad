"""Device names: 区县名称 + 小区名称 + 位置信息 (监控部位 + 方位) + 设备类型."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.codes.device_name import (
    DeviceName,
    InvalidDeviceName,
    NamePart,
    build_device_name,
    infer_community_name,
    parse_device_name,
    parse_install_address,
)


def _parse(name: str, community: str | None = "华府骏苑") -> DeviceName:
    return parse_device_name(name, district="蜀山区", community=community)


def _error(name: str, community: str | None = "华府骏苑") -> InvalidDeviceName:
    with pytest.raises(InvalidDeviceName) as caught:
        _parse(name, community)
    return caught.value


def test_gate_example() -> None:
    name = _parse("蜀山区华府骏苑东门入口人脸抓拍机")
    assert (name.district, name.community, name.location, name.device_type) == (
        "蜀山区",
        "华府骏苑",
        "东门入口",
        "人脸抓拍机",
    )
    assert name.direction == "东门"
    assert name.places == ("入口",)


def test_building_unit_direction_example() -> None:
    name = _parse("蜀山区华府骏苑5栋1单元南侧枪机")
    assert (name.building, name.unit, name.direction, name.device_type) == (
        "5栋",
        "1单元",
        "南侧",
        "枪机",
    )


def test_floor_example() -> None:
    name = _parse("蜀山区华府骏苑5栋1单元1F人脸抓拍机")
    assert name.floor == "1F"
    assert _parse("蜀山区华府骏苑3栋负2F球机").floor == "负2F"


def test_register_example_short_district_and_index() -> None:
    name = parse_device_name("蜀山凤凰城燕园18栋南侧球机1", district="蜀山区", community="凤凰城")
    assert (name.district, name.community, name.index) == ("蜀山", "凤凰城", 1)
    assert name.location == "燕园18栋南侧"
    assert name.install_address == "蜀山凤凰城燕园18栋南侧"
    assert str(name) == "蜀山凤凰城燕园18栋南侧球机1"


def test_community_is_inferred_when_not_given() -> None:
    assert _parse("蜀山区华府骏苑东门入口人脸抓拍机", None).community == "华府骏苑"
    # a 组团 name before the building then belongs to the community
    inferred = parse_device_name("蜀山凤凰城燕园18栋南侧球机1", district="蜀山区")
    assert inferred.community == "凤凰城燕园"


def test_compound_directions() -> None:
    assert _parse("蜀山区华府骏苑停车场西南侧球机").direction == "西南侧"


def test_longest_place_wins() -> None:
    assert _parse("蜀山区华府骏苑地下车库入口北侧枪机").places == ("地下车库", "入口")


def test_type_reading_that_leaves_a_valid_location_is_used() -> None:
    # 人行通道闸机 and 闸机 are both device types; either reading keeps a valid location
    name = _parse("蜀山区华府骏苑南侧人行通道闸机")
    assert (name.location, name.device_type) == ("南侧人行通道", "闸机")


def test_missing_district() -> None:
    assert _error("华府骏苑东门入口人脸抓拍机").part is NamePart.DISTRICT
    assert _error("包河区华府骏苑东门入口人脸抓拍机").part is NamePart.DISTRICT


def test_missing_community() -> None:
    assert _error("蜀山区东门入口人脸抓拍机").part is NamePart.COMMUNITY


def test_missing_device_type() -> None:
    error = _error("蜀山区华府骏苑东门入口")
    assert error.part is NamePart.DEVICE_TYPE
    assert "设备类型" in str(error)


def test_missing_location() -> None:
    error = _error("蜀山区华府骏苑人脸抓拍机")
    assert error.part is NamePart.LOCATION
    assert "missing" in str(error)


def test_location_without_direction_or_floor() -> None:
    error = _error("蜀山区华府骏苑小区道路枪机")
    assert error.part is NamePart.LOCATION
    assert "方位" in str(error)


def test_location_without_a_place() -> None:
    error = _error("蜀山区华府骏苑南侧枪机")
    assert error.part is NamePart.LOCATION
    assert "监控部位" in str(error)


def test_build_assembles_and_checks() -> None:
    assert build_device_name("蜀山区", "华府骏苑", "5栋1单元1F", "人脸抓拍机") == (
        "蜀山区华府骏苑5栋1单元1F人脸抓拍机"
    )
    assert build_device_name("蜀山", "凤凰城", "燕园18栋南侧", "球机", 1) == (
        "蜀山凤凰城燕园18栋南侧球机1"
    )


def test_build_reports_the_missing_part() -> None:
    with pytest.raises(InvalidDeviceName) as caught:
        build_device_name("蜀山区", "", "东门入口", "枪机")
    assert caught.value.part is NamePart.COMMUNITY
    with pytest.raises(InvalidDeviceName) as caught:
        build_device_name("蜀山区", "华府骏苑", "东门入口", "相机")
    assert caught.value.part is NamePart.DEVICE_TYPE
    with pytest.raises(InvalidDeviceName) as caught:
        build_device_name("蜀山区", "华府骏苑", "广场", "球机")
    assert caught.value.part is NamePart.LOCATION


def test_install_address_follows_the_rule() -> None:
    assert parse_install_address("蜀山区华府骏苑东门入口", district="蜀山区") == (
        "蜀山区",
        "华府骏苑",
        "东门入口",
    )
    with pytest.raises(InvalidDeviceName):
        parse_install_address("安徽省合肥市望江西路666号", district="蜀山区")


def test_community_name_is_inferred_from_all_names() -> None:
    names = ["蜀山区城南花园东门入口人脸抓拍机", "蜀山区城南花园东门出口人脸抓拍机"]
    assert infer_community_name(names, "蜀山区") == "城南花园"
    assert infer_community_name(["没有区县的名字"], "蜀山区") is None
