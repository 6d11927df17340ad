"""Cameras: the last capture of face, plate, falling-object and HD cameras; stream when offered.

A falling-object camera the integration analyses shows its current view (the picture to
calibrate its facade on) and streams the register's 视频流地址."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

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
    runtime = entry.runtime_data
    camera = partial(CommunityCamera, snapshot=runtime.falling.snapshot)
    async_add_entities(device_entities(runtime, camera, DESCRIPTIONS))


class CommunityCamera(SmartCommunityEntity, Camera):
    """Snapshot = the device's last pushed picture (served through HA's authenticated proxy)."""

    def __init__(
        self,
        hub: CommunityHub,
        device: RegisteredDevice,
        description: CommunityCameraDescription,
        *,
        snapshot: Callable[[str], bytes | None] | None = None,
    ) -> None:
        """Both base classes need their own initialisation; ``snapshot`` (blocking) gives the
        current view of a camera the integration reads itself."""
        SmartCommunityEntity.__init__(self, hub, device, description)
        Camera.__init__(self)
        self._snapshot = snapshot

    def _stream_url(self) -> str | None:
        value = self.device_state.get(StateKey.STREAM_URL) or self.device.row.stream_url
        return str(value) if value else None

    @property
    def supported_features(self) -> CameraEntityFeature:
        """Streaming only when the device or the register gives a stream URL."""
        if self._stream_url():
            return CameraEntityFeature.STREAM
        return CameraEntityFeature(0)

    async def stream_source(self) -> str | None:
        """RTSP URL the device reported, else the register's 视频流地址."""
        return self._stream_url()

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """The current view when the integration reads the stream, else the last capture
        (JPEG), or None before the first one."""
        if self._snapshot is not None:
            view = await self.hass.async_add_executor_job(self._snapshot, self.device.code)
            if view is not None:
                return view
        return self.device_state.last_image
