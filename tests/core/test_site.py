"""The register's site: one rule for directions, places, lanes and who opens for whom."""

from __future__ import annotations

from pathlib import Path

import pytest

from custom_components.smart_community.core.devices import DeviceKind, Transport
from custom_components.smart_community.core.register.importer import check_register_file
from custom_components.smart_community.core.site import (
    Direction,
    RegisteredDevice,
    Site,
    building_name,
    direction_from_text,
    lane_key,
    unit_name,
)

DEMO = Path(__file__).parents[2] / "tools" / "demo" / "register.csv"
EAST_IN_FACE = "34010449971328001001"
EAST_OUT_FACE = "34010449971328001002"
EAST_TURNSTILE = "34010449011348001003"
EAST_TERMINAL = "34010449011348001004"
LANE_1_CAMERA = "34010449981198001009"
LANE_1_BARRIER = "34010449011398001010"
LANE_1_DETECTOR = "34010449011398001011"
LANE_2_CAMERA = "34010449981198001012"
LANE_2_BARRIER = "34010449011398001013"
UNIT_1_1_TERMINAL = "34010449011348001021"
UNIT_1_1_FACE = "34010449971328001022"
SMOKE = "34010449011348001039"


@pytest.fixture(scope="module")
def site() -> Site:
    return Site.from_rows(check_register_file(DEMO).rows)


def device(site: Site, code: str) -> RegisteredDevice:
    found = site.get(code)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("东门入口人脸抓拍机", Direction.IN),
        ("东门进口", Direction.IN),
        ("东门出口", Direction.OUT),
        ("东门出入口", None),
        ("东门", None),
    ],
)
def test_direction_from_the_naming_rule(text: str, direction: Direction | None) -> None:
    assert direction_from_text(text) is direction


def test_registry_forms_of_buildings_units_and_lanes() -> None:
    assert [building_name(b) for b in ("1栋", "2幢", "3号楼", "4号", " 5 ")] == list("12345")
    assert unit_name("2单元") == "2"
    assert lane_key("东门", "1") == "东门车道1"
    assert lane_key("", "1") == "车道1"


def test_the_register_decides_a_devices_direction(site: Site) -> None:
    """A camera named 入口 stays an entrance whatever it reports (a forged "out" opens nothing)."""
    entrance = device(site, EAST_IN_FACE)
    assert entrance.facing is Direction.IN
    assert entrance.direction("out") is Direction.IN
    assert device(site, EAST_OUT_FACE).direction("in") is Direction.OUT


def test_a_device_serving_both_ways_takes_its_reported_direction(site: Site) -> None:
    turnstile = device(site, EAST_TURNSTILE)  # 东门人行通道闸机: no 入口 / 出口 in the name
    assert turnstile.facing is None
    assert turnstile.direction("out") is Direction.OUT
    assert turnstile.direction("sideways") is Direction.IN
    assert turnstile.direction(None) is Direction.IN


def test_places_of_the_demo_community(site: Site) -> None:
    assert site.gates == frozenset({"东门", "南门"})
    units = site.units()
    assert sorted(units) == ["1", "2", "3", "4"]
    assert units["1"] == frozenset({"1", "2"})
    assert {d.code for d in site.unit_devices("1", "1")} == {UNIT_1_1_TERMINAL, UNIT_1_1_FACE}
    assert device(site, UNIT_1_1_TERMINAL).is_unit_door
    assert not device(site, EAST_TERMINAL).is_unit_door
    assert not device(site, SMOKE).is_unit_door  # no building: a basement sensor
    assert len(site.using(Transport.RS485)) == 2
    assert len(site) == 50


def test_lanes_barriers_detectors_and_displays(site: Site) -> None:
    camera, barrier = device(site, LANE_1_CAMERA), device(site, LANE_1_BARRIER)
    assert site.barrier_of(camera) is barrier
    assert site.barrier_of(barrier) is barrier
    assert [d.code for d in site.detectors_of(barrier)] == [LANE_1_DETECTOR]
    assert site.display_of(barrier) is camera
    assert site.display_of(device(site, LANE_1_DETECTOR)) is camera
    assert site.display_of(device(site, EAST_TURNSTILE)) is None
    assert site.barrier_of(device(site, LANE_2_CAMERA)) is device(site, LANE_2_BARRIER)
    assert site.barrier_of(device(site, EAST_IN_FACE)) is None


def test_who_opens_for_a_request(site: Site) -> None:
    assert site.opener_of(device(site, EAST_IN_FACE)) is device(site, EAST_TURNSTILE)
    assert site.opener_of(device(site, UNIT_1_1_FACE)) is device(site, UNIT_1_1_TERMINAL)
    assert site.opener_of(device(site, LANE_2_CAMERA)) is device(site, LANE_2_BARRIER)
    assert site.opener_of(device(site, EAST_TERMINAL)) is device(site, EAST_TERMINAL)
    assert site.opener_of(device(site, SMOKE)) is None


def test_the_barrier_a_guard_used(site: Site) -> None:
    assert site.barrier_at("东门", Direction.IN) is device(site, LANE_1_BARRIER)
    assert site.barrier_at(None, Direction.OUT) is device(site, LANE_2_BARRIER)
    assert site.barrier_at("南门", Direction.IN) is None
    assert site.of_kind(DeviceKind.BARRIER) == [
        device(site, LANE_1_BARRIER),
        device(site, LANE_2_BARRIER),
    ]
