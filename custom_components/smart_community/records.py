"""The records store wired to the community: every applied event becomes a record.

Events are queued in the event loop and written in batches by one worker in the executor
(SQLite or PostgreSQL, ``core/records/``); pictures are stored once by their SHA-256. A
daily job purges what the retention (≥ 30 days, the standard's minimum) no longer keeps.
Actions search, trace and export the records; ID numbers are masked unless an admin asks.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import voluptuous as vol
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import (
    ConfigEntryError,
    ConfigEntryNotReady,
    ServiceValidationError,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_time_change, async_track_time_interval
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import (
    CONF_RECORDS_URL,
    CONF_RETENTION_DAYS,
    DEFAULT_RETENTION_DAYS,
    DOMAIN,
    signal_records_update,
)
from .core.devices import DeviceKind
from .core.events import DeviceEvent, EventImage, EventKind
from .core.records import (
    DiskUsage,
    NewRecord,
    PurgeResult,
    Record,
    RecordKind,
    RecordQuery,
    RecordsError,
    RecordStore,
    Retention,
    export_records,
    open_store,
    record_from_event,
)
from .core.standard import MIN_RETENTION_DAYS
from .hub import CommunityHub, RegisteredDevice

_LOGGER = logging.getLogger(__name__)

RECORDS_DATA: HassKey[dict[str, RecordsRuntime]] = HassKey(f"{DOMAIN}_records")
MAX_BATCH = 500  # records per executor job
MEASURE_EVERY = timedelta(minutes=10)  # disk usage and record count (a COUNT on big tables)
PURGE_AT = (3, 17)  # local time of the daily purge (quiet hours)
_OPENED = frozenset({"verified", "passage", "opened", "open", "granted"})
_OPENING_KIND = {
    DeviceKind.ACCESS_TERMINAL: RecordKind.DOOR_OPEN,
    DeviceKind.TURNSTILE: RecordKind.TURNSTILE_OPEN,
    DeviceKind.BARRIER: RecordKind.BARRIER_OPEN,
}


def record_kind(device: RegisteredDevice, event: DeviceEvent) -> RecordKind | None:
    """What the event is a record of (``None``: state reports and keepalives)."""
    decision = event.attributes.get("decision")
    if decision == "alert":
        return RecordKind.ALERT
    if event.event_type == "patrol_check_in":
        return RecordKind.PATROL_CHECK_IN
    match event.kind:
        case EventKind.FACE_CAPTURE:
            return RecordKind.FACE_CAPTURE
        case EventKind.FACE_MATCH:
            return RecordKind.DENIAL if decision == "deny" else RecordKind.RECOGNITION
        case EventKind.VEHICLE:
            return RecordKind.DENIAL if decision == "deny" else RecordKind.PLATE_READ
        case EventKind.ALARM:
            return RecordKind.ALARM
        case EventKind.ACCESS:
            if decision == "deny" or event.event_type == "denied":
                return RecordKind.DENIAL
            if event.event_type in ("forced", "tailgating"):
                return RecordKind.ALARM
            if event.event_type in _OPENED:
                return _OPENING_KIND.get(device.kind, RecordKind.DOOR_OPEN)
            return None
    return None


def records_url(hub: CommunityHub) -> str:
    """The options' URL, else a SQLite file in the community's folder."""
    url = str(hub.entry.options.get(CONF_RECORDS_URL) or "").strip()
    return url or f"sqlite:///{hub.data_dir / 'records.db'}"


def records_error(err: RecordsError) -> ServiceValidationError:
    """A core records error as a translated action error."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=err.key,
        translation_placeholders=dict(err.placeholders),
    )


