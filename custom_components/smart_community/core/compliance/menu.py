"""The standard's device menu (2.1 建设标准 / 前端硬件建设标准菜单) as checkable requirements.

* 标配 (standard): every pedestrian entrance and exit has a face-capture camera and an
  access channel (turnstile or access terminal); every vehicle lane has a plate camera, a
  barrier and a vehicle detector; a data gateway or access terminal (2选1); an NVR; the
  population-collection kit (collection terminal).
* 中配 (medium) adds HD cameras on main roads, public places and car parks, with video
  kept for at least 30 days (注意事项: 录像存储时长不少于1个月; NVR ≥ 30 天).
* 高配 (high) adds, at every unit of every building, an access terminal and a hallway
  face-capture camera.
* 按需选配 (options): perimeter, patrol, falling-object cameras, IoT (smoke, manhole,
  meters), checked when selected.

Requirement IDs are stable: the HA layer uses them as repair-issue IDs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..devices import DeviceKind
from ..site import Direction
from ..standard import MIN_RETENTION_DAYS
from .layout import CommunityLayout, DeviceStatus, MenuDevice


class Tier(StrEnum):
    """The construction tier chosen for the community."""

    STANDARD = "standard"  # 标配版
    MEDIUM = "medium"  # 中配版
    HIGH = "high"  # 高配版

    @property
    def zh(self) -> str:
        """Chinese name."""
        return {"standard": "标配版", "medium": "中配版", "high": "高配版"}[self]

    @property
    def rank(self) -> int:
        """Order of inclusion (each tier includes the lower ones)."""
        return list(Tier).index(self)


class Option(StrEnum):
    """按需选配 items."""

    PERIMETER = "perimeter"  # 周界防护系统
    PATROL = "patrol"  # 电子巡更
    FALLING_OBJECT = "falling_object"  # 高空抛物
    SMOKE = "smoke"  # 物联网感知: 烟感
    MANHOLE = "manhole"  # 物联网感知: 窨井盖
    METERS = "meters"  # 物联网感知: 水电气


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    """One checked menu item."""

    id: str
    tier: str  # a Tier value, "optional" or "register"
    title_zh: str
    title_en: str
    met: bool
    evidence: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluation:
    """The menu check of one community."""

    community: str
    tier: Tier
    requirements: tuple[Requirement, ...]

    @property
    def met(self) -> bool:
        """Every requirement met."""
        return all(r.met for r in self.requirements)

    @property
    def open_items(self) -> list[Requirement]:
        """Requirements not met, in menu order."""
        return [r for r in self.requirements if not r.met]


_Check = Callable[[CommunityLayout, Sequence[MenuDevice]], tuple[list[str], list[str]]]


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    tier: str
    title_zh: str
    title_en: str
    check: _Check


def _in_use(devices: Iterable[MenuDevice], *kinds: DeviceKind) -> list[MenuDevice]:
    return [d for d in devices if d.kind in kinds and d.status is DeviceStatus.IN_USE]


def _not_in_use(
    devices: Iterable[MenuDevice], kinds: Iterable[DeviceKind], where: Callable[[MenuDevice], bool]
) -> str:
    """`` (X 维修/repair)`` when devices exist at the place but do not count."""
    idle = [
        d
        for d in devices
        if d.kind in set(kinds) and d.status is not DeviceStatus.IN_USE and where(d)
    ]
    return "".join(f" ({d.label} {d.status.value})" for d in idle)


def _at_gate(gate: str, direction: Direction) -> Callable[[MenuDevice], bool]:
    return lambda device: device.gate == gate and device.serves(direction)


def _on_lane(lane: str) -> Callable[[MenuDevice], bool]:
    return lambda device: device.lane == lane


def _per_gate(kinds: tuple[DeviceKind, ...], zh: str, en: str) -> _Check:
    def check(
        layout: CommunityLayout, devices: Sequence[MenuDevice]
    ) -> tuple[list[str], list[str]]:
        evidence: list[str] = []
        missing: list[str] = []
        for gate in layout.gates:
            for direction in gate.directions:
                found = [
                    d
                    for d in _in_use(devices, *kinds)
                    if d.gate == gate.name and d.serves(direction)
                ]
                if found:
                    evidence += [f"{gate.name}{direction.zh}: {d.label}" for d in found]
                else:
                    note = _not_in_use(devices, kinds, _at_gate(gate.name, direction))
                    missing.append(f"{gate.name}{direction.zh}: {zh} / {en}{note}")
        return evidence, missing

    return check


def _per_lane(kind: DeviceKind, zh: str, en: str) -> _Check:
    def check(
        layout: CommunityLayout, devices: Sequence[MenuDevice]
    ) -> tuple[list[str], list[str]]:
        evidence: list[str] = []
        missing: list[str] = []
        for lane in layout.lanes:
            found = [d for d in _in_use(devices, kind) if d.lane == lane.name]
            if found:
                evidence += [f"{lane.name}: {d.label}" for d in found]
            else:
                note = _not_in_use(devices, (kind,), _on_lane(lane.name))
                missing.append(f"{lane.name}: {zh} / {en}{note}")
        return evidence, missing

    return check


def _per_unit(kind: DeviceKind, zh: str, en: str) -> _Check:
    def check(
        layout: CommunityLayout, devices: Sequence[MenuDevice]
    ) -> tuple[list[str], list[str]]:
        evidence: list[str] = []
        missing: list[str] = []
        for building in layout.buildings:
            for unit in building.units:
                found = [
                    d
                    for d in _in_use(devices, kind)
                    if d.building == building.name and d.unit == unit
                ]
                where = f"{building.name}{unit}"
                if found:
                    evidence += [f"{where}: {d.label}" for d in found]
                else:
                    missing.append(f"{where}: {zh} / {en}")
        return evidence, missing

    return check


def _per_building(kind: DeviceKind, zh: str, en: str) -> _Check:
    def check(
        layout: CommunityLayout, devices: Sequence[MenuDevice]
    ) -> tuple[list[str], list[str]]:
        evidence: list[str] = []
        missing: list[str] = []
        for building in layout.buildings:
            found = [d for d in _in_use(devices, kind) if d.building == building.name]
            if found:
                evidence += [f"{building.name}: {d.label}" for d in found]
            else:
                missing.append(f"{building.name}: {zh} / {en}")
        return evidence, missing

    return check


def _exists(kinds: tuple[DeviceKind, ...], zh: str, en: str) -> _Check:
    def check(
        layout: CommunityLayout, devices: Sequence[MenuDevice]
    ) -> tuple[list[str], list[str]]:
        found = _in_use(devices, *kinds)
        if found:
            return [d.label for d in found], []
        return [], [f"{layout.name}: {zh} / {en}"]

    return check


def _areas_covered(
    layout: CommunityLayout, devices: Sequence[MenuDevice]
) -> tuple[list[str], list[str]]:
    evidence: list[str] = []
    missing: list[str] = []
    cameras = _in_use(devices, DeviceKind.CAMERA)
    for area in layout.areas:
        found = [d for d in cameras if d.covers(area)]
        if found:
            evidence += [f"{area.kind.zh} {area.name}: {d.label}" for d in found]
        else:
            missing.append(f"{area.kind.zh} {area.name}: 高清枪机/球机 / HD camera")
    return evidence, missing


def _retention(
    layout: CommunityLayout, devices: Sequence[MenuDevice]
) -> tuple[list[str], list[str]]:
    evidence: list[str] = []
    missing: list[str] = []
    recorders = _in_use(devices, DeviceKind.NVR, DeviceKind.CAMERA)
    for device in recorders:
        days = device.retention_days
        if days is not None and days >= MIN_RETENTION_DAYS:
            evidence.append(f"{device.label}: {days} 天 / days")
        else:
            shown = "未登记 / not recorded" if days is None else f"{days} 天 / days"
            missing.append(
                f"{device.label}: 录像保存 {shown} < {MIN_RETENTION_DAYS} 天 / retention"
            )
    if not recorders:
        missing.append(f"{layout.name}: 视频存储设备 / video storage (NVR)")
    return evidence, missing


_GATE_FACE = (DeviceKind.FACE_CAMERA,)
_GATE_CHANNEL = (DeviceKind.TURNSTILE, DeviceKind.ACCESS_TERMINAL)

RULES: tuple[_Rule, ...] = (
    _Rule(
        "standard_pedestrian_face_capture",
        Tier.STANDARD,
        "人行出入口人脸抓拍",
        "Face capture at every pedestrian entrance and exit",
        _per_gate(_GATE_FACE, "人脸抓拍机", "face capture camera"),
    ),
    _Rule(
        "standard_pedestrian_access_channel",
        Tier.STANDARD,
        "人行出入口通道控制",
        "Access channel at every pedestrian entrance and exit",
        _per_gate(_GATE_CHANNEL, "人行通道平开门或智能门禁终端", "turnstile or access terminal"),
    ),
    _Rule(
        "standard_vehicle_plate_recognition",
        Tier.STANDARD,
        "车行通道车牌识别",
        "Plate recognition on every vehicle lane",
        _per_lane(DeviceKind.PLATE_CAMERA, "车牌识别和显示套件", "plate recognition camera"),
    ),
    _Rule(
        "standard_vehicle_barrier",
        Tier.STANDARD,
        "车行通道挡车器",
        "Barrier on every vehicle lane",
        _per_lane(DeviceKind.BARRIER, "挡车器+百叶栏杆", "barrier"),
    ),
    _Rule(
        "standard_vehicle_detector",
        Tier.STANDARD,
        "车行通道车辆检测器",
        "Vehicle detector on every vehicle lane",
        _per_lane(DeviceKind.VEHICLE_DETECTOR, "数字式车辆检测器", "vehicle detector"),
    ),
    _Rule(
        "standard_data_gateway",
        Tier.STANDARD,
        "数据接入网关/智能门禁终端（2选1）",
        "Data gateway or access terminal (one of two)",
        _exists(
            (DeviceKind.GATEWAY, DeviceKind.ACCESS_TERMINAL),
            "数据接入网关或智能门禁终端",
            "data gateway or access terminal",
        ),
    ),
    _Rule(
        "standard_nvr",
        Tier.STANDARD,
        "硬盘录像机（NVR）",
        "Network video recorder",
        _exists((DeviceKind.NVR,), "硬盘录像机", "NVR"),
    ),
    _Rule(
        "standard_collection_terminal",
        Tier.STANDARD,
        "实有人口信息采集配套设备",
        "Population information collection kit",
        _exists(
            (DeviceKind.COLLECTION_TERMINAL,),
            "基础信息采集终端、身份证读卡器、USB摄像头",
            "collection terminal, ID card reader, USB camera",
        ),
    ),
    _Rule(
        "medium_video_coverage",
        Tier.MEDIUM,
        "主干道路、公共场所及停车场视频覆盖",
        "HD cameras cover main roads, public places and car parks",
        _areas_covered,
    ),
    _Rule(
        "medium_recording_retention",
        Tier.MEDIUM,
        "录像存储时长不少于30天",
        "Video kept for at least 30 days",
        _retention,
    ),
    _Rule(
        "high_unit_access_terminal",
        Tier.HIGH,
        "单元楼人脸识别门禁",
        "Access terminal at every unit door",
        _per_unit(DeviceKind.ACCESS_TERMINAL, "单元门智能门禁终端", "unit access terminal"),
    ),
    _Rule(
        "high_unit_face_capture",
        Tier.HIGH,
        "单元楼道人脸抓拍",
        "Hallway face capture at every unit",
        _per_unit(DeviceKind.FACE_CAMERA, "单元楼道人脸抓拍机", "hallway face camera"),
    ),
)

OPTION_RULES: dict[Option, _Rule] = {
    Option.PERIMETER: _Rule(
        "optional_perimeter",
        "optional",
        "周界防护系统",
        "Perimeter protection",
        _exists((DeviceKind.PERIMETER_SENSOR,), "周界防护设备", "perimeter sensor"),
    ),
    Option.PATROL: _Rule(
        "optional_patrol",
        "optional",
        "电子巡更",
        "Electronic patrol",
        _exists((DeviceKind.PATROL_CHECKPOINT,), "巡更点", "patrol checkpoint"),
    ),
    Option.FALLING_OBJECT: _Rule(
        "optional_falling_object",
        "optional",
        "高空抛物监测",
        "Falling-object camera on every building",
        _per_building(DeviceKind.FALLING_OBJECT_CAMERA, "高空抛物摄像机", "falling-object camera"),
    ),
    Option.SMOKE: _Rule(
        "optional_iot_smoke",
        "optional",
        "物联网感知：烟感",
        "IoT smoke detectors",
        _exists((DeviceKind.SMOKE_DETECTOR,), "烟感", "smoke detector"),
    ),
    Option.MANHOLE: _Rule(
        "optional_iot_manhole",
        "optional",
        "物联网感知：窨井盖",
        "IoT manhole sensors",
        _exists((DeviceKind.MANHOLE_SENSOR,), "窨井盖监测", "manhole sensor"),
    ),
    Option.METERS: _Rule(
        "optional_iot_meters",
        "optional",
        "物联网感知：水电气",
        "IoT water, electricity and gas meters",
        _exists(
            (DeviceKind.WATER_METER, DeviceKind.ELECTRICITY_METER, DeviceKind.GAS_METER),
            "水电气表",
            "utility meters",
        ),
    ),
}

REGISTER_RULE_ID = "register_naming_rules"


def evaluate(
    layout: CommunityLayout,
    devices: Iterable[MenuDevice],
    tier: Tier,
    *,
    options: Iterable[Option] = (),
    register_problems: Sequence[str] | None = None,
) -> Evaluation:
    """Check the menu of ``tier`` (and the lower tiers), the selected options and, when
    given, the register's naming/code problems."""
    listed = list(devices)
    rules = [r for r in RULES if Tier(r.tier).rank <= tier.rank]
    chosen = set(options)
    rules += [rule for option, rule in OPTION_RULES.items() if option in chosen]
    requirements = []
    for rule in rules:
        evidence, missing = rule.check(layout, listed)
        requirements.append(
            Requirement(
                id=rule.id,
                tier=rule.tier,
                title_zh=rule.title_zh,
                title_en=rule.title_en,
                met=not missing,
                evidence=tuple(evidence),
                missing=tuple(missing),
            )
        )
    if register_problems is not None:
        requirements.append(
            Requirement(
                id=REGISTER_RULE_ID,
                tier="register",
                title_zh="一机一档编码与命名规则",
                title_en="Register codes and naming rules",
                met=not register_problems,
                evidence=(f"{len(listed)} 台设备 / devices",),
                missing=tuple(register_problems),
            )
        )
    return Evaluation(community=layout.name, tier=tier, requirements=tuple(requirements))
