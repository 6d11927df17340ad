"""The community hub: the one object a config entry owns (``entry.runtime_data``).

It holds the register's devices and their live state, receives decoded events from the
transports, updates entities through dispatcher signals, fires ``smart_community_event``
on the bus, and sends commands back through the device's own transport.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import (
    CONF_COMMUNITY_CODE,
    CONF_COMMUNITY_NAME,
    CONF_OPTIONAL_SYSTEMS,
    CONF_TIER,
    DOMAIN,
    EVENT_DEVICE_EVENT,
    signal_device_update,
)
from .core.devices import KIND_LABELS_ZH, DeviceKind, Transport
from .core.events import DeviceEvent
from .core.gat1400.server import Gat1400Server
from .core.register.enumerations import EnumStyle, enumeration
from .core.register.row import RegisterRow
from .core.state import DeviceState, StateKey, StateValueError

if TYPE_CHECKING:
    from .recognition import RecognitionService

_LOGGER = logging.getLogger(__name__)

type SmartCommunityConfigEntry = ConfigEntry[CommunityHub]


@dataclass(frozen=True, slots=True)
class RegisteredDevice:
    """What HA needs of a register row."""

    code: str
    name: str
    kind: DeviceKind
    manufacturer: str | None
    model: str | None
    area: str | None
    building: str
    unit: str
    gate: str
    lane: str
    transport: Transport
    address: str
    row: RegisterRow

    @classmethod
    def from_row(cls, row: RegisterRow) -> RegisteredDevice:
        """Map a register row to a device."""
        manufacturer = (
            enumeration("manufacturer").format(row.manufacturer, EnumStyle.LABEL)
            if row.manufacturer is not None
            else None
        )
        area: str | None = f"{row.building}{row.unit}" if row.building else (row.gate or None)
        return cls(
            code=row.code,
            name=row.name,
            kind=row.device_kind,
            manufacturer=manufacturer,
            model=KIND_LABELS_ZH[row.device_kind],
            area=area,
            building=row.building,
            unit=row.unit,
            gate=row.gate,
            lane=row.lane,
            transport=row.transport,
            address=row.address,
            row=row,
        )


class CommandTransport(Protocol):
    """A transport that can carry a command back to a device."""

    async def async_send_command(
        self, device: RegisteredDevice, command: str, params: dict[str, Any]
    ) -> None:
        """Send one command; raise HomeAssistantError when the device did not take it."""


type EntityFactory = Callable[[RegisteredDevice], Iterable[Entity]]


class CommunityHub:
    """Runtime of one community config entry."""

    def __init__(self, hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> None:
        """Community identity from the entry; devices come from the register."""
        self.hass = hass
        self.entry = entry
        self.entry_id = entry.entry_id
        self.community_code: str = entry.data[CONF_COMMUNITY_CODE]
        self.community_name: str = entry.data[CONF_COMMUNITY_NAME]
        self.tier: str = entry.data[CONF_TIER]
        self.optional_systems: list[str] = list(entry.data.get(CONF_OPTIONAL_SYSTEMS, []))
        self.devices: dict[str, RegisteredDevice] = {}
        self._states: dict[str, DeviceState] = {}
        self._aliases: dict[str, str] = {}  # transport address / vendor id -> code
        self.transports: dict[Transport, CommandTransport] = {}
        self.gat1400_server: Gat1400Server = Gat1400Server(server_id=self.community_code)
        self.recognition: RecognitionService | None = None
        # Adds the access decision (decision, decision_reason ...) to face matches, plate
        # reads and access events before anything sees them; set by the people module.
        self.decider: Callable[[RegisteredDevice, DeviceEvent], DeviceEvent] | None = None
        self.events_processed = 0
        self.events_rejected = 0
        self._listeners: list[Callable[[RegisteredDevice, DeviceEvent], None]] = []
        self._community_entities: dict[str, list[Callable[[], Iterable[Entity]]]] = {}

    @property
    def data_dir(self) -> Path:
        """``<config>/smart_community/<community code>/``: register, records db, images."""
        return Path(self.hass.config.path(DOMAIN, self.community_code))

    @callback
    def add_community_entities(
        self, platform: str, factory: Callable[[], Iterable[Entity]]
    ) -> None:
        """Community-level entities (docking, compliance, people counts) of a platform.

        Feature modules call this before the platforms are set up; the platform adds them.
        """
        self._community_entities.setdefault(platform, []).append(factory)

    def community_entities(self, platform: str) -> list[Entity]:
        """Instantiate the community-level entities registered for ``platform``."""
        return [
            entity for factory in self._community_entities.get(platform, []) for entity in factory()
        ]

    # --- register -------------------------------------------------------------

    @callback
    def set_register(self, rows: Iterable[RegisterRow]) -> None:
        """Take the register's devices; devices no longer in it leave HA's device registry.

        Called once per set-up: an import rewrites the register file and reloads the entry,
        so transports and entities always match the register.
        """
        self.devices = {row.code: RegisteredDevice.from_row(row) for row in rows}
        self._aliases = {}
        for device in self.devices.values():
            if device.address:
                self._aliases[device.address.strip("/")] = device.code
            if device.transport is Transport.ISAPI and device.row.ipv4 is not None:
                # ISAPI alerts without a deviceID name the sender by its IP address.
                self._aliases.setdefault(str(device.row.ipv4), device.code)
        registry = dr.async_get(self.hass)
        registry.async_get_or_create(
            config_entry_id=self.entry_id,
            identifiers={(DOMAIN, self.community_code)},
            name=self.community_name,
            manufacturer="智慧平安小区",
            model=f"tier: {self.tier}",
            serial_number=self.community_code,
        )
        for device_entry in dr.async_entries_for_config_entry(registry, self.entry_id):
            codes = {code for domain, code in device_entry.identifiers if domain == DOMAIN}
            if codes and not codes & (set(self.devices) | {self.community_code}):
                registry.async_update_device(device_entry.id, remove_config_entry_id=self.entry_id)

    @callback
    def add_entities_for_platform(
        self,
        async_add_entities: AddConfigEntryEntitiesCallback,
        factory: EntityFactory,
        platform: str | None = None,
    ) -> None:
        """Add a platform's entities for every register device (and the community's own)."""
        entities = [entity for device in self.devices.values() for entity in factory(device)]
        if platform is not None:
            entities += self.community_entities(platform)
        async_add_entities(entities)

    # --- state and events -----------------------------------------------------

    def state_of(self, code: str) -> DeviceState:
        """Live state of a device (empty until it reports)."""
        state = self._states.get(code)
        if state is None:
            state = self._states[code] = DeviceState(code)
        return state

    def resolve(self, device_id: str) -> RegisteredDevice | None:
        """Register device for an id a transport carried (code, address or alias)."""
        code = device_id if device_id in self.devices else self._aliases.get(device_id)
        return self.devices.get(code) if code else None

    @callback
    def async_process_event(self, event: DeviceEvent) -> bool:
        """Apply a decoded event; False (and a log line) when it is refused."""
        device = self.resolve(event.device_id)
        if device is None:
            self.events_rejected += 1
            _LOGGER.warning(
                "Event from %s (%s) ignored: the device is not in the register",
                event.device_id,
                event.source or "unknown transport",
            )
            return False
        if self.decider is not None and event.kind.value in ("face_match", "vehicle", "access"):
            event = self.decider(device, event)
        try:
            self.state_of(device.code).apply(event)
        except StateValueError as err:
            self.events_rejected += 1
            _LOGGER.warning("Event from %s refused: %s", device.code, err)
            return False
        self.events_processed += 1
        async_dispatcher_send(self.hass, signal_device_update(self.entry_id, device.code), event)
        if event.kind.value != "state":
            self.hass.bus.async_fire(EVENT_DEVICE_EVENT, event_attributes(self, event, device))
        for listener in list(self._listeners):
            listener(device, event)
        return True

    @callback
    def async_add_event_listener(
        self, listener: Callable[[RegisteredDevice, DeviceEvent], None]
    ) -> Callable[[], None]:
        """Call ``listener`` (in the event loop) for every applied event; returns remove."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def vehicle_present_at(self, barrier: RegisteredDevice) -> bool:
        """A vehicle is on a detector of the barrier's lane (or reported by the barrier)."""
        if self.state_of(barrier.code).get(StateKey.VEHICLE_PRESENT):
            return True
        return any(
            device.kind is DeviceKind.VEHICLE_DETECTOR
            and device.lane == barrier.lane
            and device.gate == barrier.gate
            and bool(self.state_of(device.code).get(StateKey.VEHICLE_PRESENT))
            for device in self.devices.values()
        )

    # --- commands ---------------------------------------------------------------

    async def async_command(self, code: str, command: str, **params: Any) -> None:
        """Send a command back through the device's own transport."""
        device = self.devices.get(code)
        if device is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="unknown_device",
                translation_placeholders={"device": code},
            )
        transport = self.transports.get(device.transport)
        if transport is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="no_command_transport",
                translation_placeholders={"device": device.name, "transport": device.transport},
            )
        await transport.async_send_command(device, command, params)


