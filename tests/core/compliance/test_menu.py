"""The device menu, tier by tier: a complete community passes, each gap is named."""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.smart_community.core.compliance.from_register import menu_device
from custom_components.smart_community.core.compliance.layout import (
    AreaKind,
    Building,
    CommunityLayout,
    CoverageArea,
    DeviceStatus,
    MenuDevice,
    PedestrianGate,
    VehicleLane,
)
from custom_components.smart_community.core.compliance.menu import (
    REGISTER_RULE_ID,
    Option,
    Tier,
    evaluate,
)
from custom_components.smart_community.core.devices import DeviceKind as K
from custom_components.smart_community.core.register.row import RegisterRow
from custom_components.smart_community.core.site import Direction, RegisteredDevice

LAYOUT = CommunityLayout(
    name="华府骏苑",
    code="340104001001001",
    gates=(PedestrianGate("东门"), PedestrianGate("北门", (Direction.IN,))),
    lanes=(VehicleLane("东门车行入口"), VehicleLane("东门车行出口")),
    buildings=(Building("5栋", ("1单元", "2单元")),),
    areas=(CoverageArea(AreaKind.MAIN_ROAD, "中心路"), CoverageArea(AreaKind.CAR_PARK, "地下车库")),
)


def _d(code: str, kind: K, **kw: object) -> MenuDevice:
    return MenuDevice(code=code, name=f"设备{code}", kind=kind, **kw)  # type: ignore[arg-type]


STANDARD = [
    _d("F1", K.FACE_CAMERA, gate="东门", direction=Direction.IN),
    _d("F2", K.FACE_CAMERA, gate="东门", direction=Direction.OUT),
    _d("F3", K.FACE_CAMERA, gate="北门"),
    _d("T1", K.TURNSTILE, gate="东门"),
    _d("A1", K.ACCESS_TERMINAL, gate="北门", direction=Direction.IN),
    *[
        _d(f"{k.name[0]}{i}", k, lane=lane)
        for i, lane in enumerate(("东门车行入口", "东门车行出口"))
        for k in (K.PLATE_CAMERA, K.BARRIER, K.VEHICLE_DETECTOR)
    ],
    _d("G1", K.GATEWAY),
    _d("N1", K.NVR, retention_days=30),
    _d("C1", K.COLLECTION_TERMINAL),
]
MEDIUM = [
    *STANDARD,
    _d("H1", K.CAMERA, area="中心路", retention_days=30),
    _d("H2", K.CAMERA, location="地下车库B区", retention_days=45),
]
HIGH = [
    *MEDIUM,
    *[
        _d(f"U{u}{k.name[0]}", k, building="5栋", unit=u)
        for u in ("1单元", "2单元")
        for k in (K.ACCESS_TERMINAL, K.FACE_CAMERA)
    ],
]


def _without(devices: list[MenuDevice], code: str) -> list[MenuDevice]:
    assert any(d.code == code for d in devices)
    return [d for d in devices if d.code != code]


def _changed(devices: list[MenuDevice], code: str, **changes: object) -> list[MenuDevice]:
    return [replace(d, **changes) if d.code == code else d for d in devices]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("tier", "devices", "count"),
    [(Tier.STANDARD, STANDARD, 8), (Tier.MEDIUM, MEDIUM, 10), (Tier.HIGH, HIGH, 12)],
)
def test_complete_community_meets_its_tier(
    tier: Tier, devices: list[MenuDevice], count: int
) -> None:
    evaluation = evaluate(LAYOUT, devices, tier)
    assert [r.id for r in evaluation.open_items] == []
    assert evaluation.met and len(evaluation.requirements) == count


@pytest.mark.parametrize(
    ("tier", "devices", "rule", "missing"),
    [
        (
            Tier.STANDARD,
            _without(STANDARD, "F2"),
            "standard_pedestrian_face_capture",
            "东门出口: 人脸抓拍机 / face capture camera",
        ),
        (
            Tier.STANDARD,
            _without(STANDARD, "A1"),
            "standard_pedestrian_access_channel",
            "北门入口: 人行通道平开门或智能门禁终端 / turnstile or access terminal",
        ),
        (
            Tier.STANDARD,
            _without(STANDARD, "P1"),
            "standard_vehicle_plate_recognition",
            "东门车行出口: 车牌识别和显示套件 / plate recognition camera",
        ),
        (
            Tier.STANDARD,
            _without(STANDARD, "B0"),
            "standard_vehicle_barrier",
            "东门车行入口: 挡车器+百叶栏杆 / barrier",
        ),
        (
            Tier.STANDARD,
            _without(STANDARD, "V1"),
            "standard_vehicle_detector",
            "东门车行出口: 数字式车辆检测器 / vehicle detector",
        ),
        (Tier.STANDARD, _without(STANDARD, "N1"), "standard_nvr", "华府骏苑: 硬盘录像机 / NVR"),
        (
            Tier.STANDARD,
            _without(STANDARD, "C1"),
            "standard_collection_terminal",
            "华府骏苑: 基础信息采集终端、身份证读卡器、USB摄像头"
            " / collection terminal, ID card reader, USB camera",
        ),
        (
            Tier.STANDARD,
            _changed(STANDARD, "F1", status=DeviceStatus.REPAIR),
            "standard_pedestrian_face_capture",
            "东门入口: 人脸抓拍机 / face capture camera (设备F1 (F1) repair)",
        ),
        (
            Tier.MEDIUM,
            _without(MEDIUM, "H2"),
            "medium_video_coverage",
            "停车场 地下车库: 高清枪机/球机 / HD camera",
        ),
        (
            Tier.MEDIUM,
            _changed(MEDIUM, "H1", retention_days=15),
            "medium_recording_retention",
            "设备H1 (H1): 录像保存 15 天 / days < 30 天 / retention",
        ),
        (
            Tier.MEDIUM,
            _changed(MEDIUM, "N1", retention_days=None),
            "medium_recording_retention",
            "设备N1 (N1): 录像保存 未登记 / not recorded < 30 天 / retention",
        ),
        (
            Tier.HIGH,
            _without(HIGH, "U2单元A"),
            "high_unit_access_terminal",
            "5栋2单元: 单元门智能门禁终端 / unit access terminal",
        ),
        (
            Tier.HIGH,
            _without(HIGH, "U1单元F"),
            "high_unit_face_capture",
            "5栋1单元: 单元楼道人脸抓拍机 / hallway face camera",
        ),
    ],
)
def test_each_gap_is_named(tier: Tier, devices: list[MenuDevice], rule: str, missing: str) -> None:
    evaluation = evaluate(LAYOUT, devices, tier)
    assert [r.id for r in evaluation.open_items] == [rule]
    assert evaluation.open_items[0].missing == (missing,)


