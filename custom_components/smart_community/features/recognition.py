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
from ..core.recognition.faces.engine import EnrolResult, FaceEngine, FaceProbe, FaceResult
from ..core.recognition.faces.hygiene import Finding
from ..core.recognition.faces.liveness import decide_liveness
from ..core.recognition.faces.photos import EnrolledPhotos, face_crop
from ..core.recognition.frame_queue import FrameQueue
from ..core.recognition.imaging import decode_image
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


@dataclass(frozen=True, slots=True, kw_only=True)
class PhotoOutcome:
    """One enrolment photo's verdict, for the action and the console."""

    filename: str
    accepted: bool
    reason: str  # the engine's words ("enrolled", "no face found", "poor quality: blurred" ...)
    code: str  # enrolled / no_face / several_faces / poor_quality / near_duplicate / unreadable
    issues: tuple[str, ...] = ()  # the quality issues (too_small, blurred, turned ...)
    faces: int | None = None  # faces found (None: the picture could not be read)
    similar: tuple[str, float] | None = None  # another enrolled person this face resembles
    photo_id: str | None = None  # the kept face crop of an accepted photo


def _outcome(filename: str, result: EnrolResult, photo_id: str | None) -> PhotoOutcome:
    """The engine's verdict in the console's terms (reason code, issues, faces)."""
    reason = result.reason
    issues = tuple(str(issue) for issue in result.quality.issues) if result.quality else ()
    faces: int | None = 1
    if result.accepted:
        code = "enrolled"
    elif reason.startswith("no face"):
        code, faces = "no_face", 0
    elif reason.endswith("faces in the photo"):
        code, faces = "several_faces", int(reason.split()[0])
    elif reason.startswith("poor quality"):
        code = "poor_quality"
        if "too_small" in reason and "too_small" not in issues:
            issues = (*issues, "too_small")
    elif reason.startswith("near-duplicate"):
        code = "near_duplicate"
    else:
        code, faces = "unreadable", None
    close = [f for f in result.hygiene if f.finding is Finding.CLOSE_TO_OTHER and f.other_person_id]
    similar = (str(close[0].other_person_id), round(close[0].similarity, 3)) if close else None
    return PhotoOutcome(
        filename=filename,
        accepted=result.accepted,
        reason=reason,
        code=code,
        issues=issues,
        faces=faces,
        similar=similar,
        photo_id=photo_id,
    )


