"""One community's runtime: the hub and every feature, in ``entry.runtime_data``.

:func:`async_setup_runtime` builds it in dependency order: the register gives the site; the
people registry, the car park and the access decision come next (the hub asks the
decision about every face, card and plate); then the hub, the records store, recognition,
police docking and the compliance check; the transports start last, once everything that
listens to events is in place, and the falling-object cameras' video analysis with them.
Everything a feature starts stops with the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.event import async_track_time_change

from .const import (
    CONF_COMMUNITY_CODE,
    CONF_COMMUNITY_NAME,
    CONF_OPTIONAL_SYSTEMS,
    CONF_TIER,
    DOMAIN,
)
from .core.devices import Transport
from .core.site import RegisteredDevice, Site
from .features.access import AccessFeature
from .features.alarms import AlarmsFeature
from .features.audit import AuditLog
from .features.compliance import ComplianceFeature
from .features.docking import DockingFeature, async_start_docking
from .features.falling import FallingObjectsFeature
from .features.models import ModelsFeature
from .features.parking import ParkingFeature
from .features.people import PeopleFeature
from .features.recognition import (
    RecognitionFeature,
    async_start_recognition,
    models_dir_of,
)
from .features.records import RecordsFeature
from .features.register import RegisterFeature
from .features.strangers import StrangersFeature
from .features.terminals import TerminalsFeature
from .hub import CommunityHub
from .transports import TRANSPORTS
from .transports.gat1400 import Gat1400Transport


@dataclass(slots=True, eq=False)
class CommunityRuntime:
    """Everything one community config entry owns."""

    hub: CommunityHub
    register: RegisterFeature
    people: PeopleFeature
    parking: ParkingFeature
    access: AccessFeature
    records: RecordsFeature
    compliance: ComplianceFeature
    models: ModelsFeature  # the recognition weights: present, downloading or waited for
    recognition: RecognitionFeature | None  # None until the models are there
    docking: DockingFeature | None  # None unless the options name a view library
    audit: AuditLog
    falling: FallingObjectsFeature  # the falling-object cameras' own video analysis
    terminals: TerminalsFeature  # 门禁授权: the access terminals' libraries, 人证核验
    strangers: StrangersFeature  # face clusters as people: name, merge, correct, watch
    alarms: AlarmsFeature  # who acknowledged which alarm

    @property
    def entry_id(self) -> str:
        """The config entry's id (what actions name the community by)."""
        return self.hub.entry_id

    @property
    def site(self) -> Site:
        """The register's devices and places."""
        return self.hub.site


type SmartCommunityConfigEntry = ConfigEntry[CommunityRuntime]


async def async_setup_runtime(
    hass: HomeAssistant, entry: SmartCommunityConfigEntry
) -> CommunityRuntime:
    """Build and start a community (the platforms are forwarded by the caller afterwards)."""
    code: str = entry.data[CONF_COMMUNITY_CODE]
    name: str = entry.data[CONF_COMMUNITY_NAME]
    options = entry.options
    folder = Path(hass.config.path(DOMAIN, code))
    register = await RegisterFeature.async_load(hass, entry.entry_id, code, name)
    site = Site.from_rows(register.rows)
    people = await PeopleFeature.async_load(hass, entry.entry_id, code, site, folder)
    parking = await ParkingFeature.async_load(
        hass, entry.entry_id, code, site, options, data_dir=folder
    )
    parking.registry = lambda: people.snapshot

    async def _close_parking_history() -> None:
        await parking.async_flush_history()
        await hass.async_add_executor_job(parking.close_history)

    entry.async_on_unload(_close_parking_history)
    access = await AccessFeature.async_load(
        hass, entry.entry_id, code, options=options, people=people, parking=parking
    )
    terminals = await TerminalsFeature.async_load(
        hass, entry, site=site, people=people, access=access, folder=folder
    )
    strangers = await StrangersFeature.async_load(hass, entry.entry_id, code, people)
    strangers.community_name = name
    alarms = await AlarmsFeature.async_load(hass, entry.entry_id, code)
    # Terminals name their users by their own ids: the registry's person comes first; the
    # watch list of face clusters follows the access decision.
    hub = CommunityHub(
        hass,
        entry,
        site,
        decide=terminals.naming(strangers.decider(access.async_decide)),
    )
    hub.async_sync_device_registry()

    records = await RecordsFeature.async_open(hass, entry.entry_id, site, options, folder)
    records.start(entry)
    entry.async_on_unload(hub.async_add_event_listener(records.async_event))
    entry.async_on_unload(hub.async_add_event_listener(people.async_event))
    entry.async_on_unload(people.async_add_change_listener(access.async_registry_changed))
    for feature in (people, parking, access, strangers, alarms):
        entry.async_on_unload(feature.async_save)
    for midnight in (access.async_midnight, parking.async_midnight):
        entry.async_on_unload(async_track_time_change(hass, midnight, hour=0, minute=0, second=0))

    strangers.records = records
    docking = await async_start_docking(hass, entry, hub)
    compliance = ComplianceFeature.start(
        hass,
        entry.entry_id,
        site,
        name=name,
        code=code,
        tier=entry.data[CONF_TIER],
        optional_systems=list(entry.data.get(CONF_OPTIONAL_SYSTEMS, [])),
    )
    runtime = CommunityRuntime(
        hub=hub,
        register=register,
        people=people,
        parking=parking,
        access=access,
        records=records,
        compliance=compliance,
        models=ModelsFeature(hass, entry.entry_id, models_dir_of(hass, entry)),
        recognition=None,
        docking=docking,
        audit=AuditLog(hass, folder),
        falling=FallingObjectsFeature.create(hass, entry, hub),
        terminals=terminals,
        strangers=strangers,
        alarms=alarms,
    )

    def _attach(feature: RecognitionFeature) -> None:
        # the models arrived: recognition (and naming strangers) runs from now on
        runtime.recognition = strangers.recognition = feature

    runtime.recognition = await async_start_recognition(hass, entry, hub, runtime.models, _attach)
    strangers.recognition = runtime.recognition
    return runtime


async def async_start_transports(runtime: CommunityRuntime) -> None:
    """Devices may talk once entities and listeners are ready."""
    await runtime.hub.async_start_transports(TRANSPORTS)
    runtime.falling.async_start()  # the cameras' video: entities and records listen by now
    push = runtime.hub.transports.get(Transport.GAT1400)
    if runtime.docking is not None and isinstance(push, Gat1400Transport):
        # The police view library subscribes through the community's /VIID receiver.
        push.set_subscriptions(runtime.docking)
    await runtime.terminals.async_start(
        runtime.hub,
        lambda: runtime.recognition.faces() if runtime.recognition is not None else None,
    )


def loaded_runtime(hass: HomeAssistant, entry_id: str) -> CommunityRuntime:
    """The loaded community an action names, or a translated error."""
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_community",
            translation_placeholders={"community": entry_id},
        )
    runtime: CommunityRuntime = entry.runtime_data
    return runtime


def loaded_runtimes(hass: HomeAssistant) -> list[CommunityRuntime]:
    """Every loaded community."""
    return [
        entry.runtime_data
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        if isinstance(getattr(entry, "runtime_data", None), CommunityRuntime)
    ]


def find_device(hass: HomeAssistant, code: str) -> tuple[CommunityHub, RegisteredDevice] | None:
    """The community that has a device, and the device."""
    for runtime in loaded_runtimes(hass):
        if (device := runtime.site.get(code)) is not None:
            return runtime.hub, device
    return None
