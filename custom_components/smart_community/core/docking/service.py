"""The docking loop: register, keep alive, drain the outbox, feed subscribers.

The HA layer builds one :class:`DockingService` per config entry, calls :meth:`start`
on setup and :meth:`stop` on unload, :meth:`enqueue` for every face capture and vehicle
pass, :meth:`stats` for its sensors, and mounts :attr:`subscriptions` ``.handle`` on its
web server for ``/VIID/Subscribes``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TypeVar

import aiohttp

from ..gat1400.client import ClientConfig, DockingError, SessionLost, ViidClient
from ..gat1400.viid import (
    CHINA,
    RESOURCES,
    NotificationHeader,
    ObjectStatus,
    Outcome,
    build_object,
    encode,
    list_body,
    notification_body,
    serials_needed,
    viid_time,
)
from .backoff import Backoff
from .capture import Capture, CaptureKind
from .outbox import AddResult, Entry, Head, Item, OutboxStore
from .subscriptions import Subscription, SubscriptionRegistry

_LOGGER = logging.getLogger(__name__)
_T = TypeVar("_T")
_NOTIFY = "notify:"
_UNREGISTER_TIMEOUT = 2.0


@dataclass(frozen=True, slots=True, kw_only=True)
class DockingConfig:
    """Connection plus timing of the loop."""

    client: ClientConfig
    keepalive_interval: float = 60.0
    time_check_interval: float = 3600.0
    batch_size: int = 32
    batch_max_bytes: int = 8_000_000
    idle_wait: float = 30.0  # longest sleep when nothing is due
    backoff: Backoff = field(default_factory=Backoff)


@dataclass(frozen=True, slots=True, kw_only=True)
class DockingStats:
    """What the sensors show."""

    connected: bool
    queue_depth: int
    pending_bytes: int
    oldest_unsent_age: float | None
    sent_today: int
    rejected: int
    outbox_full: bool
    last_error: str | None
    clock_offset: float | None  # view library clock minus ours, seconds
    subscriptions: int


def main_route(kind: CaptureKind) -> str:
    """Outbox route of direct pushes of ``kind``."""
    return kind.value


def notify_route(kind: CaptureKind, subscribe_id: str) -> str:
    """Outbox route of notifications of ``kind`` for one subscription."""
    return f"{_NOTIFY}{kind.value}:{subscribe_id}"


class DockingService:
    """Runs the GA/T 1400 client against the outbox; see the module docstring."""

    def __init__(
        self,
        config: DockingConfig,
        outbox: OutboxStore,
        subscriptions: SubscriptionRegistry,
        session: aiohttp.ClientSession,
        *,
        clock: Callable[[], float] = time.time,
        zone: tzinfo = CHINA,
    ) -> None:
        self.config = config
        self.outbox = outbox
        self.subscriptions = subscriptions
        self.client = ViidClient(session, config.client)
        self._clock = clock
        self._zone = zone
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="docking-outbox")
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._registered = False
        self._registering = False
        self._register_failures = 0
        self._session_losses = 0
        self._keepalive_due = 0.0
        self._time_due = 0.0
        self._clock_offset: float | None = None
        self._last_error: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        subscriptions.on_cancel(self._subscription_cancelled)

    # -- lifecycle -------------------------------------------------------------------

    async def start(self) -> None:
        """Start the loop (returns at once; registration happens in the background)."""
        if self._task is not None:
            raise RuntimeError("already started")
        self._loop = asyncio.get_running_loop()
        self._task = self._loop.create_task(self._run(), name="smart_community docking")

    async def stop(self) -> None:
        """Stop the loop, unregister (best effort) and release the worker thread."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        try:
            if self._registered or self._registering:
                with contextlib.suppress(DockingError, TimeoutError):
                    async with asyncio.timeout(_UNREGISTER_TIMEOUT):
                        await self.client.unregister()
        finally:
            self._registered = self._registering = False
            self._executor.shutdown(wait=True)

    # -- API for the HA layer ----------------------------------------------------------

    async def enqueue(self, capture: Capture) -> AddResult:
        """Store a capture for the view library and for matching subscriptions.

        Raises :class:`~.outbox.OutboxFull` when the outbox is full (the alarm is set).
        """
        subs = self.subscriptions.matching(capture.kind, capture.device_id, capture.time)
        entries = [Entry(main_route(capture.kind), capture.device_id)] + [
            Entry(
                notify_route(capture.kind, s.subscribe_id), f"{s.subscribe_id}:{capture.device_id}"
            )
            for s in subs
        ]

        def build(first_serial: int) -> tuple[str, bytes]:
            object_id, obj = build_object(capture, first_serial)
            return object_id, encode(obj)

        result = await self._store(
            functools.partial(
                self.outbox.add,
                record_key=capture.record_key,
                device_id=capture.device_id,
                second=viid_time(capture.time, self._zone),
                serial_count=serials_needed(capture),
                build=build,
                entries=entries,
            )
        )
        self._wake.set()
        return result

    async def stats(self) -> DockingStats:
        """Current statistics (``sent_today`` counts from local midnight)."""
        now = datetime.fromtimestamp(self._clock(), self._zone)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
        s = await self._store(functools.partial(self.outbox.stats, since=midnight))
        return DockingStats(
            connected=self._registered,
            queue_depth=s.depth,
            pending_bytes=s.pending_bytes,
            oldest_unsent_age=s.oldest_age,
            sent_today=s.sent_since,
            rejected=s.rejected,
            outbox_full=s.full_alarm,
            last_error=self._last_error or s.last_error,
            clock_offset=self._clock_offset,
            subscriptions=len(self.subscriptions.active),
        )

    async def daily_statistics(self, days: int = 7) -> dict[str, dict[str, int]]:
        """``{"YYYY-MM-DD": {"sent": n, "rejected": m}}`` for the last ``days`` local days."""
        now = datetime.fromtimestamp(self._clock(), self._zone)
        start = (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
        offset = (now.utcoffset() or timedelta()).total_seconds()
        counts = await self._store(
            functools.partial(self.outbox.daily_counts, since=start.timestamp(), utc_offset=offset)
        )
        out: dict[str, dict[str, int]] = {}
        for index in range(days):
            day = (start + timedelta(days=index)).date()
            epoch_day = (day - datetime(1970, 1, 1, tzinfo=UTC).date()).days
            out[day.isoformat()] = counts.get(epoch_day, {"sent": 0, "rejected": 0})
        return out

    # -- the loop --------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            # Cleared before looking for work, so an enqueue during this round still wakes
            # the idle wait below.
            self._wake.clear()
            try:
                if not self._registered:
                    await self._register()
                now = self._clock()
                if now >= self._keepalive_due:
                    await self._keepalive()
                if now >= self._time_due:
                    await self._check_time()
                if await self._drain_once():
                    continue
                await self._idle(await self._next_wakeup())
            except SessionLost as err:
                self._note_error(str(err))
                self._registered = False
                # Registered, yet refused again: do not hammer the view library.
                self._session_losses += 1
                if self._session_losses > 1:
                    await asyncio.sleep(self.config.backoff.delay(self._session_losses - 1))
            except DockingError as err:
                self._note_error(str(err))
                if not self._registered:
                    self._register_failures += 1
                    # Not woken by new captures: an outage must not turn into a hammering.
                    await asyncio.sleep(self.config.backoff.delay(self._register_failures))
            except Exception as err:  # the loop must outlive any surprise (disk, bug)
                _LOGGER.exception("docking loop error")
                self._note_error(f"{type(err).__name__}: {err}")
                self._register_failures += 1
                await asyncio.sleep(self.config.backoff.delay(self._register_failures))

    async def _register(self) -> None:
        # Stopped mid-handshake, the view library may already count us: unregister then too.
        self._registering = True
        await self.client.register()
        self._registering = False
        self._registered = True
        self._register_failures = 0
        # Back from an outage: what waited out its back-off may go now.
        await self._store(functools.partial(self.outbox.release, now=self._clock()))
        self._keepalive_due = self._clock() + self.config.keepalive_interval
        self._last_error = None

    async def _keepalive(self) -> None:
        try:
            await self.client.keepalive()
        except DockingError:
            # A failed keepalive means the session is gone: register again.
            self._registered = False
            raise
        self._keepalive_due = self._clock() + self.config.keepalive_interval
        self._session_losses = 0

    async def _check_time(self) -> None:
        self._time_due = self._clock() + self.config.time_check_interval
        server = await self.client.system_time()
        self._clock_offset = server.timestamp() - self._clock()

    async def _next_wakeup(self) -> float:
        now = self._clock()
        due = [now + self.config.idle_wait, self._keepalive_due, self._time_due]
        heads = await self._store(self.outbox.heads)
        due += [h.next_at for h in heads if self._sendable(h)]
        return max(0.0, min(due) - now)

    async def _idle(self, seconds: float) -> None:
        """Wait until something is due or a capture is enqueued."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)

    def _sendable(self, head: Head) -> bool:
        return self._registered or head.route.startswith(_NOTIFY)

    # -- draining --------------------------------------------------------------------

    async def _drain_once(self) -> bool:
        """Send one batch; ``False`` when nothing is due."""
        items = await self._store(
            functools.partial(
                self.outbox.next_batch,
                now=self._clock(),
                limit=self.config.batch_size,
                max_bytes=self.config.batch_max_bytes,
                accept=self._sendable,
            )
        )
        if not items:
            return False
        route = items[0].route
        try:
            statuses = await self._post(route, items)
        except SessionLost:
            raise  # not the items' fault: register again and resend without back-off
        except DockingError as err:
            await self._store(
                functools.partial(
                    self.outbox.mark_failed,
                    [i.seq for i in items],
                    str(err),
                    self.config.backoff.delay,
                )
            )
            raise
        await self._settle(items, statuses)
        return True

    async def _post(self, route: str, items: list[Item]) -> list[ObjectStatus]:
        if not route.startswith(_NOTIFY):
            resource = RESOURCES[CaptureKind(route)]
            return await self.client.post_objects(
                resource.path, list_body(resource, [i.payload for i in items])
            )
        kind_text, _, subscribe_id = route[len(_NOTIFY) :].partition(":")
        sub = next((s for s in self.subscriptions.active if s.subscribe_id == subscribe_id), None)
        if sub is None:
            await self._store(
                functools.partial(self.outbox.cancel_routes, [route], "subscription cancelled")
            )
            return []
        resource = RESOURCES[CaptureKind(kind_text)]
        trigger = viid_time(datetime.fromtimestamp(self._clock(), UTC), self._zone)
        header = NotificationHeader(
            notification_id=f"{self.config.client.platform_id[:12]}03{trigger}"
            f"{items[0].seq % 100_000:05d}",
            subscribe_id=sub.subscribe_id,
            title=sub.title,
            trigger_time=trigger,
        )
        body = notification_body(
            header, resource, [i.object_id for i in items], [i.payload for i in items]
        )
        statuses = await self.client.post_to(sub.receive_addr, body)
        # A receiver answers for the notification, not per object: apply it to all.
        if len(statuses) == 1 and statuses[0].object_id not in {i.object_id for i in items}:
            return [ObjectStatus(i.object_id, statuses[0].code, statuses[0].text) for i in items]
        return statuses

    async def _settle(self, items: list[Item], statuses: list[ObjectStatus]) -> None:
        by_id = {s.object_id: s for s in statuses}
        sent: list[int] = []
        rejected: dict[str, list[int]] = {}
        retry: list[int] = []
        for item in items:
            status = by_id.get(item.object_id)
            outcome = Outcome.RETRY if status is None else status.outcome
            if outcome in (Outcome.OK, Outcome.DUPLICATE):
                sent.append(item.seq)
            elif outcome is Outcome.REJECTED and status is not None:
                rejected.setdefault(f"StatusCode {status.code} {status.text}", []).append(item.seq)
            else:
                retry.append(item.seq)
        if sent:
            self._session_losses = 0
        await self._store(
            functools.partial(
                self.outbox.settle,
                sent=sent,
                rejected=rejected,
                retry=retry,
                delay=self.config.backoff.delay,
            )
        )

    # -- helpers ---------------------------------------------------------------------

    def _subscription_cancelled(self, sub: Subscription) -> None:
        routes = [notify_route(kind, sub.subscribe_id) for kind in CaptureKind]
        try:
            # Called from the HTTP handler: keep SQLite off the event loop when we can.
            self._executor.submit(self.outbox.cancel_routes, routes, "subscription cancelled")
        except RuntimeError:  # stopped: the store is thread-safe, do it here
            self.outbox.cancel_routes(routes, "subscription cancelled")

    def _note_error(self, error: str) -> None:
        self._last_error = error
        self._executor.submit(self.outbox.record_error, error)

    async def _store(self, fn: Callable[[], _T]) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn)
