"""Base entities: one HA device per register row, and the community's own device.

Device entities follow their device's dispatcher signal (the hub sends it for every applied
event). Community entities (people inside, parking, records, docking, compliance ...) read
the community's runtime and follow the signals of the features they show. Platforms only
declare descriptions: which device kinds get an entity and how its value is read, or which
runtime value a community entity shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity, EntityDescription

from .const import DOMAIN, signal_device_update
from .core.devices import DeviceKind
from .core.events import DeviceEvent
from .core.site import RegisteredDevice
from .core.state import DeviceState
from .hub import CommunityHub
from .runtime import CommunityRuntime


def device_info(hub: CommunityHub, device: RegisteredDevice) -> DeviceInfo:
    """Device registry entry: identifiers = the 20-digit GB/T 28181 code."""
    return DeviceInfo(
        identifiers={(DOMAIN, device.code)},
        name=device.name,
        manufacturer=device.manufacturer,
        model=device.model,
        serial_number=device.code,
        suggested_area=device.area,
        via_device=(DOMAIN, hub.community_code),
    )


def community_device_info(hub: CommunityHub) -> DeviceInfo:
    """The community's own device (created by the hub at set-up)."""
    return DeviceInfo(identifiers={(DOMAIN, hub.community_code)})


# --- entities of a register device ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SmartCommunityEntityDescription(EntityDescription):
    """Which device kinds get this entity."""

    kinds: frozenset[DeviceKind]


class SmartCommunityEntity(Entity):
    """Push-updated entity of one register device."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    entity_description: SmartCommunityEntityDescription

    def __init__(
        self,
        hub: CommunityHub,
        device: RegisteredDevice,
        description: SmartCommunityEntityDescription,
    ) -> None:
        """Bind the entity to its device and description."""
        self.hub = hub
        self.device = device
        self.entity_description = description
        self._attr_unique_id = f"{device.code}_{description.key}"
        self._attr_device_info = device_info(hub, device)

    @property
    def device_state(self) -> DeviceState:
        """The device's live state (created on first use)."""
        return self.hub.state_of(self.device.code)

    @property
    def available(self) -> bool:
        """Unavailable only after the device said it is offline (last will)."""
        return self.device_state.online is not False

    async def async_added_to_hass(self) -> None:
        """Follow the device's updates."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                signal_device_update(self.hub.entry_id, self.device.code),
                self._handle_device_update,
            )
        )

    @callback
    def _handle_device_update(self, event: DeviceEvent | None) -> None:
        """New state or a new event of this device (event entities override this)."""
        self.async_write_ha_state()


def device_entities[D: SmartCommunityEntityDescription](
    runtime: CommunityRuntime,
    entity_class: Callable[[CommunityHub, RegisteredDevice, D], Entity],
    descriptions: Iterable[D],
) -> list[Entity]:
    """One entity per description that applies to each register device."""
    described = tuple(descriptions)
    return [
        entity_class(runtime.hub, device, description)
        for device in runtime.site
        for description in described
        if device.kind in description.kinds
    ]


# --- entities of the community itself -----------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CommunityEntityDescription(EntityDescription):
    """A community entity: the feature signals it follows, whether the community has it."""

    signals: Sequence[Callable[[str], str]]  # signal_*_update(entry_id)
    exists_fn: Callable[[CommunityRuntime], bool] = field(default=lambda runtime: True)
    available_fn: Callable[[CommunityRuntime], bool] = field(default=lambda runtime: True)


class CommunityEntity(Entity):
    """Push-updated entity of the community device, reading the runtime."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, runtime: CommunityRuntime, key: str, signals: Iterable[str]) -> None:
        """Unique ID = community code + key."""
        self.runtime = runtime
        self._signals = tuple(signals)
        self._attr_unique_id = f"{runtime.hub.community_code}_{key}"
        self._attr_device_info = community_device_info(runtime.hub)

    async def async_added_to_hass(self) -> None:
        """Follow the features' updates."""
        for signal in self._signals:
            self.async_on_remove(
                async_dispatcher_connect(self.hass, signal, self.async_write_ha_state)
            )


class DescribedCommunityEntity(CommunityEntity):
    """A community entity whose value comes from its description."""

    entity_description: CommunityEntityDescription

    def __init__(self, runtime: CommunityRuntime, description: CommunityEntityDescription) -> None:
        """Bind the description to the runtime."""
        super().__init__(
            runtime,
            description.key,
            (signal(runtime.entry_id) for signal in description.signals),
        )
        self.entity_description = description

    @property
    def available(self) -> bool:
        """Unavailable until the feature has values."""
        return self.entity_description.available_fn(self.runtime)


def community_entities[D: CommunityEntityDescription](
    runtime: CommunityRuntime,
    entity_class: Callable[[CommunityRuntime, D], Entity],
    descriptions: Iterable[D],
) -> list[Entity]:
    """One entity per description the community has."""
    return [
        entity_class(runtime, description)
        for description in descriptions
        if description.exists_fn(runtime)
    ]
