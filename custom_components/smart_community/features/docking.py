"""Police data docking in HA: device events → outbox → the public-security view library.

When the community's options name an upstream view library, face captures and vehicle
passes of the register's devices are stored in the outbox (``records.db`` in the
community's folder) and pushed by :class:`~..core.docking.service.DockingService` over
GA/T 1400. Sensors show the connection and the backlog; repair issues say when the docking
has been down too long or the outbox is full (nothing is dropped silently).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util
from yarl import URL

from ..const import (
    CONF_DOCKING_ALARM_MINUTES,
    CONF_DOCKING_ALLOW_ARCHIVES,
    CONF_DOCKING_KINDS,
    CONF_DOCKING_PASSWORD,
    CONF_DOCKING_PLATFORM_ID,
    CONF_DOCKING_RECEIVERS,
    CONF_DOCKING_URL,
    CONF_DOCKING_USERNAME,
    DEFAULT_DOCKING_ALARM_MINUTES,
    DockingKind,
    signal_docking_update,
)
from ..core.docking.capture import Capture, CaptureKind, NotDockable, capture_from_event
from ..core.docking.outbox import OutboxFull, OutboxStore
from ..core.docking.service import DockingConfig, DockingService, DockingStats
from ..core.docking.subscriptions import SubscriptionRegistry
from ..core.events import DeviceEvent, EventKind
from ..core.gat1400.client import ClientConfig, same_origin
from ..core.site import RegisteredDevice
from ..hub import CommunityHub
from ..issues import IssueFamily, async_clear_issue, async_raise_issue
from ..transports.gat1400 import SubscriptionReply

_LOGGER = logging.getLogger(__name__)

REFRESH_INTERVAL = timedelta(seconds=10)
RECORDS_DB = "records.db"
# Captures wait here for the outbox (one writer keeps them in order); a burst larger than
# this is an overload, reported like a full outbox.
_QUEUE_SIZE = 2_000
_DOCKABLE = (EventKind.FACE_CAPTURE, EventKind.FACE_MATCH, EventKind.VEHICLE)


def docking_configured(options: dict[str, Any] | Any) -> bool:
    """Docking is on when the options name an upstream view library."""
    return bool(str(options.get(CONF_DOCKING_URL) or "").strip())


def record_key(device: RegisteredDevice, event: DeviceEvent) -> str:
    """Stable key of a capture until the records store gives row IDs.

    Device + shot time + the first picture's hash: the same capture delivered twice (a
    device resend, a recognition result of the same frame) is one upstream object.
    """
    digest = hashlib.sha256(event.images[0].data).hexdigest()[:16] if event.images else "-"
    return f"{device.code}:{event.time.isoformat()}:{event.plate or ''}:{digest}"


@dataclass(slots=True, eq=False)
class DockingFeature:
    """One community's docking: service, options, last statistics."""

    hass: HomeAssistant
    hub: CommunityHub
    service: DockingService
    kinds: frozenset[DockingKind]
    allow_archives: bool
    alarm_after: timedelta
    upstream_host: str
    stats: DockingStats | None = None
    down_since: datetime | None = None
    dropped: int = 0  # captures refused because the outbox was full
    queue: asyncio.Queue[Capture] = field(default_factory=lambda: asyncio.Queue(_QUEUE_SIZE))
    _refreshing: bool = False

    @property
    def signal(self) -> str:
        """Dispatcher signal of the docking entities."""
        return signal_docking_update(self.hub.entry_id)

    @property
    def available(self) -> bool:
        """Statistics are known after the first refresh."""
        return self.stats is not None

    # -- captures ----------------------------------------------------------------------

    def captures_for(self, device: RegisteredDevice, event: DeviceEvent) -> list[Capture]:
        """The captures an event yields under the community's options."""
        if event.kind not in _DOCKABLE:
            return []
        try:
            capture = capture_from_event(
                event, record_key=record_key(device, event), device_id=device.code
            )
        except NotDockable as err:
            _LOGGER.debug("Event of %s not docked: %s", device.code, err)
            return []
        out: list[Capture] = []
        if capture.kind is CaptureKind.FACE and DockingKind.FACES in self.kinds:
            out.append(capture)
        if capture.kind is CaptureKind.MOTOR_VEHICLE and DockingKind.MOTOR_VEHICLES in self.kinds:
            out.append(capture)
        # A face matched to a registered person is a resident's archive record: it leaves
        # the community only when the options allow it.
        if (
            event.kind is EventKind.FACE_MATCH
            and event.person_id
            and DockingKind.PERSONS in self.kinds
            and self.allow_archives
        ):
            out.append(replace(capture, kind=CaptureKind.PERSON))
        return out

    @callback
    def async_on_event(self, device: RegisteredDevice, event: DeviceEvent) -> None:
        """Hub listener: queue what the view library takes."""
        for capture in self.captures_for(device, event):
            try:
                self.queue.put_nowait(capture)
            except asyncio.QueueFull:
                self._note_full(f"{_QUEUE_SIZE} captures waiting for the outbox")

    async def async_write_queue(self) -> None:
        """Move queued captures into the outbox, in arrival order (a background task)."""
        while True:
            capture = await self.queue.get()
            await self._enqueue(capture)

    async def async_flush(self) -> None:
        """Store what is still queued (on unload) so nothing waits only in memory."""
        while not self.queue.empty():
            await self._enqueue(self.queue.get_nowait())

    async def _enqueue(self, capture: Capture) -> None:
        try:
            await self.service.enqueue(capture)
        except OutboxFull as err:
            self._note_full(str(err))
        except Exception:
            self.dropped += 1
            _LOGGER.exception("Capture %s could not be stored for docking", capture.record_key)

    def _note_full(self, reason: str) -> None:
        self.dropped += 1
        if self.dropped == 1 or self.dropped % 1000 == 0:
            _LOGGER.error(
                "Docking outbox of %s is full (%s): %s capture(s) not stored",
                self.hub.community_name,
                reason,
                self.dropped,
            )
        async_raise_issue(
            self.hass,
            IssueFamily.DOCKING_OUTBOX_FULL,
            self.hub.entry_id,
            {
                "community": self.hub.community_name,
                "reason": reason,
                "dropped": str(self.dropped),
            },
        )

    # -- subscriptions from the view library (the GA/T 1400 transport's /VIID/Subscribes) --

    def handle_subscription(
        self, method: str, path: str, body: bytes, query: Mapping[str, str]
    ) -> SubscriptionReply:
        """Answer one /VIID/Subscribes request (blocking: the view runs it in the executor)."""
        reply = self.service.subscriptions.handle(method, path, body, query)
        return SubscriptionReply(reply.status, reply.body)

    # -- statistics ---------------------------------------------------------------------

    async def async_refresh(self) -> None:
        """Read the statistics, update repairs and entities."""
        if self._refreshing:
            return
        self._refreshing = True
        try:
            self.stats = stats = await self.service.stats()
        finally:
            self._refreshing = False
        now = dt_util.utcnow()
        entry_id = self.hub.entry_id
        if stats.connected:
            self.down_since = None
            async_clear_issue(self.hass, IssueFamily.DOCKING_DOWN, entry_id)
        else:
            if self.down_since is None:
                self.down_since = now
            if now - self.down_since >= self.alarm_after:
                async_raise_issue(
                    self.hass,
                    IssueFamily.DOCKING_DOWN,
                    entry_id,
                    {
                        "community": self.hub.community_name,
                        "minutes": str(int((now - self.down_since).total_seconds() // 60)),
                        "error": stats.last_error or "-",
                        "queue": str(stats.queue_depth),
                    },
                )
        if not stats.outbox_full and self.queue.qsize() < _QUEUE_SIZE:
            if self.dropped:
                _LOGGER.warning(
                    "Docking outbox of %s accepts captures again (%s were not stored)",
                    self.hub.community_name,
                    self.dropped,
                )
            self.dropped = 0
            async_clear_issue(self.hass, IssueFamily.DOCKING_OUTBOX_FULL, entry_id)
        elif stats.outbox_full and not self.dropped:
            async_raise_issue(
                self.hass,
                IssueFamily.DOCKING_OUTBOX_FULL,
                entry_id,
                {"community": self.hub.community_name, "reason": "limit", "dropped": "0"},
            )
        async_dispatcher_send(self.hass, self.signal)

    def diagnostics(self) -> dict[str, Any]:
        """Statistics for the diagnostics download (no credentials)."""
        stats = self.stats
        return {
            "kinds": sorted(self.kinds),
            "allow_archives": self.allow_archives,
            "alarm_minutes": self.alarm_after.total_seconds() / 60,
            "queued_in_memory": self.queue.qsize(),
            "dropped": self.dropped,
            "down_since": self.down_since.isoformat() if self.down_since else None,
            "stats": None
            if stats is None
            else {
                "connected": stats.connected,
                "queue_depth": stats.queue_depth,
                "pending_bytes": stats.pending_bytes,
                "oldest_unsent_age": stats.oldest_unsent_age,
                "sent_today": stats.sent_today,
                "rejected": stats.rejected,
                "outbox_full": stats.outbox_full,
                "last_error": stats.last_error,
                "clock_offset": stats.clock_offset,
                "subscriptions": stats.subscriptions,
            },
        }


def url_without_credentials(url: str) -> str:
    """``url`` with any user and password removed (for diagnostics and logs)."""
    parsed = URL(url)
    return str(parsed.with_user(None)) if parsed.user or parsed.password else url


def receiver_check(upstream: str, receivers: list[str]) -> Callable[[str], bool]:
    """Which ReceiveAddr a subscription may name: the view library's own host, or a receiver
    the installer listed in the options (same scheme, host and port)."""
    upstream_host = URL(upstream).host

    def allowed(url: str) -> bool:
        try:
            host = URL(url).host
        except ValueError:
            return False
        return (host is not None and host == upstream_host) or any(
            same_origin(url, receiver) for receiver in receivers
        )

    return allowed


def _build_stores(
    path: Path, platform_id: str, receiver_allowed: Callable[[str], bool]
) -> tuple[OutboxStore, SubscriptionRegistry]:
    path.parent.mkdir(parents=True, exist_ok=True)
    outbox = OutboxStore(path)
    try:
        return outbox, SubscriptionRegistry(
            path, platform_id=platform_id, receiver_allowed=receiver_allowed
        )
    except BaseException:
        outbox.close()
        raise


def _close(outbox: OutboxStore, subscriptions: SubscriptionRegistry) -> None:
    subscriptions.close()
    outbox.close()


async def async_start_docking(
    hass: HomeAssistant, entry: ConfigEntry[Any], hub: CommunityHub
) -> DockingFeature | None:
    """Start the community's docking when configured; ``None`` (and no issue) when off."""
    options = entry.options
    if not docking_configured(options):
        # Turned off: what the last docking raised no longer applies.
        for family in (IssueFamily.DOCKING_DOWN, IssueFamily.DOCKING_OUTBOX_FULL):
            async_clear_issue(hass, family, entry.entry_id)
        return None
    url = str(options[CONF_DOCKING_URL]).strip()
    platform_id = str(options.get(CONF_DOCKING_PLATFORM_ID) or "")
    receivers = [str(r).strip() for r in options.get(CONF_DOCKING_RECEIVERS, []) if str(r).strip()]
    outbox, subscriptions = await hass.async_add_executor_job(
        _build_stores, hub.data_dir / RECORDS_DB, platform_id, receiver_check(url, receivers)
    )
    config = DockingConfig(
        client=ClientConfig(
            base_url=url,
            platform_id=platform_id,
            username=str(options.get(CONF_DOCKING_USERNAME) or ""),
            password=str(options.get(CONF_DOCKING_PASSWORD) or ""),
        )
    )
    service = DockingService(config, outbox, subscriptions, async_get_clientsession(hass))
    feature = DockingFeature(
        hass=hass,
        hub=hub,
        service=service,
        kinds=frozenset(
            DockingKind(kind)
            for kind in options.get(
                CONF_DOCKING_KINDS, [DockingKind.FACES, DockingKind.MOTOR_VEHICLES]
            )
        ),
        allow_archives=bool(options.get(CONF_DOCKING_ALLOW_ARCHIVES, False)),
        alarm_after=timedelta(
            minutes=float(options.get(CONF_DOCKING_ALARM_MINUTES, DEFAULT_DOCKING_ALARM_MINUTES))
        ),
        upstream_host=URL(url).host or "",
    )
    feature.down_since = dt_util.utcnow()
    await service.start()
    writer = entry.async_create_background_task(
        hass, feature.async_write_queue(), f"smart_community docking queue {hub.community_code}"
    )

    async def _stop() -> None:
        writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await writer
        await feature.async_flush()
        await service.stop()
        await hass.async_add_executor_job(_close, outbox, subscriptions)

    entry.async_on_unload(_stop)
    entry.async_on_unload(hub.async_add_event_listener(feature.async_on_event))

    @callback
    def _tick(now: datetime) -> None:
        entry.async_create_background_task(
            hass, feature.async_refresh(), f"smart_community docking stats {hub.community_code}"
        )

    entry.async_on_unload(async_track_time_interval(hass, _tick, REFRESH_INTERVAL))
    await feature.async_refresh()
    return feature
