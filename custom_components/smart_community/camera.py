"""Cameras: the last capture of face, plate, falling-object and HD cameras; stream when offered."""

from __future__ import annotations

from homeassistant.components.camera import Camera, CameraEntityDescription, CameraEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .core.devices import DeviceKind
from .core.site import RegisteredDevice
from .core.state import StateKey
from .entity import (
    SmartCommunityEntity,
    SmartCommunityEntityDescription,
    device_entities,
)
from .hub import CommunityHub
from .runtime import SmartCommunityConfigEntry

PARALLEL_UPDATES = 0


class CommunityCameraDescription(SmartCommunityEntityDescription, CameraEntityDescription):
    """Camera description."""


DESCRIPTIONS = (
    CommunityCameraDescription(
        key="camera",
        name=None,
        kinds=frozenset(
            {
                DeviceKind.FACE_CAMERA,
                DeviceKind.CAMERA,
                DeviceKind.PLATE_CAMERA,
                DeviceKind.FALLING_OBJECT_CAMERA,
                DeviceKind.ACCESS_TERMINAL,
            }
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SmartCommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A camera entity per capturing device."""
    async_add_entities(device_entities(entry.runtime_data, CommunityCamera, DESCRIPTIONS))


class CommunityCamera(SmartCommunityEntity, Camera):
    """Snapshot = the device's last pushed picture (served through HA's authenticated proxy)."""

    def __init__(
        self,
        hub: CommunityHub,
        device: RegisteredDevice,
        description: CommunityCameraDescription,
    ) -> None:
        """Both base classes need their own initialisation."""
        SmartCommunityEntity.__init__(self, hub, device, description)
        Camera.__init__(self)

    @property
    def supported_features(self) -> CameraEntityFeature:
        """Streaming only when the device told us its stream URL."""
        if self.device_state.get(StateKey.STREAM_URL):
            return CameraEntityFeature.STREAM
        return CameraEntityFeature(0)

    async def stream_source(self) -> str | None:
        """RTSP URL the device reported."""
        value = self.device_state.get(StateKey.STREAM_URL)
        return str(value) if value else None

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """The last capture (JPEG), or None before the first one."""
        return self.device_state.last_image
