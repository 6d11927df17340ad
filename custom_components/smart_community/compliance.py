"""Acceptance check in HA: the standard's device menu against the community's register.

At set-up the register's devices are checked against the menu of the community's tier and
optional systems (:mod:`.core.compliance`). Every unmet requirement is a repair issue that
names what is missing where; a community sensor says compliant / not compliant. The
``smart_community.acceptance_report`` action writes the acceptance report (HTML) and the
police register export (XLSX) under ``<config>/www/smart_community/<community code>/``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import voluptuous as vol
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util

from .community_entities import CommunitySensorDescription, CommunityValueSensor
from .const import DOMAIN
from .core.compliance.from_register import menu_device
from .core.compliance.layout import (
    AreaKind,
    Building,
    CommunityLayout,
    CoverageArea,
    MenuDevice,
    PedestrianGate,
    VehicleLane,
)
from .core.compliance.menu import Evaluation, Option, Tier, evaluate
from .core.compliance.report import render_report
from .core.devices import DeviceKind
from .core.register.export import export_police_register
from .core.register.row import RegisterRow
from .docking import docking_runtime
from .hub import CommunityHub
from .issues import IssueFamily, async_keep_only_items, async_raise_issue
from .services import ATTR_CONFIG_ENTRY_ID, hub_for

DATA_COMPLIANCE = f"{DOMAIN}_compliance"
STATE_COMPLIANT = "compliant"
STATE_NOT_COMPLIANT = "not_compliant"
MAX_MISSING_SHOWN = 15

OPTIONS_BY_SYSTEM: dict[str, tuple[Option, ...]] = {
    "perimeter": (Option.PERIMETER,),
    "patrol": (Option.PATROL,),
    "falling_object": (Option.FALLING_OBJECT,),
    "iot": (Option.SMOKE, Option.MANHOLE, Option.METERS),
}
# Places of the naming rule's vocabulary that 中配 wants covered by HD cameras.
_AREA_WORDS: tuple[tuple[str, AreaKind], ...] = (
    ("小区道路", AreaKind.MAIN_ROAD),
    ("主干道", AreaKind.MAIN_ROAD),
    ("广场", AreaKind.PUBLIC_PLACE),
    ("停车场", AreaKind.CAR_PARK),
    ("地下车库", AreaKind.CAR_PARK),
)
_PEDESTRIAN = frozenset({DeviceKind.FACE_CAMERA, DeviceKind.TURNSTILE, DeviceKind.ACCESS_TERMINAL})

ACCEPTANCE_REPORT_SCHEMA = vol.Schema({vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string})


def _lane_key(row: RegisterRow) -> str:
    # Lanes are numbered per gate in the register (东门 1, 南门 1): the gate makes them unique.
    return f"{row.gate}车道{row.lane}" if row.gate else f"车道{row.lane}"


def community_layout(name: str, code: str, rows: list[RegisterRow]) -> CommunityLayout:
    """The community's gates, lanes, buildings and areas as the register names them.

    The register is the only description of the community HA has: a gate, lane or unit
    that appears on any row must be fully equipped, and a main road, square or car park
    named in any device's place must be covered by a camera.
    """
    gates: dict[str, None] = {}
    lanes: dict[str, None] = {}
    units: dict[str, dict[str, None]] = {}
    areas: dict[str, AreaKind] = {}
    for row in rows:
        if row.lane:
            lanes[_lane_key(row)] = None
        elif row.gate and row.device_kind in _PEDESTRIAN:
            gates[row.gate] = None
        if row.building:
            building_units = units.setdefault(row.building, {})
            if row.unit:
                building_units[row.unit] = None
        place = f"{row.name} {row.install_address or ''}"
        for word, kind in _AREA_WORDS:
            if word in place:
                areas.setdefault(word, kind)
    return CommunityLayout(
        name=name,
        code=code,
        gates=tuple(PedestrianGate(gate) for gate in gates),
        lanes=tuple(VehicleLane(lane) for lane in lanes),
        buildings=tuple(Building(b, tuple(u)) for b, u in units.items()),
        areas=tuple(CoverageArea(kind, word) for word, kind in areas.items()),
    )


def menu_devices(rows: list[RegisterRow]) -> list[MenuDevice]:
    """Register rows as the menu sees them (lanes keyed by gate)."""
    return [
        replace(menu_device(row), lane=_lane_key(row)) if row.lane else menu_device(row)
        for row in rows
    ]


def evaluate_community(hub: CommunityHub) -> Evaluation:
    """The menu check of the community's tier and optional systems."""
    rows = [device.row for device in hub.devices.values()]
    options = [
        option for system in hub.optional_systems for option in OPTIONS_BY_SYSTEM.get(system, ())
    ]
    return evaluate(
        community_layout(hub.community_name, hub.community_code, rows),
        menu_devices(rows),
        Tier(hub.tier),
        options=options,
    )