class RecordsRuntime:
    """One per community: the store, the write queue and its worker, the retention."""

    def __init__(
        self, hass: HomeAssistant, hub: CommunityHub, store: RecordStore, retention: Retention
    ) -> None:
        """Started by ``async_setup_records``."""
        self.hass = hass
        self.hub = hub
        self.store = store
        self.retention = retention
        self.usage: DiskUsage | None = None
        self.record_count = 0
        self.written = 0
        self.failed = 0
        self._pending: list[tuple[NewRecord, tuple[EventImage, ...]]] = []
        self._wakeup = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        # The worker may be cancelled while its executor job runs; close waits for it.
        self._write_lock = threading.Lock()

    # --- intake (event loop) --------------------------------------------------------

    @callback
    def async_event(self, device: RegisteredDevice, event: DeviceEvent) -> None:
        """Hub listener: queue the event's record (never blocks)."""
        kind = record_kind(device, event)
        if kind is None:
            return
        record = record_from_event(
            event,
            kind,
            outcome=event.attributes.get("decision"),
            reason=event.attributes.get("decision_reason"),
            cluster_id=event.attributes.get("cluster_id"),
        )
        record = replace(
            record,
            device=device.code,
            attributes={**record.attributes, "device_name": device.name},
        )
        self._pending.append((record, event.images))
        self._idle.clear()
        self._wakeup.set()

    async def async_run(self) -> None:
        """Worker: drain the queue in batches, in the executor."""
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            await self._async_drain()

    async def _async_drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                await self.hass.async_add_executor_job(self._write, batch)
            except Exception:  # a broken store must not stop the hub; count and log
                self.failed += len(batch)
                _LOGGER.exception(
                    "Could not store %d records of %s", len(batch), self.hub.community_name
                )
        self._idle.set()

    async def async_flush(self) -> None:
        """Wait until everything queued so far is written (tests, services, unload)."""
        if self._pending:
            self._wakeup.set()
        await self._idle.wait()

    # --- executor -------------------------------------------------------------------

    def _write(self, batch: list[tuple[NewRecord, tuple[EventImage, ...]]]) -> None:
        with self._write_lock:
            plain = [record for record, images in batch if not images]
            if plain:
                self.store.add_many(plain)
            for record, images in batch:
                if images:
                    self.store.add(record, images)
            self.written += len(batch)

    def close(self, pending: list[tuple[NewRecord, tuple[EventImage, ...]]]) -> None:
        """Write what is still queued, then close the store (blocking)."""
        try:
            if pending:
                self._write(pending)
        finally:
            with self._write_lock:
                self.store.close()

    async def async_close(self, worker: asyncio.Task[None]) -> None:
        """Stop the worker, write the rest, close the store."""
        worker.cancel()
        await asyncio.wait([worker])
        pending, self._pending = self._pending, []
        await self.hass.async_add_executor_job(self.close, pending)
        self._idle.set()

    def measure(self) -> None:
        """Disk usage and count (blocking)."""
        self.usage = self.store.disk_usage()
        self.record_count = self.store.count()

    def purge(self, now: datetime) -> PurgeResult:
        """Apply the retention, then measure again (blocking)."""
        result = self.store.purge(self.retention, now)
        self.measure()
        return result

    async def async_measure(self) -> None:
        """Measure in the executor and refresh the sensor."""
        await self.hass.async_add_executor_job(self.measure)
        async_dispatcher_send(self.hass, signal_records_update(self.hub.entry_id))

    async def async_purge(self, now: datetime | None = None) -> PurgeResult:
        """Purge now (the daily job and the action)."""
        await self.async_flush()
        result = await self.hass.async_add_executor_job(self.purge, now or dt_util.utcnow())
        async_dispatcher_send(self.hass, signal_records_update(self.hub.entry_id))
        _LOGGER.debug("Purged %s records of %s", result.records, self.hub.community_name)
        return result


def records_counts(hass: HomeAssistant, hub: CommunityHub) -> dict[str, Any]:
    """Counts for diagnostics (the URL is in the redacted options)."""
    runtime = hass.data.get(RECORDS_DATA, {}).get(hub.entry_id)
    if runtime is None:
        return {}
    return {
        "backend": records_url(hub).split(":", 1)[0],
        "retention_days": runtime.retention.days,
        "records": runtime.record_count,
        "written_since_start": runtime.written,
        "failed_writes": runtime.failed,
        "queued": len(runtime._pending),
        "database_bytes": runtime.usage.database_bytes if runtime.usage else None,
        "image_bytes": runtime.usage.image_bytes if runtime.usage else None,
    }


