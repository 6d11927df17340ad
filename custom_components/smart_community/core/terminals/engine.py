"""The terminal sync engine: plans from the registry, queues per terminal, sends, settles.

Lifecycle for the HA feature that hosts it::

    engine = TerminalSyncEngine(store, specs, session=..., policy=..., photos=...)
    await engine.start(registry.snapshot)       # workers, expiry timer, event streams
    await engine.registry_changed(snapshot)     # after every registry change
    engine.status(code) / engine.statuses()     # sensors (cached, no I/O)
    engine.refusals()                           # repair issues
    await engine.resync(code)                   # the resync action (forgets refusals)
    await engine.stop()

Per terminal one worker claims due items (up to ``concurrency`` at once, items sharing a user
or a card in order), sends them, and settles them: done → the known library changes; refused
→ the item stays ``failed`` with the device's reason and the others go on; anything else →
retried with exponential back-off and jitter. A terminal that does not answer at all is
*offline*: its items wait (no attempts counted), a probe checks it with back-off, and after an
offline spell of ``resync_after_offline`` its whole library is read back and compared with the
plan (a *full resync*), as also happens at start when the last one is older than
``periodic_resync`` and on demand.

Windows close on their own: the engine plans again at the plan's ``next_change`` (a pass
expiring, a tenant moving out), so a revoked person leaves every terminal within seconds of
the moment, while the terminal already refuses them from its own copy of the window.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

import aiohttp

from ..docking.backoff import Backoff
from ..events import DeviceEvent
from ..people.registry import RegistrySnapshot
from .client import DeviceUser, TerminalClient
from .dahua import DahuaTerminal
from .diff import diff_library
from .errors import AuthenticationFailed, DeviceRefused, DeviceUnavailable, Unreachable
from .faces import (
    FaceAssessor,
    PhotoMissing,
    PhotoSource,
    choose_faces,
    persons_with_photos,
    terminal_jpeg,
)
from .hikvision import IsapiTerminal
from .http import DigestHttp
from .models import ALWAYS_VALID, FaceRef, Library, TerminalUser, apply_operation
from .mqtt import MqttTerminal, Publish
from .planner import AssignmentPolicy, Plan, plan_libraries
from .receivers import EventStreamReceiver, Sink, dahua_receiver, isapi_receiver
from .store import FailedItem, Outcome, QueueItem, SyncStore
from .topology import TerminalPlace

_LOGGER = logging.getLogger(__name__)
_T = TypeVar("_T")
DEVICE_FACE = FaceRef("", "on-device")  # a face the terminal has that we cannot identify


def named_event(event: DeviceEvent, person_of: Callable[[str], str | None]) -> DeviceEvent:
    """``event`` naming the registry's person behind the terminal user id it names (that id
    kept as ``terminal_user_id``); unchanged when the id is nobody's."""
    if not event.person_id:
        return event
    person = person_of(event.person_id)
    if person is None:
        return event
    return replace(
        event,
        person_id=person,
        attributes={**event.attributes, "terminal_user_id": event.person_id},
    )


class Vendor(StrEnum):
    """How the engine talks to a terminal."""

    HIKVISION = "hikvision"  # ISAPI
    DAHUA = "dahua"  # HTTP API (CGI)
    MQTT = "mqtt"  # the project's MQTT access commands


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminalSpec:
    """One terminal: its place (from the register) and how to reach it (from the config
    entry: credentials never go into the register file)."""

    place: TerminalPlace
    vendor: Vendor
    base_url: str = ""  # http://10.34.1.13 (Hikvision, Dahua)
    username: str = ""
    password: str = ""
    mqtt_prefix: str = ""  # <prefix> of <prefix>/<device_code>/command (MQTT)
    doors: int = 1
    events: bool = True  # keep the terminal's event stream open (Hikvision, Dahua)

    @property
    def device_code(self) -> str:
        return self.place.device_code


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineOptions:
    """Timing and limits (defaults suit a community of a few thousand households)."""

    concurrency: int = 4
    backoff: Backoff = field(default_factory=lambda: Backoff(base=2.0, cap=300.0))
    probe_backoff: Backoff = field(default_factory=lambda: Backoff(base=5.0, cap=300.0))
    resync_after_offline: float = 300.0
    periodic_resync: float = 86_400.0
    refusal_threshold: int = 3
    idle_wait: float = 30.0
    request_timeout: float = 15.0
    mqtt_timeout: float = 15.0
    status_interval: float = 1.0


