"""The records store of a community: every applied event becomes a record.

Events are queued in the event loop and written in batches by one worker in the executor
(SQLite or PostgreSQL, ``core/records/``); pictures are stored once by their SHA-256. A
daily job purges what the retention (≥ 30 days, the standard's minimum) no longer keeps.
Search, trajectory and export serve the actions and the console; ID numbers are masked
unless an admin asks.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryError,
    ConfigEntryNotReady,
    ServiceValidationError,
)
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_time_change, async_track_time_interval
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_RECORDS_URL,
    CONF_RETENTION_DAYS,
    DEFAULT_RETENTION_DAYS,
    DOMAIN,
    signal_records_update,
)
from ..core.devices import DeviceKind
from ..core.events import DeviceEvent, EventImage, EventKind
from ..core.records import (
    ClusterStats,
    DiskUsage,
    NewRecord,
    PurgeResult,
    Record,
    RecordKind,
    RecordPage,
    RecordQuery,
    RecordsError,
    RecordStore,
    Retention,
    export_records,
    open_store,
    record_from_event,
)
from ..core.records.image_files import CONTENT_TYPES, sha256_hex
from ..core.site import RegisteredDevice, Site
from ..core.standard import MIN_RETENTION_DAYS

_LOGGER = logging.getLogger(__name__)

MAX_BATCH = 500  # records per executor job
MEDIA_PATH = "/api/smart_community/media/{entry_id}/{name}"  # name: <sha256>.<jpg|mp4>
MEDIA_PREFIX = MEDIA_PATH.split("{", 1)[0]
_MEDIA = re.compile(
    re.escape(MEDIA_PREFIX) + r"(?P<entry>[0-9A-Za-z_]{1,64})/(?P<name>[0-9a-f]{64}\.(?:jpg|mp4))"
)
TRAJECTORY_RECORDS = 500  # points of one trajectory on the console's timeline
type StoredListener = Callable[[list[Record]], None]
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


def media_path(entry_id: str, image: EventImage) -> str:
    """The URL path a stored picture or clip is served at (``views.MediaView``, HA's auth), known
    before the store has written it: the store keeps each file by its SHA-256."""
    extension = "mp4" if image.content_type == "video/mp4" else "jpg"
    return MEDIA_PATH.format(entry_id=entry_id, name=f"{sha256_hex(image.data)}.{extension}")


def is_media_path(path: str) -> bool:
    """Whether ``path`` names a stored evidence file (what a notification may link)."""
    return _MEDIA.fullmatch(path) is not None


def records_url(options: Mapping[str, Any], data_dir: Path) -> str:
    """The options' URL, else a SQLite file in the community's folder."""
    url = str(options.get(CONF_RECORDS_URL) or "").strip()
    return url or f"sqlite:///{data_dir / 'records.db'}"


def records_error(err: RecordsError) -> ServiceValidationError:
    """A core records error as a translated action error."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=err.key,
        translation_placeholders=dict(err.placeholders),
    )


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt_util.get_default_time_zone())


def record_query(filters: Mapping[str, Any], **extra: Any) -> RecordQuery:
    """A query from the filters of an action or a console form (naive times are local)."""
    try:
        return RecordQuery(
            person_id=filters.get("person_id"),
            cluster_id=filters.get("cluster_id"),
            plate=filters.get("plate"),
            device=filters.get("device"),
            kind=RecordKind(filters["kind"]) if filters.get("kind") else None,
            start=_aware(filters.get("start")),
            end=_aware(filters.get("end")),
            **extra,
        )
    except RecordsError as err:
        raise records_error(err) from err