async def async_setup_records(hass: HomeAssistant, hub: CommunityHub) -> None:
    """Open the store, record every applied event, purge daily, close on unload.

    Called by ``async_setup_entry`` after ``hub.set_register`` and before the platforms.
    """
    from .people_entities import RecordsDiskUsageSensor

    days = max(
        MIN_RETENTION_DAYS, int(hub.entry.options.get(CONF_RETENTION_DAYS, DEFAULT_RETENTION_DAYS))
    )
    retention = Retention(days)
    url = records_url(hub)
    try:
        store = await hass.async_add_executor_job(open_store, url, hub.data_dir / "images")
    except RecordsError as err:
        # A database server that is down is retried; a bad URL or file needs the user.
        failure = ConfigEntryNotReady if err.key == "cannot_connect" else ConfigEntryError
        raise failure(
            translation_domain=DOMAIN,
            translation_key=err.key,
            translation_placeholders=dict(err.placeholders),
        ) from err
    runtime = RecordsRuntime(hass, hub, store, retention)
    hass.data.setdefault(RECORDS_DATA, {})[hub.entry_id] = runtime
    entry = hub.entry

    async def _daily_purge(now: datetime) -> None:
        await runtime.async_purge()

    worker = entry.async_create_background_task(
        hass, runtime.async_run(), f"smart_community records {hub.community_code}"
    )

    async def _close() -> None:
        hass.data.get(RECORDS_DATA, {}).pop(hub.entry_id, None)
        await runtime.async_close(worker)

    # Registered first so it runs last: no new events are queued once it runs.
    entry.async_on_unload(_close)
    entry.async_on_unload(hub.async_add_event_listener(runtime.async_event))
    entry.async_on_unload(
        async_track_time_change(hass, _daily_purge, hour=PURGE_AT[0], minute=PURGE_AT[1], second=0)
    )

    async def _measure(now: datetime) -> None:
        await runtime.async_measure()

    entry.async_on_unload(async_track_time_interval(hass, _measure, MEASURE_EVERY))
    await hass.async_add_executor_job(runtime.measure)
    hub.add_community_entities("sensor", lambda: [RecordsDiskUsageSensor(runtime)])


# --- services ------------------------------------------------------------------------------

_KINDS = [kind.value for kind in RecordKind]
_FILTERS: dict[Any, Any] = {
    vol.Required("config_entry_id"): cv.string,
    vol.Optional("person_id"): cv.string,
    vol.Optional("cluster_id"): cv.string,
    vol.Optional("plate"): cv.string,
    vol.Optional("device"): cv.string,
    vol.Optional("kind"): vol.In(_KINDS),
    vol.Optional("start"): cv.datetime,
    vol.Optional("end"): cv.datetime,
}
SEARCH_SCHEMA = vol.Schema(
    {
        **_FILTERS,
        vol.Optional("limit", default=50): vol.All(vol.Coerce(int), vol.Range(min=1, max=1000)),
        vol.Optional("cursor"): cv.string,
    }
)
TRAJECTORY_SCHEMA = vol.Schema(
    {
        vol.Required("config_entry_id"): cv.string,
        vol.Optional("person_id"): cv.string,
        vol.Optional("cluster_id"): cv.string,
        vol.Optional("start"): cv.datetime,
        vol.Optional("end"): cv.datetime,
    }
)
EXPORT_SCHEMA = vol.Schema(
    {**_FILTERS, vol.Required("file"): cv.string, vol.Optional("admin", default=False): cv.boolean}
)
PURGE_SCHEMA = vol.Schema({vol.Required("config_entry_id"): cv.string})


def _runtime(call: ServiceCall) -> RecordsRuntime:
    from .services import hub_for

    hub = hub_for(call.hass, call)
    runtime = call.hass.data.get(RECORDS_DATA, {}).get(hub.entry_id)
    if runtime is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_community",
            translation_placeholders={"community": hub.entry_id},
        )
    return runtime


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt_util.get_default_time_zone())


