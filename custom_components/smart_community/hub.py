"""The community hub: the register's devices, their live state and the one way events come in.

Transports hand decoded events to :meth:`CommunityHub.async_process_event` together with
their origin. The hub accepts an event only for a device of the register and only through
the transport the register names for it; it lets the access decision add its verdict (a
decision is computed here, never taken from a payload), applies the event to the device's
state, updates the entities through a dispatcher signal, fires ``smart_community_event``
and tells the features' listeners. Commands go back through the device's own transport.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .const import (
    CONF_COMMUNITY_CODE,
    CONF_COMMUNITY_NAME,
    CONF_OPTIONAL_SYSTEMS,
    CONF_TIER,
    DOMAIN,
    EVENT_DEVICE_EVENT,
    signal_device_update,
)
from .core.devices import Transport
from .core.events import DeviceEvent, EventKind, as_received
from .core.people import mask_fields
from .core.site import RegisteredDevice, Site
from .core.state import DeviceState, StateKey, StateValueError
from .transports.base import (
    DeviceTransport,
    EventOrigin,
    TransportFactory,
    VoiceRequestHandler,
    no_commands,
)

_LOGGER = logging.getLogger(__name__)

# Events the access decision looks at (it adds decision, decision_reason, person ...).
DECIDED_KINDS = frozenset({EventKind.FACE_MATCH, EventKind.VEHICLE, EventKind.ACCESS})
_MAX_LOGGED_REFUSALS = 1024

type Decider = Callable[[RegisteredDevice, DeviceEvent], DeviceEvent]
type EventListener = Callable[[RegisteredDevice, DeviceEvent], None]


class CommunityHub:
    """Devices, states and the event pipeline of one community config entry."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        site: Site,
        *,
        decide: Decider | None = None,
    ) -> None:
        """Community identity from the entry, devices from the register (``site``)."""
        self.hass = hass
        self.entry = entry
        self.entry_id = entry.entry_id
        self.community_code: str = entry.data[CONF_COMMUNITY_CODE]
        self.community_name: str = entry.data[CONF_COMMUNITY_NAME]
        self.tier: str = entry.data[CONF_TIER]
        self.optional_systems: list[str] = list(entry.data.get(CONF_OPTIONAL_SYSTEMS, []))
        self.site = site
        self.transports: dict[Transport, DeviceTransport] = {}
        self.events_processed = 0
        self.events_rejected = 0
        self._decide = decide
        self._states: dict[str, DeviceState] = {}
        self._aliases = {
            device.address.strip("/"): device.code for device in site if device.address
        }
        self._listeners: list[EventListener] = []
        # set by recognition while it runs: answers the voice terminals' requests
        self.voice_handler: VoiceRequestHandler | None = None
        self._logged_refusals: set[tuple[str, str]] = set()

    @property
    def devices(self) -> Mapping[str, RegisteredDevice]:
        """The register's devices by code."""
        return self.site.devices

    @property
    def data_dir(self) -> Path:
        """``<config>/smart_community/<community code>/``: register, records, images."""
        return Path(self.hass.config.path(DOMAIN, self.community_code))

    # --- HA's device registry -------------------------------------------------------------

    @callback
    def async_sync_device_registry(self) -> None:
        """The community's own device; devices no longer in the register leave HA."""
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

    # --- transports -----------------------------------------------------------------------

    async def async_start_transports(self, factories: Mapping[Transport, TransportFactory]) -> None:
        """Start each transport the register's devices use; they stop with the entry."""
        for kind, factory in factories.items():
            transport = factory(self)
            await transport.async_start()
            self.transports[kind] = transport
            self.entry.async_on_unload(transport.async_stop)

    # --- state and events -----------------------------------------------------------------

    def state_of(self, code: str) -> DeviceState:
        """Live state of a device (empty until it reports)."""
        state = self._states.get(code)
        if state is None:
            state = self._states[code] = DeviceState(code)
        return state

    def resolve(self, device_id: str) -> RegisteredDevice | None:
        """The register device an id names: its code or its register address."""
        code = device_id if device_id in self.devices else self._aliases.get(device_id.strip("/"))
        return self.devices.get(code) if code else None

    def note_rejected(self) -> None:
        """Count an event a transport refused before the hub saw it."""
        self.events_rejected += 1

    def _refuse(self, origin: EventOrigin, device_id: str, reason: str) -> bool:
        self.events_rejected += 1
        key = (str(origin), device_id)
        # Once per sender and device: a flood of forgeries must not flood the log.
        if key not in self._logged_refusals and len(self._logged_refusals) < _MAX_LOGGED_REFUSALS:
            self._logged_refusals.add(key)
            _LOGGER.warning("Event for %r via %s refused: %s", device_id[:40], origin, reason)
        return False

    @callback
    def async_process_event(self, event: DeviceEvent, origin: EventOrigin) -> bool:
        """Apply an event a transport decoded; False (and one log line) when it is refused."""
        device = self.resolve(event.device_id)
        if device is None:
            return self._refuse(origin, event.device_id, "the device is not in the register")
        if device.transport is not origin.transport:
            return self._refuse(
                origin,
                device.code,
                f"the register connects this device through {device.transport.value}",
            )
        return self._apply(device, as_received(event)) is not None

    @callback
    def async_process_derived(self, device: RegisteredDevice, event: DeviceEvent) -> bool:
        """Apply what the integration itself derived from an accepted event (recognition)."""
        return self.async_apply_derived(device, event) is not None

    @callback
    def async_apply_derived(
        self, device: RegisteredDevice, event: DeviceEvent
    ) -> DeviceEvent | None:
        """Like :meth:`async_process_derived`; the event as applied (with the decision)."""
        return self._apply(device, event)

    def _apply(self, device: RegisteredDevice, event: DeviceEvent) -> DeviceEvent | None:
        if self._decide is not None and event.kind in DECIDED_KINDS:
            event = self._decide(device, event)
        try:
            self.state_of(device.code).apply(event)
        except StateValueError as err:
            self.events_rejected += 1
            _LOGGER.warning("Event from %s refused: %s", device.code, err)
            return None
        self.events_processed += 1
        async_dispatcher_send(self.hass, signal_device_update(self.entry_id, device.code), event)
        if event.kind is not EventKind.STATE:
            self.hass.bus.async_fire(EVENT_DEVICE_EVENT, event_attributes(self, event, device))
        for listener in list(self._listeners):
            listener(device, event)
        return event

    @callback
    def async_add_event_listener(self, listener: EventListener) -> Callable[[], None]:
        """Call ``listener`` (in the event loop) for every applied event; returns remove."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def vehicle_present_at(self, barrier: RegisteredDevice) -> bool:
        """A vehicle is on a detector of the barrier's lane (or reported by the barrier)."""
        if self.state_of(barrier.code).get(StateKey.VEHICLE_PRESENT):
            return True
        return any(
            bool(self.state_of(detector.code).get(StateKey.VEHICLE_PRESENT))
            for detector in self.site.detectors_of(barrier)
        )

    # --- commands -------------------------------------------------------------------------

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
            raise no_commands(device)
        await transport.async_send_command(device, command, params)


def event_attributes(
    hub: CommunityHub, event: DeviceEvent, device: RegisteredDevice | None = None
) -> dict[str, Any]:
    """The event as automations see it (bus event data and event-entity attributes), masked."""
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
    # Bus events and entity attributes are readable by every HA user and kept by the
    # recorder beyond the records' retention: names, ID numbers, mobiles and card numbers
    # go out masked, watch-list reasons not at all (the records store keeps the originals).
    masked = mask_fields(data)
    # The community's 15-digit code is shaped like an old ID number but is not personal.
    masked["community_code"] = hub.community_code
    return masked
