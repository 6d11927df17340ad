"""Local recognition wired to the capture devices (engine in core/recognition/).

Face captures without an identity and vehicle passes without a plate are queued per device
(bounded: the oldest frames of the same device are dropped first, events never) and worked
off the event loop, one at a time (the machine has few cores). Each result is a new
``DeviceEvent`` from the same device (``source="engine"``): a face match with person,
similarity, margin, anonymous cluster and liveness, or a plate with colour and confidence.
The hub then decides access, records and fires it like any device event.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback

from ..const import CONF_MODELS_DIR, DOMAIN
from ..core.events import DeviceEvent, EventKind, ImageType
from ..core.recognition.faces.engine import FaceEngine, FaceResult
from ..core.recognition.faces.liveness import decide_liveness
from ..core.recognition.frame_queue import FrameQueue
from ..core.recognition.model_files import REQUIRED
from ..core.recognition.plates.engine import PlateEngine
from ..core.site import RegisteredDevice
from ..hub import CommunityHub
from ..issues import IssueFamily, async_clear_issue, async_raise_issue

_LOGGER = logging.getLogger(__name__)

ENGINE_SOURCE = "engine"
MAX_QUEUED_FRAMES = 16  # per community; the oldest frames of a busy device go first
MAX_FRAMES_PER_CAPTURE = 3  # frames of one capture used for liveness agreement


def default_models_dir(hass: HomeAssistant) -> Path:
    """``SC_MODELS_DIR``, else ``<config>/smart_community/models`` (scripts/models fills it)."""
    env = os.environ.get("SC_MODELS_DIR")
    return Path(env) if env else Path(hass.config.path(DOMAIN, "models"))


def models_present(models_dir: Path) -> list[str]:
    """The required model files that are missing."""
    return [name for name in REQUIRED if not (models_dir / name).is_file()]


@dataclass(slots=True)
class RecognitionStats:
    """Counters for diagnostics."""

    faces_identified: int = 0
    faces_unknown: int = 0
    plates_read: int = 0
    frames_dropped: int = 0
    last_face_ms: float | None = None
    last_plate_ms: float | None = None


class RecognitionFeature:
    """One per community: the engines, the queue and its worker."""

    def __init__(self, hass: HomeAssistant, hub: CommunityHub, models_dir: Path) -> None:
        """Engines load lazily in the executor on first use."""
        self.hass = hass
        self.hub = hub
        self.models_dir = models_dir
        self.gallery_dir = hub.data_dir / "gallery"
        self.queue: FrameQueue[tuple[RegisteredDevice, DeviceEvent]] = FrameQueue(MAX_QUEUED_FRAMES)
        self.stats = RecognitionStats()
        self._faces: FaceEngine | None = None
        self._plates: PlateEngine | None = None
        self._wakeup = asyncio.Event()
        self._busy = False

    @property
    def idle(self) -> bool:
        """Nothing queued and nothing being worked on."""
        return not self._busy and len(self.queue) == 0

    # --- engines (executor) ---------------------------------------------------------

    def faces(self) -> FaceEngine:
        """The face engine (created on first use; blocking)."""
        if self._faces is None:
            self._faces = FaceEngine(self.models_dir, self.gallery_dir)
        return self._faces

    def plates(self) -> PlateEngine:
        """The plate engine (created on first use; blocking)."""
        if self._plates is None:
            self._plates = PlateEngine(self.models_dir)
        return self._plates

    # --- intake (event loop) --------------------------------------------------------

    @callback
    def async_event(self, device: RegisteredDevice, event: DeviceEvent) -> None:
        """Hub listener: queue what the engine can add to."""
        if event.source == ENGINE_SOURCE or not event.images:
            return
        wants_face = event.kind is EventKind.FACE_CAPTURE and event.person_id is None
        wants_plate = event.kind is EventKind.VEHICLE and not event.plate
        if not (wants_face or wants_plate):
            return
        dropped = self.queue.put_frame(device.code, (device, event))
        if dropped:
            self.stats.frames_dropped += len(dropped)
            _LOGGER.debug(
                "Recognition busy: dropped %d older frames of %s", len(dropped), device.name
            )
        self._wakeup.set()

    async def async_run(self) -> None:
        """Worker: one item at a time, in the executor."""
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while (item := self.queue.get()) is not None:
                device, event = item.payload
                self._busy = True
                try:
                    derived = await self.hass.async_add_executor_job(self._recognise, event)
                except Exception:  # a bad picture must not stop recognition for everyone
                    _LOGGER.exception("Recognition failed for an event of %s", device.name)
                    continue
                finally:
                    self._busy = False
                if derived is not None:
                    self.hub.async_process_derived(device, derived)

    # --- work (executor) ------------------------------------------------------------

    def _recognise(self, event: DeviceEvent) -> DeviceEvent | None:
        if event.kind is EventKind.VEHICLE:
            return self._read_plate(event)
        return self._identify_face(event)

    def _identify_face(self, event: DeviceEvent) -> DeviceEvent | None:
        started = time.perf_counter()
        faces = [image for image in event.images if image.type is ImageType.FACE]
        scenes = [image for image in event.images if image.type is ImageType.SCENE]
        frames = (faces or scenes)[:MAX_FRAMES_PER_CAPTURE]
        engine = self.faces()
        per_frame: list[FaceResult] = []
        for image in frames:
            results = engine.identify(image.data)
            if results:
                per_frame.append(results[0])  # the largest face of the frame
        if not per_frame and scenes and frames is not scenes:
            results = engine.identify(scenes[0].data)  # a crop too tight to detect in
            per_frame = results[:1]
        self.stats.last_face_ms = (time.perf_counter() - started) * 1000
        if not per_frame:
            return None
        best = max(per_frame, key=lambda result: result.similarity)
        liveness = decide_liveness(
            [result.evidence for result in per_frame], terminal_live=event.liveness
        )
        if best.person_id:
            self.stats.faces_identified += 1
        else:
            self.stats.faces_unknown += 1
        attributes: dict[str, Any] = {
            **event.attributes,
            "recognised_by": ENGINE_SOURCE,
            "margin": round(best.margin, 4),
            "cluster_id": best.cluster_id,
            "quality_ok": best.quality.ok,
            "quality_issues": [str(issue) for issue in best.quality.issues],
            "liveness_reason": liveness.reason,
            "frames": len(per_frame),
        }
        return replace(
            event,
            kind=EventKind.FACE_MATCH,
            event_type="face_match",
            person_id=best.person_id,
            similarity=round(best.similarity, 4),
            liveness=liveness.live,
            attributes={key: value for key, value in attributes.items() if value is not None},
            source=ENGINE_SOURCE,
        )

    def _read_plate(self, event: DeviceEvent) -> DeviceEvent | None:
        started = time.perf_counter()
        frames = [
            image.data
            for image in event.images
            if image.type in (ImageType.SCENE, ImageType.VEHICLE, ImageType.PLATE)
        ]
        read = self.plates().read_frames(frames) if frames else None
        self.stats.last_plate_ms = (time.perf_counter() - started) * 1000
        if read is None:
            return None
        self.stats.plates_read += 1
        return replace(
            event,
            plate=read.plate,
            plate_color=read.colour,
            confidence=round(read.confidence, 4),
            attributes={**event.attributes, "recognised_by": ENGINE_SOURCE, "frames": read.frames},
            source=ENGINE_SOURCE,
        )

    # --- the gallery (actions and the console) -----------------------------------------

    async def async_enroll(
        self, person_id: str, photos: list[tuple[str, bytes | None]]
    ) -> list[dict[str, Any]]:
        """Enrol photos (name, bytes; ``None``: unreadable) for a person; a verdict each."""

        def _enroll() -> list[dict[str, Any]]:
            out = []
            engine = self.faces()
            for name, data in photos:
                if data is None:
                    out.append({"file": name, "accepted": False, "reason": "unreadable"})
                    continue
                result = engine.enroll(person_id, data)
                out.append({"file": name, "accepted": result.accepted, "reason": result.reason})
            return out

        return await self.hass.async_add_executor_job(_enroll)

    async def async_remove(self, person_id: str) -> int:
        """Forget a person's face; how many embeddings went."""
        return await self.hass.async_add_executor_job(self.faces().remove, person_id)

    async def async_name_cluster(self, cluster_id: str, person_id: str) -> int:
        """An anonymous cluster is this person; how many embeddings moved."""
        return await self.hass.async_add_executor_job(
            self.faces().name_cluster, cluster_id, person_id
        )

    def counts(self) -> dict[str, Any]:
        """For diagnostics."""
        stats = self.stats
        return {
            "faces_identified": stats.faces_identified,
            "faces_unknown": stats.faces_unknown,
            "plates_read": stats.plates_read,
            "frames_dropped": stats.frames_dropped,
        }


async def async_start_recognition(
    hass: HomeAssistant, entry: ConfigEntry[Any], hub: CommunityHub
) -> RecognitionFeature | None:
    """Recognition when the models are there; otherwise a repair issue says how to get them."""
    models_dir = Path(entry.options.get(CONF_MODELS_DIR) or default_models_dir(hass))
    missing = await hass.async_add_executor_job(models_present, models_dir)
    if missing:
        async_raise_issue(
            hass,
            IssueFamily.MODELS_MISSING,
            entry.entry_id,
            {"path": str(models_dir), "missing": ", ".join(missing)},
        )
        return None
    async_clear_issue(hass, IssueFamily.MODELS_MISSING, entry.entry_id)
    feature = RecognitionFeature(hass, hub, models_dir)
    entry.async_on_unload(hub.async_add_event_listener(feature.async_event))
    entry.async_create_background_task(
        hass, feature.async_run(), f"smart_community recognition {hub.community_code}"
    )
    return feature