def loaded_hub(hass: HomeAssistant, entry_id: str) -> CommunityHub:
    """The loaded community of a config entry id (actions name it), or a translated error."""
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_community",
            translation_placeholders={"community": entry_id},
        )
    hub: CommunityHub = entry.runtime_data
    return hub


def command_failed(device: RegisteredDevice, command: str, reason: str) -> HomeAssistantError:
    """The translated error of a command the device did not take."""
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="command_failed",
        translation_placeholders={"device": device.name, "command": command, "reason": reason},
    )


def event_attributes(
    hub: CommunityHub, event: DeviceEvent, device: RegisteredDevice | None = None
) -> dict[str, Any]:
    """The event as automations see it (bus event data and event-entity attributes)."""
    device = device or hub.resolve(event.device_id)
    data = event.to_json()
    data.pop("images", None)
    # Vendor and decision fields (e.g. "decision", "quality", "bbox") sit beside the
    # standard ones, so automations read trigger.event.data.decision directly.
    for key, value in data.pop("attributes", {}).items():
        data.setdefault(key, value)
    data["sender_id"] = data.pop("device_id")
    data["image_types"] = [image.type.value for image in event.images]
    if device is not None:
        data.update(
            device_code=device.code,
            device_name=device.name,
            device_kind=device.kind.value,
            building=device.building,
            unit=device.unit,
            gate=device.gate,
            lane=device.lane,
        )
    data["community_code"] = hub.community_code
    return data
