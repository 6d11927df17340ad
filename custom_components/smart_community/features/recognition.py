"""Local recognition wired to the capture devices and the voice terminals (core/recognition/).

Face captures without an identity and vehicle passes without a plate are queued per device
(bounded: the oldest frames of the same device are dropped first, events never) and worked
off the event loop, one at a time (the machine has few cores). Each result is a new
``DeviceEvent`` from the same device (``source="engine"``): a face match with the open-set
verdict (``face_verdict`` match / unknown / retry, ``face_band``), person, similarity, margin,
anonymous cluster, liveness and a ``match_id`` that a guard's "not this person" names; or a
plate with colour, confidence and whether every character is settled (``plate_certain``,
``plate_uncertain``). The hub then decides access, records and fires it like any device event.

A face whose best match is just under its band's threshold (``retry``) is not decided on one
frame: the next frame of the capture, or of the device's next capture within
:data:`RETRY_WINDOW_S`, is fused with it (``FaceEngine.fuse``) and decided again.

Voice terminals (the 高配 unit door) ask over MQTT (``transports/mqtt.py``): the challenge and
the speaker check run in ``core/recognition/voice/terminal.py``; a verified speaker becomes an
``access`` event with method ``voiceprint`` that the access decision sees, and the terminal is
told ``open`` only when that decision allows.

Every public ``async_*`` method here is what the actions and the console's websocket commands
call; each returns plain JSON-able data (the ``TypedDict`` types below) and changes nothing when
it raises.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NotRequired, TypedDict

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from ..const import CONF_MODELS_DIR, DOMAIN
from ..core.devices import DeviceKind
from ..core.events import RECOGNISED_BY_ENGINE, DeviceEvent, EventKind, ImageType
from ..core.recognition.faces.captures import CaptureDecider
from ..core.recognition.faces.decision import Verdict
from ..core.recognition.faces.engine import EnrolResult, FaceEngine, FaceProbe, FaceResult
from ..core.recognition.faces.hygiene import Finding
from ..core.recognition.faces.liveness import decide_liveness
from ..core.recognition.faces.photos import EnrolledPhotos, face_crop
from ..core.recognition.frame_queue import FrameQueue
from ..core.recognition.imaging import decode_image
from ..core.recognition.plates.engine import PlateEngine
from ..core.recognition.voice.audio import AudioError, decode_wav
from ..core.recognition.voice.engine import VoiceEngine
from ..core.recognition.voice.terminal import VoiceTerminalFlow, request_id
from ..core.site import RegisteredDevice
from ..hub import CommunityHub
from .models import ModelsFeature, default_models_dir

_LOGGER = logging.getLogger(__name__)

ENGINE_SOURCE = RECOGNISED_BY_ENGINE
MAX_QUEUED_FRAMES = 16  # per community; the oldest frames of a busy device go first
MAX_FRAMES_PER_CAPTURE = 3  # frames of one capture used for liveness agreement
RETRY_WINDOW_S = 10.0  # a retry waits this long for the device's next frame
#: Devices that may open a door for a voice (the standard's 高配 unit-door terminal).
VOICE_TERMINAL_KINDS = frozenset({DeviceKind.ACCESS_TERMINAL})
METHOD_VOICEPRINT = "voiceprint"


class HygieneItem(TypedDict):
    """A gallery-hygiene finding of an enrolment photo (``core/recognition/faces/hygiene.py``)."""

    finding: str  # near_duplicate / outlier / close_to_other
    person_id: str
    other_person_id: str | None
    similarity: float
    photo: int | None


class EnrolPhoto(TypedDict):
    """One photo of an enrolment: accepted or not, why, and what the manager should know."""

    file: str
    accepted: bool
    reason: str
    quality_band: NotRequired[str]  # good / fair / poor
    face_px: NotRequired[float]
    similarity_to_others: NotRequired[float]  # the closest other enrolled person
    hygiene: list[HygieneItem]


class NotThisPersonResult(TypedDict):
    """A correction kept: the match's face is a negative example of ``person_id``."""

    match_id: str
    person_id: str
    negatives: int  # how many negative examples the person now has


class VoiceEnrolRecording(TypedDict):
    """One recording of a voice enrolment."""

    file: str
    accepted: bool
    reason: str
    speech_seconds: float
    similarity_to_own: float | None  # to the person's voiceprint before this recording
    similarity_to_others: float | None  # the closest other enrolled voice


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
    faces_retry: int = 0
    plates_read: int = 0
    frames_dropped: int = 0
    voice_requests: int = 0
    voice_opened: int = 0
    last_face_ms: float | None = None
    last_plate_ms: float | None = None


