"""Falling objects (高空抛物): the integration analyses each falling-object camera's own video.

For every register device of kind ``falling_object_camera`` with a 视频流地址 and a facade
calibration (options, per device), one :class:`FallingObjectMonitor` thread reads the stream
and detects throws (``core/falling/``): it never runs in the event loop, reconnects with back-off
and stops with the entry. Each throw becomes an event of the camera, applied through the hub
like anything a device says: the camera's ``event`` entity fires ``alarm`` with the floor, its
band, the window column, the confidence and the keyframe and clip URLs, ``smart_community_event``
is fired, and the records store keeps the throw (a record of kind ``alarm`` with the keyframe and
the MP4 clip, kept and purged with the retention, searched and exported like every record).
The ``falling_object`` safety sensor stays on for :data:`ALARM_HOLD` after a throw.

A camera whose stream cannot be read for :data:`STREAM_DOWN_AFTER` raises a repair issue that
clears when the stream is back; a camera with a stream but no (usable) calibration raises one
that names what to do. The analysis sensor of each camera shows the state and the frame rate.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.util import dt as dt_util

from ..const import CONF_FALLING_FACADES, signal_falling_update
from ..core.devices import DeviceKind
from ..core.events import DeviceEvent, EventImage, EventKind, ImageType
from ..core.falling.facade import Facade, FacadeError
from ..core.falling.monitor import (
    FallingObjectMonitor,
    MonitorOptions,
    MonitorState,
    MonitorStatus,
    ThrowEvidence,
)
from ..core.site import RegisteredDevice
from ..core.urls import redact
from ..hub import CommunityHub
from ..issues import IssueFamily, async_clear_issue, async_keep_only_items, async_raise_issue
from .records import media_path

_LOGGER = logging.getLogger(__name__)

STREAM_DOWN_AFTER = timedelta(minutes=2)  # a stream unreadable this long is a repair issue
ALARM_HOLD = timedelta(seconds=60)  # the safety sensor stays on this long after a throw
CHECK_EVERY = timedelta(seconds=30)
STOP_TIMEOUT_S = 20.0  # a read timeout plus a clip being written
EVENT_TYPE = "falling_object"  # the camera event's device_event_type
SOURCE = "analysis"  # DeviceEvent.source of what the integration saw itself
MONITOR_OPTIONS = MonitorOptions()


class AnalysisState:
    """The analysis sensor's states beyond the monitor's own."""

    UNCALIBRATED = "uncalibrated"


ANALYSIS_STATES = (AnalysisState.UNCALIBRATED, *(state.value for state in MonitorState))


@dataclass(slots=True)
class CameraAnalysis:
    """One falling-object camera with a stream: its monitor and what it has done."""

    device: RegisteredDevice
    facade: Facade | None
    problem: str | None = None  # why it is not analysed (no or bad calibration)
    monitor: FallingObjectMonitor | None = None
    status: MonitorStatus = field(default_factory=lambda: MonitorStatus(MonitorState.IDLE))
    down_since: float | None = None  # monotonic time the stream was last lost
    throws: int = 0
    last_throw: datetime | None = None

    @property
    def state(self) -> str:
        """The sensor's state: uncalibrated, or the monitor's state."""
        return AnalysisState.UNCALIBRATED if self.monitor is None else self.status.state.value


def facades_of(options: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The options' calibrations by device code."""
    stored = options.get(CONF_FALLING_FACADES) or {}
    return {str(code): value for code, value in stored.items() if isinstance(value, Mapping)}


def analysed_cameras(devices: list[RegisteredDevice]) -> list[RegisteredDevice]:
    """The falling-object cameras the register gives a stream."""
    return [
        device
        for device in devices
        if device.kind is DeviceKind.FALLING_OBJECT_CAMERA and device.row.stream_url
    ]