class SyncState(StrEnum):
    """The status sensor's state."""

    IN_SYNC = "in_sync"
    PENDING = "pending"
    FAILED = "failed"
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminalStatus:
    """What the sensor and the console's device view show for one terminal."""

    device_code: str
    vendor: Vendor
    state: SyncState
    pending: int
    failed: int
    done: int
    users: int
    faces: int
    cards: int
    last_error: str | None
    last_ok: datetime | None
    offline_since: datetime | None
    last_full_sync: datetime | None
    keeps_refusing: bool
    failures: tuple[FailedItem, ...] = ()


@dataclass(frozen=True, slots=True)
class RefusalSignal:
    """A terminal that keeps refusing: the repair issue's placeholders."""

    device_code: str
    failed: int
    capacity: bool
    authentication: bool
    reasons: tuple[str, ...]


@dataclass(slots=True, eq=False)
class _Terminal:
    spec: TerminalSpec
    client: TerminalClient
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    offline_since: float | None = None
    probe_failures: int = 0
    next_probe: float = 0.0
    needs_resync: bool = False
    auth_error: str | None = None
    resync_failures: int = 0
    task: asyncio.Task[None] | None = None
    receiver: EventStreamReceiver | None = None
    status_at: float = 0.0


class TerminalSyncEngine:
    """See the module docstring."""

    def __init__(
        self,
        store: SyncStore,
        terminals: Sequence[TerminalSpec],
        *,
        policy: AssignmentPolicy,
        photos: PhotoSource,
        session: aiohttp.ClientSession | None = None,
        assessor: FaceAssessor | None = None,
        mqtt_publish: Publish | None = None,
        event_sink: Sink | None = None,
        options: EngineOptions | None = None,
        clock: Callable[[], float] = time.time,
        client_factory: Callable[[TerminalSpec], TerminalClient] | None = None,
    ) -> None:
        self.store = store
        self.policy = policy
        self.options = options or EngineOptions()
        self._photos = photos
        self._assessor = assessor
        self._session = session
        self._publish = mqtt_publish
        self._sink = event_sink
        self._clock = clock
        self._factory = client_factory or self._default_client
        self._terminals = {
            spec.device_code: _Terminal(spec, self._factory(spec)) for spec in terminals
        }
        if len(self._terminals) != len(terminals):
            raise ValueError("two terminals with the same device code")
        self._snapshot: RegistrySnapshot | None = None
        self._desired: dict[str, Library] = {}
        self._next_change: datetime | None = None
        self._face_problems: dict[str, str] = {}
        self._status: dict[str, TerminalStatus] = {}
        self._listeners: list[Callable[[str], None]] = []
        self._plan_lock = asyncio.Lock()
        self._timer = asyncio.Event()
        self._executor: ThreadPoolExecutor | None = None
        self._planner: asyncio.Task[None] | None = None

    # -- lifecycle -------------------------------------------------------------------

    async def start(self, snapshot: RegistrySnapshot) -> None:
        """Plan, then start one worker per terminal, the expiry timer and event streams."""
        if self._executor is not None:
            raise RuntimeError("already started")
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="terminal-sync")
        now = self._clock()
        for code, terminal in self._terminals.items():
            record = await self._run(functools.partial(self.store.device, code))
            terminal.offline_since = record.offline_since
            last = record.last_full_sync
            terminal.needs_resync = last is None or now - last >= self.options.periodic_resync
        await self.registry_changed(snapshot)
        loop = asyncio.get_running_loop()
        for code, terminal in self._terminals.items():
            terminal.task = loop.create_task(self._worker(terminal), name=f"terminal sync {code}")
            if self._sink is not None and terminal.spec.events:
                terminal.receiver = self._receiver(terminal.spec)
                if terminal.receiver is not None:
                    terminal.receiver.start()
        self._planner = loop.create_task(self._expiry_timer(), name="terminal sync expiry")

    async def stop(self) -> None:
        """Stop everything; items cut off mid-send go back to pending."""
        tasks = [t.task for t in self._terminals.values() if t.task is not None]
        if self._planner is not None:
            tasks.append(self._planner)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for terminal in self._terminals.values():
            terminal.task = None
            if terminal.receiver is not None:
                await terminal.receiver.stop()
                terminal.receiver = None
            if self._executor is not None:
                await self._run(functools.partial(self.store.release, terminal.spec.device_code))
        self._planner = None
        if self._executor is not None:
            executor, self._executor = self._executor, None
            # Joining the worker thread may wait for a plan in flight: not on the event loop.
            await asyncio.get_running_loop().run_in_executor(
                None, functools.partial(executor.shutdown, wait=True)
            )

    # -- API for the HA feature --------------------------------------------------------

    async def registry_changed(self, snapshot: RegistrySnapshot) -> None:
        """Plan again for the new registry and queue the differences (returns once queued)."""
        self._snapshot = snapshot
        await self._replan()

    async def tick(self) -> None:
        """Plan again if a window closed by now (the expiry timer calls this)."""
        if self._next_change is not None and self._now() >= self._next_change:
            await self._replan()
        for terminal in self._terminals.values():
            terminal.wake.set()

    async def resync(self, device_code: str | None = None) -> None:
        """Read the terminal(s) back and compare with the plan; refused items are tried again."""
        for code in self._codes(device_code):
            terminal = self._terminals[code]
            await self._run(functools.partial(self.store.forget_failures, code))
            terminal.needs_resync = True
            terminal.auth_error = None
            terminal.next_probe = 0.0
            terminal.wake.set()

    def status(self, device_code: str) -> TerminalStatus | None:
        """The latest status of a terminal (computed by the engine; no I/O here)."""
        return self._status.get(device_code)

    def statuses(self) -> dict[str, TerminalStatus]:
        return dict(self._status)

    def refusals(self) -> list[RefusalSignal]:
        """Terminals that keep refusing (repair issue), with their reasons."""
        out = []
        for code, status in self._status.items():
            terminal = self._terminals[code]
            if status.keeps_refusing:
                reasons = tuple(dict.fromkeys(item.reason for item in status.failures))[:5]
                if terminal.auth_error:
                    reasons = (terminal.auth_error, *reasons)
                out.append(
                    RefusalSignal(
                        device_code=code,
                        failed=status.failed,
                        capacity=any(item.capacity for item in status.failures),
                        authentication=terminal.auth_error is not None,
                        reasons=reasons,
                    )
                )
        return out

    def face_problems(self) -> Mapping[str, str]:
        """People with photos of whom none passes the quality rules, and why."""
        return dict(self._face_problems)

    def add_listener(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """``listener(device_code)`` after a terminal's status changed; returns the remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def person_for_user(self, user_id: str) -> str | None:
        """The registry person behind a terminal user id."""
        return self.store.person_of(user_id)

    def name_event(self, event: DeviceEvent) -> DeviceEvent:
        """The event with the registry's person id (the terminal's id kept as an attribute)."""
        return named_event(event, self.store.person_of)

    def mqtt_result(self, device_code: str, fields: Mapping[str, Any]) -> bool:
        """Hand over a ``command_result`` event (its attributes) of an MQTT terminal."""
        terminal = self._terminals.get(device_code)
        if terminal is None or not isinstance(terminal.client, MqttTerminal):
            return False
        return terminal.client.feed_result(fields)

    async def open_door(self, device_code: str, door: int = 1) -> None:
        """Remote door opening (raises the client's errors)."""
        await self._terminals[device_code].client.open_door(door)

    # -- planning --------------------------------------------------------------------

    async def _replan(self) -> None:
        snapshot = self._snapshot
        if snapshot is None:
            return
        async with self._plan_lock:
            now = self._now()
            plan = await self._run(functools.partial(self._compute_plan, snapshot, now))
            self._next_change = plan.next_change
            self._desired = plan.libraries
            for code in self._terminals:
                await self._run(functools.partial(self._enqueue, code))
                await self._refresh_status(code, force=True)
                self._terminals[code].wake.set()
        self._timer.set()

    def _compute_plan(self, snapshot: RegistrySnapshot, now: datetime) -> Plan:
        ids = self.store.user_ids(snapshot.people)
        faces, problems = choose_faces(
            persons_with_photos(snapshot.people),
            self._photos,
            self._assessor,
            (self.store.photo_verdict, self.store.save_photo_verdict),
        )
        self._face_problems = problems
        return plan_libraries(
            snapshot,
            [terminal.spec.place for terminal in self._terminals.values()],
            now=now,
            policy=self.policy,
            user_id_of=ids.__getitem__,
            faces=faces,
        )

    def _enqueue(self, code: str) -> None:
        known = self.store.known(code)
        for op in self.store.in_flight(code):
            apply_operation(known, op)
        ops = diff_library(self._desired.get(code, {}), known)
        self.store.replace_pending(code, ops, self._clock())

    async def _expiry_timer(self) -> None:
        while True:
            self._timer.clear()
            await self.tick()
            wait = self.options.idle_wait
            if self._next_change is not None:
                wait = min(wait, max(0.0, (self._next_change - self._now()).total_seconds()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._timer.wait(), timeout=max(wait, 0.05))

    # -- the worker ------------------------------------------------------------------

    async def _worker(self, terminal: _Terminal) -> None:
        failures = 0
        while True:
            terminal.wake.clear()
            try:
                wait = await self._work_once(terminal)
                failures = 0
            except Exception as err:  # the worker must outlive any surprise (disk, bug)
                _LOGGER.exception("terminal %s: sync error", terminal.spec.device_code)
                failures += 1
                await self._note(terminal, f"{type(err).__name__}: {err}")
                wait = self.options.backoff.delay(failures)
            if wait <= 0:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    terminal.wake.wait(), timeout=min(wait, self.options.idle_wait)
                )

    async def _work_once(self, terminal: _Terminal) -> float:
        code = terminal.spec.device_code
        now = self._clock()
        if terminal.offline_since is not None or terminal.auth_error is not None:
            if now < terminal.next_probe:
                return terminal.next_probe - now
            if not await self._probe(terminal):
                return max(0.0, terminal.next_probe - self._clock())
        if terminal.needs_resync and not await self._full_resync(terminal):
            return self.options.backoff.delay(terminal.resync_failures)
        items = await self._run(
            functools.partial(self.store.claim, code, self._clock(), self.options.concurrency)
        )
        if not items:
            await self._refresh_status(code)
            due = await self._run(functools.partial(self.store.next_due, code))
            return self.options.idle_wait if due is None else max(0.0, due - self._clock())
        outcomes = await asyncio.gather(*(self._send(terminal, item) for item in items))
        await self._run(
            functools.partial(
                self.store.settle,
                code,
                outcomes,
                now=self._clock(),
                delay=self.options.backoff.delay,
            )
        )
        if any(o.done for o in outcomes) and terminal.offline_since is None:
            terminal.probe_failures = 0
        await self._refresh_status(code)
        return 0.0

    async def _send(self, terminal: _Terminal, item: QueueItem) -> Outcome:
        op = item.op
        face: bytes | None = None
        if op.user.face is not None and op.kind.value == "set_face":
            try:
                face = await self._run(functools.partial(self._face_bytes, op.user.face.ref))
            except PhotoMissing as err:
                return Outcome(seq=item.seq, refused=f"photo: {err}")
        try:
            await terminal.client.apply(op, face)
        except DeviceRefused as err:
            return Outcome(seq=item.seq, refused=err.reason, capacity=err.capacity)
        except AuthenticationFailed as err:
            await self._lost(terminal, str(err), authentication=True)
            return Outcome(seq=item.seq, retry=err.reason, count_attempt=False)
        except Unreachable as err:
            await self._lost(terminal, str(err))
            return Outcome(seq=item.seq, retry=err.reason, count_attempt=False)
        except DeviceUnavailable as err:
            return Outcome(seq=item.seq, retry=err.reason)
        return Outcome(seq=item.seq, done=True)

    def _face_bytes(self, ref: str) -> bytes:
        return terminal_jpeg(self._photos.read(ref))

    async def _lost(self, terminal: _Terminal, error: str, *, authentication: bool = False) -> None:
        now = self._clock()
        if authentication:
            terminal.auth_error = error
        elif terminal.offline_since is None:
            terminal.offline_since = now
            await self._run(
                functools.partial(
                    self.store.update_device, terminal.spec.device_code, offline_since=now
                )
            )
        terminal.probe_failures += 1
        terminal.next_probe = now + self.options.probe_backoff.delay(terminal.probe_failures)
        await self._note(terminal, error)

    async def _probe(self, terminal: _Terminal) -> bool:
        try:
            await terminal.client.probe()
        except AuthenticationFailed as err:
            await self._lost(terminal, str(err), authentication=True)
            return False
        except DeviceUnavailable as err:
            await self._lost(terminal, str(err))
            return False
        except DeviceRefused:
            pass  # it answered: it is there
        now = self._clock()
        code = terminal.spec.device_code
        if terminal.offline_since is not None:
            if now - terminal.offline_since >= self.options.resync_after_offline:
                terminal.needs_resync = True
            _LOGGER.info("terminal %s is back after %.0f s", code, now - terminal.offline_since)
        terminal.offline_since = None
        terminal.auth_error = None
        terminal.probe_failures = 0
        await self._run(functools.partial(self.store.release_all_waits, code, now))
        await self._run(
            functools.partial(self.store.update_device, code, offline_since=None, last_error=None)
        )
        await self._refresh_status(code, force=True)
        return True

    async def _full_resync(self, terminal: _Terminal) -> bool:
        code = terminal.spec.device_code
        try:
            listing = await terminal.client.list_users()
        except AuthenticationFailed as err:
            await self._lost(terminal, str(err), authentication=True)
            return False
        except Unreachable as err:
            await self._lost(terminal, str(err))
            return False
        except (DeviceUnavailable, DeviceRefused) as err:
            terminal.resync_failures += 1
            await self._note(terminal, f"resync: {err}")
            return False
        async with self._plan_lock:
            known = await self._run(functools.partial(self.store.known, code))
            library = self._from_listing(listing, known)
            await self._run(functools.partial(self.store.set_known, code, library))
            await self._run(functools.partial(self._enqueue, code))
        await self._run(
            functools.partial(self.store.update_device, code, last_full_sync=self._clock())
        )
        terminal.needs_resync = False
        terminal.resync_failures = 0
        await self._refresh_status(code, force=True)
        return True

    def _from_listing(self, listing: list[DeviceUser], known: Library) -> Library:
        library: Library = {}
        for entry in listing:
            mine = known.get(entry.user_id)
            face = None
            if entry.has_face:
                face = mine.face if mine is not None and mine.face is not None else DEVICE_FACE
            library[entry.user_id] = TerminalUser(
                user_id=entry.user_id,
                person_id=self.store.person_of(entry.user_id) or (mine.person_id if mine else ""),
                name=entry.name,
                kind=entry.kind,
                window=entry.window
                if entry.window is not None
                else (mine.window if mine else ALWAYS_VALID),
                cards=entry.cards,
                face=face,
            )
        return library

    # -- status ----------------------------------------------------------------------

    async def _note(self, terminal: _Terminal, error: str) -> None:
        await self._run(
            functools.partial(self.store.update_device, terminal.spec.device_code, last_error=error)
        )
        await self._refresh_status(terminal.spec.device_code, force=True)

    async def _refresh_status(self, code: str, *, force: bool = False) -> None:
        terminal = self._terminals[code]
        now = self._clock()
        if not force and now - terminal.status_at < self.options.status_interval:
            return
        terminal.status_at = now
        status = await self._run(functools.partial(self._compute_status, terminal))
        if status != self._status.get(code):
            self._status[code] = status
            for listener in list(self._listeners):
                listener(code)

    def _compute_status(self, terminal: _Terminal) -> TerminalStatus:
        code = terminal.spec.device_code
        counts = self.store.counts(code)
        record = self.store.device(code)
        known = self.store.known(code)
        failures = tuple(self.store.failures(code)) if counts.failed else ()
        if terminal.offline_since is not None:
            state = SyncState.OFFLINE
        elif counts.failed:
            state = SyncState.FAILED
        elif counts.pending or counts.sending or terminal.needs_resync:
            state = SyncState.PENDING
        else:
            state = SyncState.IN_SYNC
        zone = self.policy.timezone

        def moment(value: float | None) -> datetime | None:
            return None if value is None else datetime.fromtimestamp(value, zone)

        return TerminalStatus(
            device_code=code,
            vendor=terminal.spec.vendor,
            state=state,
            pending=counts.pending + counts.sending,
            failed=counts.failed,
            done=counts.done,
            users=len(known),
            faces=sum(1 for user in known.values() if user.face is not None),
            cards=sum(len(user.cards) for user in known.values()),
            last_error=terminal.auth_error or record.last_error or counts.last_item_error,
            last_ok=moment(record.last_ok),
            offline_since=moment(terminal.offline_since),
            last_full_sync=moment(record.last_full_sync),
            keeps_refusing=terminal.auth_error is not None
            or counts.capacity_failures > 0
            or counts.failed >= self.options.refusal_threshold,
            failures=failures,
        )

    # -- helpers ---------------------------------------------------------------------

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), self.policy.timezone)

    def _codes(self, device_code: str | None) -> list[str]:
        if device_code is None:
            return list(self._terminals)
        if device_code not in self._terminals:
            raise KeyError(f"no access terminal {device_code}")
        return [device_code]

    async def _run(self, fn: Callable[[], _T]) -> _T:
        if self._executor is None:
            return fn()
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    def _http(self, spec: TerminalSpec) -> DigestHttp:
        if self._session is None:
            raise ValueError(f"{spec.device_code}: an aiohttp session is needed for {spec.vendor}")
        return DigestHttp(
            self._session,
            spec.base_url,
            spec.username,
            spec.password,
            timeout=self.options.request_timeout,
        )

    def _default_client(self, spec: TerminalSpec) -> TerminalClient:
        zone = self.policy.timezone
        if spec.vendor is Vendor.HIKVISION:
            return IsapiTerminal(self._http(spec), zone=zone, doors=spec.doors)
        if spec.vendor is Vendor.DAHUA:
            return DahuaTerminal(self._http(spec), zone=zone, doors=spec.doors)
        if self._publish is None:
            raise ValueError(f"{spec.device_code}: an MQTT publish function is needed")
        return MqttTerminal(
            self._publish,
            spec.mqtt_prefix,
            spec.device_code,
            timeout=self.options.mqtt_timeout,
            zone=zone,
        )

    def _receiver(self, spec: TerminalSpec) -> EventStreamReceiver | None:
        if spec.vendor is Vendor.MQTT or self._session is None:
            return None
        make = isapi_receiver if spec.vendor is Vendor.HIKVISION else dahua_receiver
        return make(self._http(spec), self._deliver, device_code=spec.device_code)

    async def _deliver(self, event: DeviceEvent) -> None:
        if self._sink is not None:
            result = self._sink(self.name_event(event))
            if result is not None:
                await result
