"""The demo register (tools/demo): a plausible 华府骏苑 with every kind of device, all valid."""

from __future__ import annotations

from decimal import Decimal
from ipaddress import IPv4Network
from pathlib import Path

from custom_components.smart_community.core.codes import gb28181
from custom_components.smart_community.core.codes.community import parse as parse_community
from custom_components.smart_community.core.devices import DeviceKind, Transport
from custom_components.smart_community.core.register import RegisterRow, check_register_file

DEMO = Path(__file__).parents[2] / "tools" / "demo"
COMMUNITY = parse_community("340104001001001")


def _rows() -> tuple[RegisterRow, ...]:
    check = check_register_file(DEMO / "register.csv", community=COMMUNITY)
    assert check.problems == ()
    return check.rows


def test_demo_is_in_shushan_district() -> None:
    assert COMMUNITY.division.full_name == "安徽省合肥市蜀山区"
    assert {row.division for row in _rows()} == {"340104"}
    assert {row.police_org for row in _rows() if row.police_org} == {"34010449"}


def test_demo_has_every_device_kind_and_transport() -> None:
    rows = _rows()
    assert len(rows) >= 40
    assert {row.device_kind for row in rows} == set(DeviceKind)
    assert {row.transport for row in rows} == set(Transport)
    mqtt = [row for row in rows if row.transport is Transport.MQTT]
    assert len(mqtt) > len(rows) / 2
    assert all(row.address.startswith("community/340104001001001/") for row in mqtt)


def test_demo_cameras_use_the_hefei_community_code() -> None:
    for row in _rows():
        if row.device_kind in {DeviceKind.FACE_CAMERA, DeviceKind.PLATE_CAMERA}:
            code = gb28181.parse(row.code)
            assert code.variant is gb28181.Variant.COMMUNITY
            assert code.community_sequence == "001"


def test_demo_gates_lanes_and_buildings() -> None:
    rows = _rows()
    for gate in ("东门", "南门"):
        kinds = sorted(row.device_kind for row in rows if row.gate == gate and not row.lane)
        assert kinds == sorted(
            [DeviceKind.FACE_CAMERA, DeviceKind.FACE_CAMERA, DeviceKind.TURNSTILE,
             DeviceKind.ACCESS_TERMINAL]
        )  # fmt: skip
    for lane in ("1", "2"):
        lane_kinds = {row.device_kind for row in rows if row.lane == lane}
        assert lane_kinds == {
            DeviceKind.PLATE_CAMERA,
            DeviceKind.BARRIER,
            DeviceKind.VEHICLE_DETECTOR,
        }
    units = {
        (row.building, row.unit)
        for row in rows
        if row.device_kind is DeviceKind.ACCESS_TERMINAL and row.unit
    }
    assert len(units) == 8


def test_demo_network_and_coordinates() -> None:
    for row in _rows():
        if row.ipv4 is not None:
            assert row.ipv4 in IPv4Network("10.0.0.0/8")
        if row.longitude is not None and row.latitude is not None:
            assert abs(row.longitude - Decimal("117.2")) < Decimal("0.1")
            assert abs(row.latitude - Decimal("31.8")) < Decimal("0.1")


def test_demo_xlsx_is_the_csv_exported() -> None:
    csv_rows = _rows()
    xlsx = check_register_file(DEMO / "register.xlsx", community=COMMUNITY)
    assert xlsx.problems == ()
    assert len(xlsx.rows) == len(csv_rows)
    assert all(a.same_device_data(b) for a, b in zip(csv_rows, xlsx.rows, strict=True))