def _query(data: dict[str, Any], **extra: Any) -> RecordQuery:
    try:
        return RecordQuery(
            person_id=data.get("person_id"),
            cluster_id=data.get("cluster_id"),
            plate=data.get("plate"),
            device=data.get("device"),
            kind=RecordKind(data["kind"]) if data.get("kind") else None,
            start=_aware(data.get("start")),
            end=_aware(data.get("end")),
            **extra,
        )
    except RecordsError as err:
        raise records_error(err) from err


def _record_json(runtime: RecordsRuntime, record: Record) -> dict[str, Any]:
    device = runtime.hub.devices.get(record.device)
    return {
        "id": record.id,
        "time": dt_util.as_local(record.time).isoformat(),
        "kind": record.kind.value,
        "device": record.device,
        "device_name": device.name if device else record.attributes.get("device_name"),
        "person_id": record.person_id,
        "cluster_id": record.cluster_id,
        "plate": record.plate,
        "outcome": record.outcome,
        "reason": record.reason,
        "attributes": dict(record.attributes),
        "images": [image.path for image in record.images],
    }


async def _search_records(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    query = _query(dict(call.data), limit=call.data["limit"], cursor=call.data.get("cursor"))
    await runtime.async_flush()
    try:
        page = await call.hass.async_add_executor_job(runtime.store.search, query)
    except RecordsError as err:
        raise records_error(err) from err
    return {
        "records": [_record_json(runtime, record) for record in page.records],
        "next_cursor": page.next_cursor,
    }


async def _record_trajectory(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    person_id, cluster_id = call.data.get("person_id"), call.data.get("cluster_id")
    if (person_id is None) == (cluster_id is None):
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="person_or_cluster")
    end = _aware(call.data.get("end")) or dt_util.now()
    start = _aware(call.data.get("start")) or end - timedelta(days=1)
    await runtime.async_flush()
    try:
        points = await call.hass.async_add_executor_job(
            lambda: runtime.store.trajectory(
                start=start, end=end, person_id=person_id, cluster_id=cluster_id
            )
        )
    except RecordsError as err:
        raise records_error(err) from err
    devices = runtime.hub.devices
    return {
        "points": [
            {
                "time": dt_util.as_local(point.time).isoformat(),
                "device": point.device,
                "device_name": devices[point.device].name if point.device in devices else None,
                "kind": point.kind.value,
            }
            for point in points
        ]
    }


async def _is_admin(hass: HomeAssistant, user_id: str | None) -> bool:
    if user_id is None:
        return False
    user = await hass.auth.async_get_user(user_id)
    return user is not None and user.is_active and user.is_admin


async def _export_records(call: ServiceCall) -> ServiceResponse:
    from .register_file import config_file

    runtime = _runtime(call)
    admin = call.data["admin"]
    if admin and not await _is_admin(call.hass, call.context.user_id):
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="admin_required")
    target = config_file(call.hass, call.data["file"])
    if target.suffix.casefold() not in (".csv", ".xlsx"):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="export_format",
            translation_placeholders={"path": call.data["file"]},
        )
    query = _query(dict(call.data))
    await runtime.async_flush()

    def _export() -> int:
        target.parent.mkdir(parents=True, exist_ok=True)
        return export_records(runtime.store, query, Path(target), admin=admin)

    try:
        rows = await call.hass.async_add_executor_job(_export)
    except RecordsError as err:
        raise records_error(err) from err
    return {"file": str(target), "rows": rows, "masked": not admin}


async def _purge_records(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    result = await runtime.async_purge()
    return {
        "records": result.records,
        "images": result.images,
        "image_bytes": result.image_bytes,
        "retention_days": runtime.retention.days,
    }


@callback
def async_setup_records_services(hass: HomeAssistant) -> None:
    """search_records, record_trajectory, export_records, purge_records (from async_setup)."""
    for name, handler, schema in (
        ("search_records", _search_records, SEARCH_SCHEMA),
        ("record_trajectory", _record_trajectory, TRAJECTORY_SCHEMA),
        ("export_records", _export_records, EXPORT_SCHEMA),
        ("purge_records", _purge_records, PURGE_SCHEMA),
    ):
        hass.services.async_register(
            DOMAIN, name, handler, schema=schema, supports_response=SupportsResponse.OPTIONAL
        )
