"""enroll_face, remove_face, name_face_cluster."""

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


def _recognition(call: ServiceCall) -> RecognitionFeature:
    runtime = runtime_of(call)
    if runtime.recognition is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="recognition_unavailable",
            translation_placeholders={"community": runtime.hub.community_name},
        )
    return runtime.recognition


async def enroll_face(call: ServiceCall) -> ServiceResponse:
    """Enrol photos from the config folder (each accepted or refused with its reason)."""
    recognition = _recognition(call)
    paths = [source_file(call.hass, name) for name in call.data["files"]]
    person_id = call.data["person_id"].strip()

    def _read() -> list[tuple[str, bytes | None]]:
        photos: list[tuple[str, bytes | None]] = []
        for path in paths:
            try:
                size = path.stat().st_size
                photos.append((str(path), path.read_bytes() if size <= MAX_PHOTO_BYTES else None))
            except OSError:
                photos.append((str(path), None))
        return photos

    results = await recognition.async_enroll(
        person_id, await call.hass.async_add_executor_job(_read)
    )
    return {
        "person_id": person_id,
        "accepted": sum(1 for result in results if result["accepted"]),
        "photos": results,
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