class RecordsFeature:
    """One per community: the store, the write queue and its worker, the retention."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        site: Site,
        *,
        backend: str,
        store: RecordStore,
        retention: Retention,
    ) -> None:
        """Opened by :meth:`async_open`; started by :meth:`async_start`."""
        self.hass = hass
        self.entry_id = entry_id
        self.site = site
        self.backend = backend
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
        self._worker: asyncio.Task[None] | None = None
        # The worker may be cancelled while its executor job runs; close waits for it.
        self._write_lock = threading.Lock()
        self._stored_listeners: list[StoredListener] = []

    @classmethod
    async def async_open(
        cls,
        hass: HomeAssistant,
        entry_id: str,
        site: Site,
        options: Mapping[str, Any],
        data_dir: Path,
    ) -> RecordsFeature:
        """Open the store of the options (SQLite or PostgreSQL) with the retention."""
        days = max(
            MIN_RETENTION_DAYS, int(options.get(CONF_RETENTION_DAYS, DEFAULT_RETENTION_DAYS))
        )
        url = records_url(options, data_dir)
        try:
            store = await hass.async_add_executor_job(open_store, url, data_dir / "images")
        except RecordsError as err:
            # A database server that is down is retried; a bad URL or file needs the user.
            failure = ConfigEntryNotReady if err.key == "cannot_connect" else ConfigEntryError
            raise failure(
                translation_domain=DOMAIN,
                translation_key=err.key,
                translation_placeholders=dict(err.placeholders),
            ) from err
        return cls(
            hass,
            entry_id,
            site,
            backend=url.split(":", 1)[0],
            store=store,
            retention=Retention(days),
        )

    def start(self, entry: ConfigEntry[Any]) -> None:
        """Run the writer, the daily purge and the disk measurement until the entry unloads.

        Call before the hub's listener is added: unload callbacks run in reverse, so the
        store closes after no new event can be queued.
        """
        self._worker = entry.async_create_background_task(
            self.hass, self.async_run(), f"smart_community records {self.entry_id}"
        )
        entry.async_on_unload(self.async_close)

        async def _daily_purge(now: datetime) -> None:
            await self.async_purge()

        async def _measure(now: datetime) -> None:
            await self.async_measure()

        entry.async_on_unload(
            async_track_time_change(
                self.hass, _daily_purge, hour=PURGE_AT[0], minute=PURGE_AT[1], second=0
            )
        )
        entry.async_on_unload(async_track_time_interval(self.hass, _measure, MEASURE_EVERY))

    # --- intake (event loop) ------------------------------------------------------------

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
            attributes={
                **record.attributes,
                "device_name": device.name,
                # The store keeps pictures by hash; their kinds (face, scene ...) ride along.
                "image_types": [image.type.value for image in event.images],
            },
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
                stored = await self.hass.async_add_executor_job(self._write, batch)
            except Exception:  # a broken store must not stop the hub; count and log
                self.failed += len(batch)
                _LOGGER.exception("Could not store %d records of %s", len(batch), self.entry_id)
                continue
            for listener in list(self._stored_listeners):
                listener(stored)
        self._idle.set()

    @callback
    def async_add_stored_listener(self, listener: StoredListener) -> Callable[[], None]:
        """Call ``listener`` with every batch of records once they are stored (ids set)."""
        self._stored_listeners.append(listener)
        return lambda: self._stored_listeners.remove(listener)

    async def async_flush(self) -> None:
        """Wait until everything queued so far is written (tests, services, unload)."""
        if self._pending:
            self._wakeup.set()
        await self._idle.wait()

    # --- executor -----------------------------------------------------------------------

    def _write(self, batch: list[tuple[NewRecord, tuple[EventImage, ...]]]) -> list[Record]:
        """Store a batch; the stored records when somebody listens for them (ids cost a
        round trip per record on PostgreSQL, so nobody listening keeps the bulk insert)."""
        with self._write_lock:
            stored: list[Record] = []
            plain = [record for record, images in batch if not images]
            if plain and self._stored_listeners:
                stored += self.store.add_many_returning(plain)
            elif plain:
                self.store.add_many(plain)
            for record, images in batch:
                if images:
                    stored.append(self.store.add(record, images))
            self.written += len(batch)
            return sorted(stored, key=lambda record: (record.time, record.id))

    def _close_store(self, pending: list[tuple[NewRecord, tuple[EventImage, ...]]]) -> None:
        self._stored_listeners.clear()
        try:
            if pending:
                self._write(pending)
        finally:
            with self._write_lock:
                self.store.close()

    async def async_close(self) -> None:
        """Stop the worker, write the rest, close the store."""
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.wait([self._worker])
        pending, self._pending = self._pending, []
        await self.hass.async_add_executor_job(self._close_store, pending)
        self._idle.set()

    def measure(self) -> None:
        """Disk usage and count (blocking)."""
        self.usage = self.store.disk_usage()
        self.record_count = self.store.count()

    def _purge(self, now: datetime) -> PurgeResult:
        result = self.store.purge(self.retention, now)
        self.measure()
        return result

    async def async_measure(self) -> None:
        """Measure in the executor and refresh the sensor."""
        await self.hass.async_add_executor_job(self.measure)
        async_dispatcher_send(self.hass, signal_records_update(self.entry_id))

    async def async_purge(self, now: datetime | None = None) -> PurgeResult:
        """Purge now (the daily job and the action)."""
        await self.async_flush()
        result = await self.hass.async_add_executor_job(self._purge, now or dt_util.utcnow())
        async_dispatcher_send(self.hass, signal_records_update(self.entry_id))
        _LOGGER.debug("Purged %s records of %s", result.records, self.entry_id)
        return result

    # --- reading ------------------------------------------------------------------------

    def record_json(self, record: Record) -> dict[str, Any]:
        """A record as actions and the console answer."""
        device = self.site.get(record.device)
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

    async def async_search(self, query: RecordQuery) -> RecordPage:
        """One page of records (what is queued is written first)."""
        await self.async_flush()
        try:
            return await self.hass.async_add_executor_job(self.store.search, query)
        except RecordsError as err:
            raise records_error(err) from err

    @staticmethod
    def _trajectory_window(
        person_id: str | None,
        cluster_id: str | None,
        start: datetime | None,
        end: datetime | None,
    ) -> tuple[datetime, datetime]:
        """Exactly one subject; the window defaults to the last day before ``end`` / now."""
        if (person_id is None) == (cluster_id is None):
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="person_or_cluster"
            )
        until = _aware(end) or dt_util.now()
        since = _aware(start) or until - timedelta(days=1)
        if until < since:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="invalid_query",
                translation_placeholders={"field": "end"},
            )
        return since, until

    async def async_trajectory(
        self,
        *,
        person_id: str | None,
        cluster_id: str | None,
        start: datetime | None,
        end: datetime | None,
    ) -> list[dict[str, Any]]:
        """Where one person or stranger was seen, in time order (default: the last day)."""
        since, until = self._trajectory_window(person_id, cluster_id, start, end)
        await self.async_flush()
        try:
            points = await self.hass.async_add_executor_job(
                lambda: self.store.trajectory(
                    start=since, end=until, person_id=person_id, cluster_id=cluster_id
                )
            )
        except RecordsError as err:
            raise records_error(err) from err
        return [
            {
                "time": dt_util.as_local(point.time).isoformat(),
                "device": point.device,
                "device_name": device.name if (device := self.site.get(point.device)) else None,
                "kind": point.kind.value,
            }
            for point in points
        ]

    async def async_trajectory_records(
        self,
        *,
        person_id: str | None,
        cluster_id: str | None,
        start: datetime | None,
        end: datetime | None,
        limit: int = TRAJECTORY_RECORDS,
    ) -> list[Record]:
        """The records of :meth:`async_trajectory` with their ids and pictures (the console's
        timeline), the latest ``limit`` of the window, in time order."""
        since, until = self._trajectory_window(person_id, cluster_id, start, end)
        query = RecordQuery(
            person_id=person_id, cluster_id=cluster_id, start=since, end=until, limit=limit
        )
        page = await self.async_search(query)
        return list(reversed(page.records))

    async def async_export(self, query: RecordQuery, target: Path, *, admin: bool) -> int:
        """Write the matching records to ``target`` (CSV / XLSX); masked unless ``admin``."""
        await self.async_flush()

        def _export() -> int:
            target.parent.mkdir(parents=True, exist_ok=True)
            return export_records(self.store, query, target, admin=admin)

        try:
            return await self.hass.async_add_executor_job(_export)
        except RecordsError as err:
            raise records_error(err) from err

    def media_file(self, name: str) -> tuple[Path, str] | None:
        """A stored picture or clip by ``<sha256>.<extension>`` and its content type, or None
        when this community's store has no such file (blocking: a database read)."""
        sha256, _, extension = name.partition(".")
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            return None
        relative = self.store.image_path(sha256)
        if relative is None or not relative.endswith(f".{extension}"):
            return None
        path = self.store.images.base_dir / relative
        content_type = CONTENT_TYPES.get(extension)
        if content_type is None or not path.is_file():
            return None
        return path, content_type

    # --- the console ----------------------------------------------------------------------

    async def async_get(self, record_id: int) -> Record | None:
        """One record (masked as for non-admins: the console never shows ID numbers)."""
        await self.async_flush()
        try:
            return await self.hass.async_add_executor_job(self.store.get, record_id)
        except RecordsError as err:
            raise records_error(err) from err

    def image_file(self, sha256: str, *, thumbnail: bool = False) -> Path | None:
        """A stored picture of this community by its hash (or its thumbnail); blocking.

        ``None`` when the store has no such picture or its file is gone or unreadable.
        """
        relative = self.store.image_path(sha256)
        if relative is None:
            return None
        files = self.store.images
        try:
            path = files.thumbnail(relative) if thumbnail else files.base_dir / relative
        except (OSError, ValueError):
            return None
        return path if path.is_file() else None

    async def async_cluster_stats(self, cluster_ids: Sequence[str]) -> dict[str, ClusterStats]:
        """Visits, first / last sighting and devices of face clusters."""
        await self.async_flush()
        return await self.hass.async_add_executor_job(self.store.cluster_stats, list(cluster_ids))

    async def async_relabel_cluster(self, cluster_id: str, into: str) -> int:
        """A merged cluster's records follow it."""
        await self.async_flush()
        return await self.hass.async_add_executor_job(self.store.relabel_cluster, cluster_id, into)

    async def async_name_cluster(self, cluster_id: str, person_id: str) -> int:
        """A named cluster's unidentified records get the person."""
        await self.async_flush()
        return await self.hass.async_add_executor_job(
            self.store.name_cluster, cluster_id, person_id
        )

    async def async_set_identity(
        self, record_id: int, *, person_id: str | None, cluster_id: str | None
    ) -> bool:
        """Correct who a record shows."""
        await self.async_flush()
        return await self.hass.async_add_executor_job(
            lambda: self.store.set_identity(record_id, person_id=person_id, cluster_id=cluster_id)
        )

    def counts(self) -> dict[str, Any]:
        """Counts for diagnostics (the URL is in the redacted options)."""
        return {
            "backend": self.backend,
            "retention_days": self.retention.days,
            "records": self.record_count,
            "written_since_start": self.written,
            "failed_writes": self.failed,
            "queued": len(self._pending),
            "database_bytes": self.usage.database_bytes if self.usage else None,
            "image_bytes": self.usage.image_bytes if self.usage else None,
        }
