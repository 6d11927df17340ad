"""Records: search, one record, export, search by a face photo, trajectory, the site plan."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

import voluptuous as vol
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.records import Record, RecordKind, RecordQuery
from ..features.records import record_query
from ..features.strangers import stranger_number
from ..permissions import Permission
from ..views import console_files, download_path, picture_path
from .command import PAGE, Command, Request, invalid, picture_bytes, text
from .rows import Shaper

DOWNLOADS = "downloads"
STALE_DOWNLOAD = 3600.0  # seconds: files nobody fetched (HA restarted meanwhile) go
FACE_SEARCH_LIMIT = 500

FILTERS: dict[Any, Any] = {
    vol.Optional("person_id"): text,
    vol.Optional("cluster_id"): text,
    vol.Optional("plate"): text,
    vol.Optional("device"): text,
    vol.Optional("kind"): vol.In([kind.value for kind in RecordKind]),
    vol.Optional("start"): cv.datetime,
    vol.Optional("end"): cv.datetime,
}


async def _audit(request: Request, action: str) -> None:
    """Searches and exports of people's records are written to the audit trail (the same
    trail as the actions'; the photo of a search by face is not kept)."""
    asked = {
        key: value
        for key, value in request.msg.items()
        if key not in ("id", "type", "entry_id", "image") and value is not None
    }
    await request.runtime.audit.async_record(request.user.id, f"console:{action}", asked)


async def search(request: Request) -> dict[str, Any]:
    """One page of records, newest first, with thumbnails."""
    msg = request.msg
    runtime = request.runtime
    await _audit(request, "search_records")
    query = record_query(msg, limit=msg["limit"], cursor=msg.get("cursor"))
    page = await runtime.records.async_search(query)
    shaper = Shaper(runtime, request.sign)
    return {
        "records": [shaper.record(record) for record in page.records],
        "next_cursor": page.next_cursor,
    }


async def get(request: Request) -> dict[str, Any]:
    """One record."""
    runtime = request.runtime
    record = await runtime.records.async_get(request.msg["record_id"])
    if record is None:
        raise invalid("unknown_record", record_id=str(request.msg["record_id"]))
    return {"record": Shaper(runtime, request.sign).record(record)}


def _downloads_folder(folder: Path) -> Path:
    """The community's download folder, emptied of what nobody fetched (blocking)."""
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STALE_DOWNLOAD
    for old in folder.iterdir():
        if old.is_file() and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    return folder


async def prepare_download(request: Request, stem: str, suffix: str) -> tuple[Path, str, str]:
    """A file to write an export to, the token that serves it once, and its name."""
    folder = request.runtime.hub.data_dir / DOWNLOADS
    await request.hass.async_add_executor_job(_downloads_folder, folder)
    filename = f"{stem}-{dt_util.now().strftime('%Y%m%d-%H%M%S')}{suffix}"
    target = folder / f"{secrets.token_hex(12)}{suffix}"
    token = console_files(request.hass).add_download(target, filename, request.user.id)
    return target, token, filename


async def export(request: Request) -> dict[str, Any]:
    """Matching records as CSV / XLSX, masked unless an administrator asks for full values."""
    msg = request.msg
    full = msg["full"]
    if full and not request.may(Permission.RECORDS_EXPORT_FULL):
        raise invalid("admin_required", field="full")
    await _audit(request, "export_records")
    target, token, filename = await prepare_download(request, "records", f".{msg['format']}")
    rows = await request.runtime.records.async_export(record_query(msg), target, admin=full)
    return {
        "url": request.sign(download_path(token, filename)),
        "filename": filename,
        "rows": rows,
        "masked": not full,
    }


