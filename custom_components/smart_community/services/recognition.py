"""enroll_face, remove_face, name_face_cluster, not_this_person, enroll_voice, remove_voice."""

from __future__ import annotations

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv

from ..const import DOMAIN
from ..features.files import source_file
from ..features.recognition import RecognitionFeature
from .action import ENTRY_FIELD, runtime_of

MAX_PHOTOS = 20
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_RECORDINGS = 10
MAX_RECORDING_BYTES = 4 * 1024 * 1024  # a minute of 16 kHz 16-bit stereo WAV

ENROLL_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
        vol.Required("person_id"): cv.string,
        vol.Required("files"): vol.All(
            cv.ensure_list, [cv.string], vol.Length(min=1, max=MAX_PHOTOS)
        ),
    }
)
REMOVE_SCHEMA = vol.Schema({**ENTRY_FIELD, vol.Required("person_id"): cv.string})
NAME_CLUSTER_SCHEMA = vol.Schema(
    {**ENTRY_FIELD, vol.Required("cluster_id"): cv.string, vol.Required("person_id"): cv.string}
)
NOT_THIS_PERSON_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
        vol.Required("match_id"): vol.All(cv.string, vol.Length(min=1, max=64)),
        vol.Optional("person_id"): cv.string,
    }
)
ENROLL_VOICE_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
        vol.Required("person_id"): cv.string,
        vol.Required("files"): vol.All(
            cv.ensure_list, [cv.string], vol.Length(min=1, max=MAX_RECORDINGS)
        ),
    }
)


def _recognition(call: ServiceCall) -> RecognitionFeature:
    runtime = runtime_of(call)
    if runtime.recognition is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="recognition_unavailable",
            translation_placeholders={"community": runtime.hub.community_name},
        )
    return runtime.recognition


async def _read_files(call: ServiceCall, limit: int) -> list[tuple[str, bytes | None]]:
    """The files an action names (config folder only); ``None`` for unreadable or too large."""
    paths = [source_file(call.hass, name) for name in call.data["files"]]

    def _read() -> list[tuple[str, bytes | None]]:
        files: list[tuple[str, bytes | None]] = []
        for path in paths:
            try:
                size = path.stat().st_size
                files.append((str(path), path.read_bytes() if size <= limit else None))
            except OSError:
                files.append((str(path), None))
        return files

    return await call.hass.async_add_executor_job(_read)


async def enroll_face(call: ServiceCall) -> ServiceResponse:
    """Enrol photos from the config folder (each accepted or refused with its reason).

    Each photo's entry carries its quality band and the gallery-hygiene findings.
    """
    recognition = _recognition(call)
    person_id = call.data["person_id"].strip()
    results = await recognition.async_enroll(person_id, await _read_files(call, MAX_PHOTO_BYTES))
    return {
        "person_id": person_id,
        "accepted": sum(1 for result in results if result["accepted"]),
        "photos": [dict(result) for result in results],
    }


async def remove_face(call: ServiceCall) -> ServiceResponse:
    """Forget a person's face."""
    removed = await _recognition(call).async_remove(call.data["person_id"])
    return {"person_id": call.data["person_id"], "removed_embeddings": removed}


async def name_face_cluster(call: ServiceCall) -> ServiceResponse:
    """An anonymous cluster is this person (its records too)."""
    moved = await runtime_of(call).strangers.async_name(
        call.data["cluster_id"], call.data["person_id"]
    )
    return {
        "cluster_id": call.data["cluster_id"],
        "person_id": call.data["person_id"],
        "embeddings": moved,
    }


async def not_this_person(call: ServiceCall) -> ServiceResponse:
    """A wrong face match corrected: the match's face is never matched to the person again."""
    result = await _recognition(call).async_not_this_person(
        call.data["match_id"].strip(), (call.data.get("person_id") or "").strip() or None
    )
    return {
        "match_id": result["match_id"],
        "person_id": result["person_id"],
        "negatives": result["negatives"],
    }


async def enroll_voice(call: ServiceCall) -> ServiceResponse:
    """Enrol WAV recordings of a resident's voice (3-5 of a few seconds each)."""
    recognition = _recognition(call)
    person_id = call.data["person_id"].strip()
    results = await recognition.async_enroll_voice(
        person_id, await _read_files(call, MAX_RECORDING_BYTES)
    )
    return {
        "person_id": person_id,
        "accepted": sum(1 for result in results if result["accepted"]),
        "recordings": [dict(result) for result in results],
    }


async def remove_voice(call: ServiceCall) -> ServiceResponse:
    """Forget a resident's voiceprint."""
    removed = await _recognition(call).async_remove_voice(call.data["person_id"])
    return {"person_id": call.data["person_id"], "removed_recordings": removed}
