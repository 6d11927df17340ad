"""Community-level entities (docking, compliance): one HA device per community, push-updated.

Feature modules keep a small runtime object (a :class:`CommunitySource`) with the values
the entities show and a dispatcher signal they send when those values change; the
entities here only read it, so adding a community entity is adding a description.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.sensor import SensorEntity, SensorEntityDescription
from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.typing import StateType

from .const import DOMAIN

if TYPE_CHECKING:
    from .hub import CommunityHub


class CommunitySource(Protocol):
    """What community entities read: a signal to follow and whether values are known."""

    @property
    def signal(self) -> str:
        """Dispatcher signal sent after the values changed."""

    @property
    def available(self) -> bool:
        """Whether the values are known."""


@dataclass(frozen=True, kw_only=True)
class CommunitySensorDescription(SensorEntityDescription):
    """A community sensor: its value (and attributes) from the source."""

    value_fn: Callable[[Any], StateType]
    attributes_fn: Callable[[Any], Mapping[str, Any]] | None = None


@dataclass(frozen=True, kw_only=True)
class CommunityBinarySensorDescription(BinarySensorEntityDescription):
    """A community binary sensor: on/off from the source."""

    is_on_fn: Callable[[Any], bool | None]


def community_device_info(hub: CommunityHub) -> DeviceInfo:
    """The community's own device (created by the hub at set-up)."""
    return DeviceInfo(identifiers={(DOMAIN, hub.community_code)})


class _CommunityEntity(Entity):
    """Push-updated entity of the community device."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, hub: CommunityHub, source: CommunitySource, key: str) -> None:
        self.hub = hub
        self.source = source
        self._attr_unique_id = f"{hub.community_code}_{key}"
        self._attr_device_info = community_device_info(hub)

    @property
    def available(self) -> bool:
        """Unavailable until the source has values."""
        return self.source.available

    async def async_added_to_hass(self) -> None:
        """Follow the source's updates."""
        self.async_on_remove(
            async_dispatcher_connect(self.hass, self.source.signal, self._handle_update)
        )

    @callback
    def _handle_update(self) -> None:
        self.async_write_ha_state()


class CommunityValueSensor(_CommunityEntity, SensorEntity):
    """A sensor of the community device."""

    entity_description: CommunitySensorDescription

    def __init__(
        self, hub: CommunityHub, source: CommunitySource, description: CommunitySensorDescription
    ) -> None:
        """Bind to the source and description."""
        super().__init__(hub, source, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType:
        """The description's value of the source."""
        return self.entity_description.value_fn(self.source)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """The description's attributes, if any."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.source)


class CommunityValueBinarySensor(_CommunityEntity, BinarySensorEntity):
    """A binary sensor of the community device."""

    entity_description: CommunityBinarySensorDescription

    def __init__(
        self,
        hub: CommunityHub,
        source: CommunitySource,
        description: CommunityBinarySensorDescription,
    ) -> None:
        """Bind to the source and description."""
        super().__init__(hub, source, description.key)
        self.entity_description = description

    @property
    def is_on(self) -> bool | None:
        """The description's state of the source."""
        return self.entity_description.is_on_fn(self.source)