def test_gateway_or_access_terminal_two_choose_one() -> None:
    no_gateway = _without(STANDARD, "G1")
    assert evaluate(LAYOUT, no_gateway, Tier.STANDARD).met  # A1 is an access terminal
    neither = [*_without(no_gateway, "A1"), _d("T2", K.TURNSTILE, gate="北门")]
    evaluation = evaluate(LAYOUT, neither, Tier.STANDARD)
    assert [r.id for r in evaluation.open_items] == ["standard_data_gateway"]


def test_lower_tier_ignores_higher_requirements() -> None:
    evaluation = evaluate(LAYOUT, STANDARD, Tier.STANDARD)
    assert not any(r.id.startswith(("medium", "high")) for r in evaluation.requirements)
    assert not evaluate(LAYOUT, STANDARD, Tier.MEDIUM).met
    assert not evaluate(LAYOUT, MEDIUM, Tier.HIGH).met


@pytest.mark.parametrize(
    ("option", "device", "rule"),
    [
        (Option.PERIMETER, _d("P9", K.PERIMETER_SENSOR), "optional_perimeter"),
        (Option.PATROL, _d("R9", K.PATROL_CHECKPOINT), "optional_patrol"),
        (
            Option.FALLING_OBJECT,
            _d("O9", K.FALLING_OBJECT_CAMERA, building="5栋"),
            "optional_falling_object",
        ),
        (Option.SMOKE, _d("S9", K.SMOKE_DETECTOR), "optional_iot_smoke"),
        (Option.MANHOLE, _d("M9", K.MANHOLE_SENSOR), "optional_iot_manhole"),
        (Option.METERS, _d("W9", K.WATER_METER), "optional_iot_meters"),
    ],
)
def test_options_are_checked_only_when_selected(
    option: Option, device: MenuDevice, rule: str
) -> None:
    assert rule not in {r.id for r in evaluate(LAYOUT, STANDARD, Tier.STANDARD).requirements}
    missing = evaluate(LAYOUT, STANDARD, Tier.STANDARD, options=[option])
    assert [r.id for r in missing.open_items] == [rule]
    present = evaluate(LAYOUT, [*STANDARD, device], Tier.STANDARD, options=[option])
    assert present.met
    assert present.requirements[-1].evidence[-1].endswith(device.label)


def test_register_problems_become_a_requirement() -> None:
    clean = evaluate(LAYOUT, STANDARD, Tier.STANDARD, register_problems=[])
    assert clean.requirements[-1].id == REGISTER_RULE_ID and clean.met
    dirty = evaluate(
        LAYOUT,
        STANDARD,
        Tier.STANDARD,
        register_problems=["row 3, column code: 20 digits expected"],
    )
    assert [r.id for r in dirty.open_items] == [REGISTER_RULE_ID]
    assert dirty.open_items[0].missing == ("row 3, column code: 20 digits expected",)


def test_requirement_ids_are_stable_and_unique() -> None:
    ids = [
        r.id
        for r in evaluate(
            LAYOUT, HIGH, Tier.HIGH, options=list(Option), register_problems=[]
        ).requirements
    ]
    assert len(ids) == len(set(ids)) == 19
    assert ids[:3] == [
        "standard_pedestrian_face_capture",
        "standard_pedestrian_access_channel",
        "standard_vehicle_plate_recognition",
    ]


def test_register_row_adapter() -> None:
    row = RegisterRow(
        code="34010400009713280001",
        name="蜀山区华府骏苑东门出口人脸抓拍机",
        device_kind=K.FACE_CAMERA,
        division="340104",
        gate="东门",
        status=3,
        retention_days=30,
        install_address="蜀山区华府骏苑东门",
    )
    device = menu_device(RegisteredDevice.from_row(row))
    assert (device.direction, device.status, device.location) == (
        Direction.OUT,
        DeviceStatus.REMOVED,
        "蜀山区华府骏苑东门",
    )