class FallingObjectsFeature:
    """One per community: a monitor per calibrated falling-object camera."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        hub: CommunityHub,
        folder: Path,
        options: MonitorOptions | None = None,
    ) -> None:
        """Nothing runs until :meth:`start`."""
        self.hass = hass
        self.entry_id = entry_id
        self.hub = hub
        self.folder = folder  # clips and keyframes wait here until the record has them
        self.options = options or MONITOR_OPTIONS
        self.cameras: dict[str, CameraAnalysis] = {}
        self._stopping = False
        self._clear_alarm: dict[str, Callable[[], None]] = {}

    @classmethod
    def create(
        cls,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        hub: CommunityHub,
        options: MonitorOptions | None = None,
    ) -> FallingObjectsFeature:
        """The cameras of the register and their calibrations; the threads start with
        :meth:`async_start` (once the entities listen) and stop with the entry."""
        feature = cls(hass, entry.entry_id, hub, hub.data_dir / "falling", options)
        facades = facades_of(entry.options)
        for device in analysed_cameras(list(hub.site)):
            facade, problem = _facade(facades.get(device.code))
            feature.cameras[device.code] = CameraAnalysis(device, facade, problem)
        entry.async_on_unload(feature.async_stop)
        entry.async_on_unload(async_track_time_interval(hass, feature._async_check, CHECK_EVERY))
        return feature

    @callback
    def async_start(self) -> None:
        """Start a thread per calibrated camera; the others get a repair issue."""
        uncalibrated: list[str] = []
        for camera in self.cameras.values():
            device = camera.device
            if camera.facade is None:
                uncalibrated.append(device.code)
                async_raise_issue(
                    self.hass,
                    IssueFamily.FALLING_UNCALIBRATED,
                    self.entry_id,
                    {
                        "community": self.hub.community_name,
                        "camera": device.name,
                        "code": device.code,
                        "reason": camera.problem or "",
                    },
                    item=device.code,
                )
                continue
            camera.monitor = FallingObjectMonitor(
                device.code, self.folder, self.options, clock=dt_util.utcnow
            )
            camera.down_since = time.monotonic()
            camera.monitor.start(
                device.row.stream_url,
                camera.facade,
                on_throw=partial(self._throw_from_thread, device.code),
                on_status=partial(self._status_from_thread, device.code),
            )
            _LOGGER.info(
                "Analysing %s (%s) for falling objects", device.name, redact(device.row.stream_url)
            )
        async_keep_only_items(
            self.hass, IssueFamily.FALLING_UNCALIBRATED, self.entry_id, uncalibrated
        )
        # A camera removed from the register (or its stream) takes its stream issue with it.
        async_keep_only_items(
            self.hass,
            IssueFamily.FALLING_STREAM_DOWN,
            self.entry_id,
            [code for code, camera in self.cameras.items() if camera.monitor is not None],
        )

    async def async_stop(self) -> None:
        """Stop every thread (joined in the executor) and forget what waits for the loop."""
        self._stopping = True
        for cancel in self._clear_alarm.values():
            cancel()
        self._clear_alarm.clear()
        monitors = [c.monitor for c in self.cameras.values() if c.monitor is not None]
        if monitors:
            await self.hass.async_add_executor_job(_stop_all, monitors)

    # --- from the monitor threads -------------------------------------------------------

    def _to_loop(self, target: Callable[..., None], *args: Any) -> None:
        if self._stopping:
            return
        with contextlib.suppress(RuntimeError):  # the loop is closing: nothing to tell
            self.hass.loop.call_soon_threadsafe(target, *args)

    def _status_from_thread(self, code: str, status: MonitorStatus) -> None:
        self._to_loop(self._async_status, code, status)

    def _throw_from_thread(self, code: str, evidence: ThrowEvidence) -> None:
        """Read the clip and keyframe here (off the loop) and hand them over."""
        images: list[EventImage] = []
        for path, kind, content_type in (
            (evidence.keyframe_path, ImageType.SCENE, "image/jpeg"),
            (evidence.clip_path, ImageType.CLIP, "video/mp4"),
        ):
            if path is None:
                continue
            try:
                images.append(EventImage(kind, path.read_bytes(), content_type))
            except OSError as err:
                _LOGGER.warning("%s: evidence file %s unreadable: %s", code, path.name, err)
            finally:
                path.unlink(missing_ok=True)
        self._to_loop(self._async_throw, code, evidence, tuple(images))

    # --- in the event loop --------------------------------------------------------------

    @callback
    def _async_status(self, code: str, status: MonitorStatus) -> None:
        camera = self.cameras.get(code)
        if camera is None or self._stopping:
            return
        camera.status = status
        if status.state is MonitorState.RUNNING:
            if camera.down_since is not None:
                camera.down_since = None
                async_clear_issue(
                    self.hass, IssueFamily.FALLING_STREAM_DOWN, self.entry_id, item=code
                )
        elif camera.down_since is None:
            camera.down_since = time.monotonic()
        self._async_check_stream(camera)
        async_dispatcher_send(self.hass, signal_falling_update(self.entry_id))

    @callback
    def _async_check(self, now: datetime | None = None) -> None:
        for camera in self.cameras.values():
            self._async_check_stream(camera)

    @callback
    def _async_check_stream(self, camera: CameraAnalysis) -> None:
        if camera.monitor is None or camera.down_since is None:
            return
        if time.monotonic() - camera.down_since < STREAM_DOWN_AFTER.total_seconds():
            return
        async_raise_issue(
            self.hass,
            IssueFamily.FALLING_STREAM_DOWN,
            self.entry_id,
            {
                "community": self.hub.community_name,
                "camera": camera.device.name,
                "code": camera.device.code,
                "url": redact(camera.device.row.stream_url),
                "error": camera.status.last_error or camera.status.state.value,
                "minutes": str(round(STREAM_DOWN_AFTER.total_seconds() / 60)),
            },
            item=camera.device.code,
        )

    @callback
    def _async_throw(
        self, code: str, evidence: ThrowEvidence, images: tuple[EventImage, ...]
    ) -> None:
        camera = self.cameras.get(code)
        if camera is None or self._stopping:
            return
        throw = evidence.throw
        attributes: dict[str, Any] = {
            "floor": throw.floor,
            "floor_low": throw.floor_low,
            "floor_high": throw.floor_high,
            "column": throw.column,
            "origin_px": [round(throw.origin_px[0], 1), round(throw.origin_px[1], 1)],
            "acceleration_mps2": throw.acceleration_mps2,
            "fall_seconds": round(throw.end_s - throw.start_s, 2),
            "detected_by": SOURCE,
        }
        for image in images:
            key = "keyframe_url" if image.type is ImageType.SCENE else "clip_url"
            attributes[key] = media_path(self.entry_id, image)
        if evidence.error:
            attributes["evidence_error"] = evidence.error
        event = DeviceEvent(
            kind=EventKind.ALARM,
            device_id=code,
            time=evidence.released_at,
            event_type=EVENT_TYPE,
            confidence=throw.confidence,
            images=images,
            attributes=attributes,
            source=SOURCE,
        )
        if not self.hub.async_process_derived(camera.device, event):
            return
        camera.throws += 1
        camera.last_throw = evidence.released_at
        _LOGGER.info(
            "Falling object at %s: floor %s (%s-%s), column %s, confidence %.2f",
            camera.device.name,
            throw.floor,
            throw.floor_low,
            throw.floor_high,
            throw.column,
            throw.confidence,
        )
        if (cancel := self._clear_alarm.pop(code, None)) is not None:
            cancel()
        self._clear_alarm[code] = async_call_later(
            self.hass, ALARM_HOLD, partial(self._async_clear_alarm, code)
        )
        async_dispatcher_send(self.hass, signal_falling_update(self.entry_id))

    @callback
    def _async_clear_alarm(self, code: str, _now: datetime | None = None) -> None:
        """The throw is over: the safety sensor goes off (a state report, not a record)."""
        self._clear_alarm.pop(code, None)
        camera = self.cameras.get(code)
        if camera is None or self._stopping:
            return
        state = DeviceEvent(
            kind=EventKind.STATE,
            device_id=code,
            time=dt_util.utcnow(),
            attributes={"alarm": False},
            source=SOURCE,
        )
        self.hub.async_process_derived(camera.device, state)

    # --- reading ------------------------------------------------------------------------

    def snapshot(self, code: str) -> bytes | None:
        """The camera's current view as JPEG (blocking: call in the executor)."""
        camera = self.cameras.get(code)
        if camera is None or camera.monitor is None:
            return None
        return camera.monitor.snapshot()

    def picture_size(self, code: str) -> tuple[int, int] | None:
        """The stream's picture size once it has been read."""
        camera = self.cameras.get(code)
        if camera is None or not camera.status.width:
            return None
        return camera.status.width, camera.status.height

    def attributes(self, code: str) -> dict[str, Any]:
        """The analysis sensor's attributes."""
        camera = self.cameras[code]
        status = camera.status
        return {
            "fps": round(status.fps, 1),
            "frames": status.frames,
            "seconds": round(status.seconds, 1),
            "throws": camera.throws,
            "last_throw": camera.last_throw.isoformat() if camera.last_throw else None,
            "picture_size": f"{status.width}x{status.height}" if status.width else None,
            "last_error": status.last_error or camera.problem,
            "stream": redact(camera.device.row.stream_url),
        }

    def diagnostics(self) -> dict[str, Any]:
        """Per camera, for the diagnostics download (no password)."""
        return {
            code: {"state": camera.state, **self.attributes(code)}
            for code, camera in self.cameras.items()
        }


def _facade(raw: Mapping[str, Any] | None) -> tuple[Facade | None, str | None]:
    if raw is None:
        return None, "no facade calibration"
    try:
        return Facade.from_mapping(dict(raw)), None
    except FacadeError as err:
        return None, str(err)


def _stop_all(monitors: list[FallingObjectMonitor]) -> None:
    """Ask all to stop first (they end in parallel), then wait for each."""
    for monitor in monitors:
        monitor.request_stop()
    for monitor in monitors:
        monitor.stop(STOP_TIMEOUT_S)


def with_facade(options: Mapping[str, Any], code: str, facade: Facade | None) -> dict[str, Any]:
    """The options with one camera's calibration set (or removed)."""
    facades = dict(options.get(CONF_FALLING_FACADES) or {})
    if facade is None:
        facades.pop(code, None)
    else:
        facades[code] = facade.to_mapping()
    return {**options, CONF_FALLING_FACADES: facades}