async def search_by_face(request: Request) -> dict[str, Any]:
    """以图搜图: every capture of the face in a photo, the person's and strangers'."""
    runtime = request.runtime
    msg = request.msg
    recognition = runtime.recognition
    if recognition is None:
        raise invalid("recognition_unavailable", community=runtime.hub.community_name)
    data = picture_bytes(msg["image"])
    await _audit(request, "search_by_face")
    try:
        found = await recognition.async_search_face(data)
    except ValueError as err:
        raise invalid("invalid_image", reason=str(err)[:200]) from err
    if found.faces == 0 or found.crop is None:
        raise invalid("no_face_in_photo", field="image")
    limit = msg["limit"]
    window = {"start": msg.get("start"), "end": msg.get("end")}
    subjects: list[tuple[dict[str, str], float]] = []
    if found.person is not None:
        subjects.append(({"person_id": found.person[0]}, found.person[1]))
    subjects += [({"cluster_id": cid}, similarity) for cid, similarity in found.clusters]
    matches: dict[int, tuple[float, Record]] = {}
    for subject, similarity in subjects:
        page = await runtime.records.async_search(record_query({**subject, **window}, limit=limit))
        for record in page.records:
            if record.id not in matches or matches[record.id][0] < similarity:
                matches[record.id] = (similarity, record)
    ranked = sorted(matches.values(), key=lambda item: (-item[0], -item[1].time.timestamp()))
    shaper = Shaper(runtime, request.sign)
    token = console_files(request.hass).add_picture(runtime.entry_id, found.crop)
    url = request.sign(picture_path(runtime.entry_id, token))
    person = runtime.people.snapshot.person(found.person[0]) if found.person else None
    return {
        "faces_in_photo": found.faces,
        "face": {"type": "face", "url": url, "thumb_url": url},
        "person": (
            {"person_id": person.id, "name": person.name, "similarity": found.person[1]}
            if person is not None and found.person is not None
            else None
        ),
        "cluster_ids": [cluster_id for cluster_id, _ in found.clusters],
        "records": [
            {**shaper.record(record), "match_similarity": similarity}
            for similarity, record in ranked[:limit]
        ],
    }


async def trajectory(request: Request) -> dict[str, Any]:
    """One person or stranger over a time range, in time order, with pictures."""
    runtime = request.runtime
    msg = request.msg
    person_id, cluster_id = msg.get("person_id"), msg.get("cluster_id")
    person = runtime.people.snapshot.person(person_id) if person_id else None
    if person_id and person is None:
        raise invalid("unknown_person", person_id=person_id, field="person_id")
    if cluster_id and person_id is None:
        seen = await runtime.records.async_search(RecordQuery(cluster_id=cluster_id, limit=1))
        if not seen.records:
            raise invalid("unknown_cluster", cluster_id=cluster_id, field="cluster_id")
    await _audit(request, "record_trajectory")
    records = await runtime.records.async_trajectory_records(
        person_id=person_id, cluster_id=cluster_id, start=msg.get("start"), end=msg.get("end")
    )
    shaper = Shaper(runtime, request.sign)
    return {
        "subject": {
            "person_id": person.id if person else None,
            "name": person.name if person else None,
            "role": person.role.value if person else None,
            "cluster_id": cluster_id,
            "stranger_number": stranger_number(cluster_id),
        },
        "points": [
            {
                "record_id": record.id,
                "time": row["time"],
                "device": record.device,
                "device_name": row["device_name"],
                "kind": record.kind.value,
                "images": row["images"],
            }
            for record in records
            for row in (shaper.record(record),)
        ],
    }


async def site_plan(request: Request) -> dict[str, Any]:
    """The register's devices with their coordinates (the panel draws the plan itself)."""
    runtime = request.runtime
    return {
        "devices": [
            {
                "device": device.code,
                "name": device.name,
                "kind": device.kind.value,
                "longitude": float(device.row.longitude) if device.row.longitude else None,
                "latitude": float(device.row.latitude) if device.row.latitude else None,
                "building": device.building or None,
                "unit": device.unit or None,
                "gate": device.gate or None,
                "online": runtime.hub.state_of(device.code).online,
            }
            for device in runtime.site
        ]
    }


RECORD_ID = {vol.Required("record_id"): vol.All(int, vol.Range(min=1))}
COMMANDS = (
    Command(f"{DOMAIN}/records/search", Permission.RECORDS, {**FILTERS, **PAGE}, search),
    Command(f"{DOMAIN}/records/get", Permission.LIVE, RECORD_ID, get),
    Command(
        f"{DOMAIN}/records/export",
        Permission.RECORDS,
        {
            **FILTERS,
            vol.Required("format"): vol.In(("csv", "xlsx")),
            vol.Optional("full", default=False): cv.boolean,
        },
        export,
    ),
    Command(
        f"{DOMAIN}/records/search_by_face",
        Permission.RECORDS,
        {
            vol.Required("image"): str,
            vol.Optional("start"): cv.datetime,
            vol.Optional("end"): cv.datetime,
            vol.Optional("limit", default=100): vol.All(
                vol.Coerce(int), vol.Range(min=1, max=FACE_SEARCH_LIMIT)
            ),
        },
        search_by_face,
    ),
    Command(
        f"{DOMAIN}/records/trajectory",
        Permission.TRAJECTORY,
        {
            vol.Optional("person_id"): text,
            vol.Optional("cluster_id"): text,
            vol.Optional("start"): cv.datetime,
            vol.Optional("end"): cv.datetime,
        },
        trajectory,
    ),
    Command(f"{DOMAIN}/site/plan", Permission.LIVE, {}, site_plan),
)