@dataclass(slots=True, eq=False)
class ComplianceRuntime:
    """The last evaluation of one community (a community source)."""

    hub: CommunityHub
    evaluation: Evaluation

    @property
    def signal(self) -> str:
        """Dispatcher signal of the compliance sensor."""
        return f"{DOMAIN}_{self.hub.entry_id}_compliance"

    @property
    def available(self) -> bool:
        """Always evaluated."""
        return True

    @property
    def open_ids(self) -> list[str]:
        """IDs of the unmet requirements, in menu order."""
        return [r.id for r in self.evaluation.open_items]


SENSORS = (
    CommunitySensorDescription(
        key="compliance",
        translation_key="compliance",
        device_class=SensorDeviceClass.ENUM,
        options=[STATE_COMPLIANT, STATE_NOT_COMPLIANT],
        value_fn=lambda source: STATE_COMPLIANT if source.evaluation.met else STATE_NOT_COMPLIANT,
        attributes_fn=lambda source: {
            "tier": source.evaluation.tier.value,
            "open_items": len(source.open_ids),
            "open_item_ids": source.open_ids,
        },
    ),
)


def _missing_lines(missing: tuple[str, ...]) -> str:
    lines = [f"- {item}" for item in missing[:MAX_MISSING_SHOWN]]
    if len(missing) > MAX_MISSING_SHOWN:
        lines.append(f"- … {len(missing) - MAX_MISSING_SHOWN} more")
    return "\n".join(lines)


def _update_issues(hass: HomeAssistant, hub: CommunityHub, evaluation: Evaluation) -> None:
    for requirement in evaluation.open_items:
        async_raise_issue(
            hass,
            IssueFamily.COMPLIANCE,
            hub.entry_id,
            {
                "community": hub.community_name,
                "tier": evaluation.tier.zh,
                "requirement": requirement.id,
                "title": f"{requirement.title_zh} / {requirement.title_en}",
                "missing": _missing_lines(requirement.missing),
            },
            item=requirement.id,
        )
    async_keep_only_items(
        hass,
        IssueFamily.COMPLIANCE,
        hub.entry_id,
        [requirement.id for requirement in evaluation.open_items],
    )


def compliance_runtime(hass: HomeAssistant, entry_id: str) -> ComplianceRuntime | None:
    """The compliance state of a loaded community."""
    runtimes: dict[str, ComplianceRuntime] = hass.data.get(DATA_COMPLIANCE, {})
    return runtimes.get(entry_id)


async def async_setup_compliance(hass: HomeAssistant, hub: CommunityHub) -> None:
    """Check the menu, raise / clear repair issues, add the compliance sensor.

    Call after the register is set and before the platforms are forwarded.
    """
    evaluation = evaluate_community(hub)
    runtime = ComplianceRuntime(hub, evaluation)
    runtimes: dict[str, ComplianceRuntime] = hass.data.setdefault(DATA_COMPLIANCE, {})
    runtimes[hub.entry_id] = runtime

    def _forget() -> None:
        if runtimes.get(hub.entry_id) is runtime:
            del runtimes[hub.entry_id]

    hub.entry.async_on_unload(_forget)
    _update_issues(hass, hub, evaluation)
    hub.add_community_entities(
        "sensor", lambda: [CommunityValueSensor(hub, runtime, d) for d in SENSORS]
    )
    async_dispatcher_send(hass, runtime.signal)


def _write_report(html_path: Path, html: str, xlsx_path: Path, rows: list[RegisterRow]) -> int:
    html_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = html_path.with_suffix(".html.tmp")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(html_path)
    return export_police_register(rows, xlsx_path)


async def _acceptance_report(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    hub = hub_for(hass, call)
    evaluation = evaluate_community(hub)
    docking = docking_runtime(hass, hub.entry_id)
    daily: dict[str, dict[str, int]] = (
        await docking.service.daily_statistics(7) if docking is not None else {}
    )
    now = dt_util.now()
    html = render_report(
        evaluation, docking_stats=daily, generated_at=now, community_code=hub.community_code
    )
    folder = Path(hass.config.path("www", DOMAIN, hub.community_code))
    stem = now.date().isoformat()
    html_path = folder / f"acceptance-{stem}.html"
    xlsx_path = folder / f"police-register-{stem}.xlsx"
    rows = [device.row for device in hub.devices.values()]
    cameras = await hass.async_add_executor_job(_write_report, html_path, html, xlsx_path, rows)
    local = f"/local/{DOMAIN}/{hub.community_code}"
    summary: dict[str, Any] = {
        "tier": evaluation.tier.value,
        "compliant": evaluation.met,
        "requirements": len(evaluation.requirements),
        "open_items": [r.id for r in evaluation.open_items],
        "police_register_rows": cameras,
        "docking_days": daily,
    }
    return {
        "html": str(html_path),
        "xlsx": str(xlsx_path),
        "html_url": f"{local}/{html_path.name}",
        "xlsx_url": f"{local}/{xlsx_path.name}",
        "summary": summary,
    }


def async_setup_compliance_services(hass: HomeAssistant) -> None:
    """Register ``smart_community.acceptance_report`` once (from ``async_setup``)."""
    if hass.services.has_service(DOMAIN, "acceptance_report"):
        return
    hass.services.async_register(
        DOMAIN,
        "acceptance_report",
        _acceptance_report,
        schema=ACCEPTANCE_REPORT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