def _unavailable(hub: CommunityHub, key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"community": hub.community_name, **placeholders},
    )


class RecognitionFeature:
    """One per community: the engines, the queue and its worker, the voice terminal flow."""

    def __init__(self, hass: HomeAssistant, hub: CommunityHub, models_dir: Path) -> None:
        """Engines load lazily in the executor on first use."""
        self.hass = hass
        self.hub = hub
        self.models_dir = models_dir
        self.gallery_dir = hub.data_dir / "gallery"
        self.voice_gallery_dir = hub.data_dir / "voice_gallery"
        self.photos = EnrolledPhotos(self.gallery_dir / "photos")
        self.queue: FrameQueue[tuple[RegisteredDevice, DeviceEvent]] = FrameQueue(MAX_QUEUED_FRAMES)
        self.stats = RecognitionStats()
        self._faces: FaceEngine | None = None
        self._plates: PlateEngine | None = None
        self._voices: VoiceTerminalFlow | None = None
        self._captures: CaptureDecider | None = None
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

    def captures(self) -> CaptureDecider:
        """Per-device capture verdicts and the retry frames waiting for the next frame."""
        if self._captures is None:
            self._captures = CaptureDecider(self.faces().fuse, RETRY_WINDOW_S)
        return self._captures

    def plates(self) -> PlateEngine:
        """The plate engine (created on first use; blocking)."""
        if self._plates is None:
            self._plates = PlateEngine(self.models_dir)
        return self._plates

    def voices(self) -> VoiceTerminalFlow:
        """The voice engine and its challenge book (created on first use; blocking)."""
        if self._voices is None:
            self._voices = VoiceTerminalFlow(VoiceEngine(self.models_dir, self.voice_gallery_dir))
        return self._voices

    def save(self) -> None:
        """Executor, at unload: keep the recent matches for corrections after a restart."""
        if self._faces is not None:
            self._faces.recent.save()

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

    def _frame_results(self, event: DeviceEvent) -> list[FaceResult]:
        """The largest face of each frame (face crops first, scenes when no crop holds one)."""
        faces = [image for image in event.images if image.type is ImageType.FACE]
        scenes = [image for image in event.images if image.type is ImageType.SCENE]
        frames = (faces or scenes)[:MAX_FRAMES_PER_CAPTURE]
        engine = self.faces()
        per_frame: list[FaceResult] = []
        for image in frames:
            results = engine.identify(image.data)
            if results:
                per_frame.append(results[0])
        if not per_frame and scenes and frames is not scenes:
            per_frame = engine.identify(scenes[0].data)[:1]  # a crop too tight to detect in
        return per_frame

    def _identify_face(self, event: DeviceEvent) -> DeviceEvent | None:
        started = time.perf_counter()
        per_frame = self._frame_results(event)
        if not per_frame:
            self.stats.last_face_ms = (time.perf_counter() - started) * 1000
            return None
        best = self.captures().decide(event.device_id, per_frame, time.monotonic())
        self.stats.last_face_ms = (time.perf_counter() - started) * 1000
        liveness = decide_liveness(
            [result.evidence for result in per_frame], terminal_live=event.liveness
        )
        verdict = best.decision.verdict
        if verdict is Verdict.MATCH:
            self.stats.faces_identified += 1
        elif verdict is Verdict.RETRY:
            self.stats.faces_retry += 1
        else:
            self.stats.faces_unknown += 1
        attributes: dict[str, Any] = {
            **event.attributes,
            "recognised_by": ENGINE_SOURCE,
            "face_verdict": verdict.value,
            "face_band": best.quality.band.value,
            "face_threshold": best.decision.threshold,
            "margin": round(best.margin, 4),
            "cluster_id": best.cluster_id,
            "match_id": self.faces().remember(best),
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
            attributes={
                **event.attributes,
                "recognised_by": ENGINE_SOURCE,
                "frames": read.frames,
                # the access decision refuses a plate whose characters are not all settled
                "plate_certain": read.certain,
                "plate_uncertain": list(read.uncertain),
            },
            source=ENGINE_SOURCE,
        )

    # --- the face gallery (actions and the console) -------------------------------------

    def _enroll_one(
        self, person_id: str, data: bytes | None
    ) -> tuple[EnrolResult | None, str | None]:
        """Enrol one photo and keep its face crop when accepted (blocking): the engine's
        verdict (None: unreadable) and the kept crop's id."""
        if data is None:
            return None, None
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
        return result, photo_id

    def _enroll_outcome(self, person_id: str, name: str, data: bytes | None) -> PhotoOutcome:
        result, photo_id = self._enroll_one(person_id, data)
        if result is None:
            return PhotoOutcome(
                filename=name, accepted=False, reason="unreadable", code="unreadable"
            )
        return _outcome(name, result, photo_id)

    async def async_enroll_photos(
        self, person_id: str, photos: list[tuple[str, bytes | None]]
    ) -> list[PhotoOutcome]:
        """Enrol photos (name, bytes; ``None``: unreadable) for a person; a verdict each."""
        return await self.hass.async_add_executor_job(
            lambda: [self._enroll_outcome(person_id, name, data) for name, data in photos]
        )

    async def async_enroll(
        self, person_id: str, photos: Sequence[tuple[str, bytes | None]]
    ) -> list[EnrolPhoto]:
        """Enrol photos (name, bytes; ``None``: unreadable) of a person: a verdict each.

        Each verdict carries the photo's quality band and the gallery-hygiene findings
        (a near-duplicate is not added; an outlier or a photo close to another person is
        added and reported, the manager decides).
        """

        def _enroll() -> list[EnrolPhoto]:
            out: list[EnrolPhoto] = []
            for name, data in photos:
                result, _photo_id = self._enroll_one(person_id, data)
                if result is None:
                    out.append(
                        {"file": name, "accepted": False, "reason": "unreadable", "hygiene": []}
                    )
                    continue
                out.append(_enrol_photo(name, result))
            return out

        return await self.hass.async_add_executor_job(_enroll)

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

        def _name() -> int:
            try:
                return self.faces().name_cluster(cluster_id, person_id)
            except KeyError as err:
                raise _unavailable(self.hub, "face_cluster_unknown", cluster_id=cluster_id) from err

        return await self.hass.async_add_executor_job(_name)

    async def async_not_this_person(
        self, match_id: str, person_id: str | None = None
    ) -> NotThisPersonResult:
        """A guard's or manager's correction of a wrong match (``match_id`` of a face_match).

        The match's face is kept as a negative example of ``person_id`` (default: the person
        it was matched to) and is not matched to them again. Raises a translated
        ``ServiceValidationError`` when the match is not remembered any more or the person is
        not enrolled; nothing changes then.
        """

        def _correct() -> NotThisPersonResult:
            engine = self.faces()
            match = engine.recent.get(match_id)
            if match is None:
                raise _unavailable(self.hub, "face_match_unknown", match_id=match_id)
            target = person_id or match.person_id
            if target not in engine.gallery.people:
                raise _unavailable(self.hub, "face_person_not_enrolled", person_id=target)
            _match, negatives = engine.not_this_match(match_id, target)
            return {"match_id": match_id, "person_id": target, "negatives": negatives}

        return await self.hass.async_add_executor_job(_correct)

    # --- voices (actions, the console and the terminals) ---------------------------------

    async def async_enroll_voice(
        self, person_id: str, recordings: Sequence[tuple[str, bytes | None]]
    ) -> list[VoiceEnrolRecording]:
        """Enrol recordings (WAV; name, bytes; ``None``: unreadable) of a resident's voice."""

        def _enroll() -> list[VoiceEnrolRecording]:
            engine = self.voices().engine
            out: list[VoiceEnrolRecording] = []
            for name, data in recordings:
                if data is None:
                    out.append(_voice_refused(name, "unreadable"))
                    continue
                try:
                    audio = decode_wav(data)
                except AudioError as err:
                    out.append(_voice_refused(name, f"not a WAV recording: {err}"))
                    continue
                result = engine.enroll(person_id, audio)
                out.append(
                    {
                        "file": name,
                        "accepted": result.accepted,
                        "reason": result.reason,
                        "speech_seconds": round(result.speech_seconds, 2),
                        "similarity_to_own": _rounded(result.similarity_to_own),
                        "similarity_to_others": _rounded(result.similarity_to_others),
                    }
                )
            return out

        return await self.hass.async_add_executor_job(_enroll)

    async def async_remove_voice(self, person_id: str) -> int:
        """Forget a resident's voiceprint; how many recordings' embeddings went."""
        return await self.hass.async_add_executor_job(
            lambda: self.voices().engine.remove(person_id)
        )

    async def async_voice_request(
        self, device: RegisteredDevice, payload: bytes
    ) -> dict[str, Any] | None:
        """A terminal's voice request (``.../voice/request``): the reply to publish, if any.

        A decision of the speaker check becomes an ``access`` event (method ``voiceprint``)
        through the hub, so the access decision, the records and automations see it; the
        terminal hears ``open`` only when the speaker is verified **and** the decision allows.
        """
        self.stats.voice_requests += 1
        if device.kind not in VOICE_TERMINAL_KINDS:
            return await self.hass.async_add_executor_job(
                _voice_error, payload, f"a {device.kind.value} is not a voice terminal"
            )
        flow = self.voices()
        reply = await self.hass.async_add_executor_job(
            flow.handle, device.code, payload, time.monotonic()
        )
        if reply is None or reply.get("type") != "decision":
            return reply
        speaker_ok = reply["decision"] == "open"
        event = DeviceEvent(
            kind=EventKind.ACCESS,
            device_id=device.code,
            time=dt_util.utcnow(),
            event_type="verified" if speaker_ok else "denied",
            person_id=reply["person_id"] if speaker_ok else None,
            similarity=reply.get("similarity"),
            method=METHOD_VOICEPRINT,
            attributes={
                "recognised_by": ENGINE_SOURCE,
                "voice_verdict": reply["decision"],
                "reason": reply["reason"],
                "digits_verified": reply["digits_verified"],
                "challenge_id": reply["challenge_id"],
            },
            source=ENGINE_SOURCE,
        )
        decided = self.hub.async_apply_derived(device, event)
        if speaker_ok:
            decision = decided.attributes.get("decision") if decided is not None else None
            reason = decided.attributes.get("decision_reason") if decided is not None else None
            reply["access"] = decision
            reply["access_reason"] = reason
            if decision != "allow":
                reply["decision"] = "deny"
                reply["reason"] = f"access {decision or 'refused'}: {reason or 'no decision'}"
            else:
                self.stats.voice_opened += 1
        return reply

    def counts(self) -> dict[str, Any]:
        """For diagnostics."""
        stats = self.stats
        return {
            "faces_identified": stats.faces_identified,
            "faces_unknown": stats.faces_unknown,
            "faces_retry": stats.faces_retry,
            "plates_read": stats.plates_read,
            "frames_dropped": stats.frames_dropped,
            "voice_requests": stats.voice_requests,
            "voice_opened": stats.voice_opened,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _enrol_photo(name: str, result: EnrolResult) -> EnrolPhoto:
    photo: EnrolPhoto = {
        "file": name,
        "accepted": result.accepted,
        "reason": result.reason,
        "hygiene": [
            {
                "finding": str(item.finding),
                "person_id": item.person_id,
                "other_person_id": item.other_person_id,
                "similarity": round(item.similarity, 4),
                "photo": item.photo,
            }
            for item in result.hygiene
        ],
    }
    if result.quality is not None:
        photo["quality_band"] = result.quality.band.value
        photo["face_px"] = round(result.quality.face_px, 1)
    if result.similarity_to_others is not None:
        photo["similarity_to_others"] = round(result.similarity_to_others, 4)
    return photo


def _voice_refused(name: str, reason: str) -> VoiceEnrolRecording:
    return {
        "file": name,
        "accepted": False,
        "reason": reason,
        "speech_seconds": 0.0,
        "similarity_to_own": None,
        "similarity_to_others": None,
    }


def _voice_error(payload: bytes, reason: str) -> dict[str, Any] | None:
    found = request_id(payload)
    return None if found is None else {"id": found, "type": "error", "reason": reason}


def models_dir_of(hass: HomeAssistant, entry: ConfigEntry[Any]) -> Path:
    """The options' models folder, else ``SC_MODELS_DIR``, else the config folder's."""
    return Path(entry.options.get(CONF_MODELS_DIR) or default_models_dir(hass))


async def async_start_recognition(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    hub: CommunityHub,
    models: ModelsFeature,
    attach: Callable[[RecognitionFeature], None],
) -> RecognitionFeature | None:
    """Recognition now when the weights are there; otherwise once they are fetched.

    ``attach(feature)`` is called when recognition starts later (the runtime then has it).
    """

    def _start() -> RecognitionFeature:
        feature = RecognitionFeature(hass, hub, models.models_dir)
        entry.async_on_unload(hub.async_add_event_listener(feature.async_event))
        hub.voice_handler = feature.async_voice_request
        entry.async_on_unload(lambda: setattr(hub, "voice_handler", None))
        entry.async_create_background_task(
            hass, feature.async_run(), f"smart_community recognition {hub.community_code}"
        )

        async def _save() -> None:
            await hass.async_add_executor_job(feature.save)

        entry.async_on_unload(_save)
        return feature

    entry.async_on_unload(models.async_stop)
    if await models.async_check():
        return _start()

    async def _ready() -> None:
        attach(_start())

    models.start(_ready)
    return None