@dataclass(frozen=True, slots=True)
class FaceSearch:
    """What a photo searched by (以图搜图) found: its largest face, the person it is (if
    the gallery is sure enough) and the stranger clusters it resembles."""

    faces: int
    crop: bytes | None
    person: tuple[str, float] | None
    clusters: list[tuple[str, float]]


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
        self.photos = EnrolledPhotos(self.gallery_dir / "photos")
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

    def _enroll_one(self, person_id: str, name: str, data: bytes | None) -> PhotoOutcome:
        """Enrol one photo and keep its face crop when accepted (blocking)."""
        if data is None:
            return PhotoOutcome(
                filename=name, accepted=False, reason="unreadable", code="unreadable"
            )
        engine = self.faces()
        result = engine.enroll(person_id, data)
        photo_id = None
        if result.accepted:
            # The row just appended is this photo's embedding; its crop is what the console shows.
            embedding = engine.gallery.embeddings_of(person_id)[-1]
            rgb = decode_image(data)
            faces = engine.detect(rgb)
            if faces:
                face = max(faces, key=lambda f: f.width * f.height)
                photo_id = self.photos.add(person_id, face_crop(rgb, face.box), embedding)
        return _outcome(name, result, photo_id)

    async def async_enroll_photos(
        self, person_id: str, photos: list[tuple[str, bytes | None]]
    ) -> list[PhotoOutcome]:
        """Enrol photos (name, bytes; ``None``: unreadable) for a person; a verdict each."""
        return await self.hass.async_add_executor_job(
            lambda: [self._enroll_one(person_id, name, data) for name, data in photos]
        )

    async def async_enroll(
        self, person_id: str, photos: list[tuple[str, bytes | None]]
    ) -> list[dict[str, Any]]:
        """The action's form of :meth:`async_enroll_photos`."""
        return [
            {"file": outcome.filename, "accepted": outcome.accepted, "reason": outcome.reason}
            for outcome in await self.async_enroll_photos(person_id, photos)
        ]

    async def async_remove(self, person_id: str) -> int:
        """Forget a person's face (embeddings, negatives, kept crops); how many embeddings."""

        def _remove() -> int:
            self.photos.remove_all(person_id)
            return self.faces().remove(person_id)

        return await self.hass.async_add_executor_job(_remove)

    async def async_remove_photo(self, person_id: str, photo_id: str) -> int:
        """Forget one enrolled photo (its embedding and crop); how many embeddings went."""

        def _remove() -> int:
            embedding = self.photos.embedding(person_id, photo_id)
            if embedding is None:
                return 0
            removed = self.faces().gallery.remove_closest(person_id, embedding)
            self.photos.remove(person_id, photo_id)
            return int(removed)

        return await self.hass.async_add_executor_job(_remove)

    def embeddings_count(self, person_id: str) -> int:
        """Enrolled embeddings of a person (0 before the engine loaded: it loads on use)."""
        if self._faces is None:
            return len(self.photos.photo_ids(person_id))
        return len(self._faces.gallery.embeddings_of(person_id))

    async def async_search_face(self, data: bytes) -> FaceSearch:
        """Search by a photo: never enrols it or starts a cluster (``ValueError``: unreadable).

        The person is the best template when it reaches the decision threshold of the face's
        quality band (a search may be a little more generous than a door: the poor band's
        threshold at most); clusters are those at the clustering threshold or closer.
        """

        def _search() -> FaceSearch:
            rgb = decode_image(data)
            engine = self.faces()
            probe: FaceProbe = engine.probe_rgb(rgb)
            if probe.box is None or probe.quality is None:
                return FaceSearch(probe.faces, None, None, [])
            thresholds = engine.options.policy.thresholds
            threshold = thresholds.get(probe.quality.band, max(thresholds.values()))
            person = probe.people[0] if probe.people else None
            matched = person if person is not None and person[1] >= threshold else None
            clusters = [
                (cluster_id, round(similarity, 4))
                for cluster_id, similarity in probe.clusters
                if similarity >= engine.options.cluster_threshold
            ]
            return FaceSearch(
                probe.faces,
                face_crop(rgb, probe.box),
                (matched[0], round(matched[1], 4)) if matched else None,
                clusters,
            )

        return await self.hass.async_add_executor_job(_search)

    async def async_correct(
        self, image: bytes, *, person_id: str | None, cluster_id: str | None
    ) -> str | None:
        """ "Not this person": the face of ``image`` is kept as a negative example of
        ``person_id`` (or leaves ``cluster_id``) and starts a cluster of its own; the new
        cluster's id, None when no face is found in the picture."""

        def _correct() -> str | None:
            engine = self.faces()
            probe = engine.probe_rgb(decode_image(image))
            if probe.embedding is None:
                return None
            if person_id is not None and person_id in engine.gallery.people:
                engine.not_this_person(person_id, probe.embedding)
            return engine.clusters.split_off(cluster_id, probe.embedding)

        return await self.hass.async_add_executor_job(_correct)

    def cluster_ids(self) -> list[str]:
        """The anonymous clusters (blocking: the engine loads on first use)."""
        return self.faces().clusters.ids

    async def async_merge_clusters(self, cluster_id: str, into: str) -> int:
        """Two clusters are one stranger; the merged cluster's sightings."""
        return await self.hass.async_add_executor_job(self.faces().clusters.merge, cluster_id, into)

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
