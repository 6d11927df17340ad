"""The session, the live feed (a subscription), opening gates and acknowledging alarms.

The live subscription sends a snapshot first (the latest records, the gates, the open alarms
and the counters), then every record as soon as the store has written it (so its id exists and
a click opens it), every change of a gate, every alarm raised or acknowledged, and the
counters at most once a second. It follows the community across reloads (a register import,
new options): when the entry loads again it attaches to the new runtime and sends a new
snapshot.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import voluptuous as vol
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, signal_device_update, signal_parking_update, signal_people_update
from ..core.events import DeviceEvent
from ..core.records import Record, RecordKind, RecordQuery
from ..features.staff_alerts import async_open_gate
from ..permissions import ROLE_PERMISSIONS as ROLE_TABLE
from ..permissions import Permission, community_managers, highest_role, user_role
from ..runtime import CommunityRuntime, loaded_runtimes
from .command import Command, Request, invalid
from .rows import ALARM_KINDS, GATE_KINDS, Shaper, newest_first

OPEN_ALARM_DAYS = 7  # alarms older than this are history, not the duty desk's list
OPEN_ALARM_LIMIT = 50
COUNTS_EVERY = 1.0  # seconds between two counter messages at most


async def session(request: Request) -> dict[str, Any]:
    """Who the user is in the console, and the communities."""
    hass, user = request.hass, request.user
    runtimes = loaded_runtimes(hass)
    roles = [user_role(user, community_managers(hass, r.entry_id)) for r in runtimes]
    role = highest_role(roles) or user_role(user)
    assert role is not None  # the command checked it
    permissions = ROLE_TABLE[role]
    return {
        "user": {"id": user.id, "name": user.name or "", "is_admin": user.is_admin},
        "role": role.value,
        "permissions": [p.value for p in Permission if p in permissions],
        "communities": [
            {
                "entry_id": r.entry_id,
                "name": r.hub.community_name,
                "code": r.hub.community_code,
                "tier": r.hub.tier,
                "gates": Shaper(r, request.sign).gate_names(),
            }
            for r in runtimes
        ],
    }


async def open_alarms(runtime: CommunityRuntime, limit: int = OPEN_ALARM_LIMIT) -> list[Record]:
    """Alarms and alerts of the last days nobody has acknowledged, newest first."""
    since = dt_util.now() - timedelta(days=OPEN_ALARM_DAYS)
    found: list[Record] = []
    for kind in ALARM_KINDS:
        page = await runtime.records.async_search(RecordQuery(kind=kind, start=since, limit=limit))
        found += [record for record in page.records if runtime.alarms.of(record.id) is None]
    return newest_first(found)[:limit]


class LiveFeed:
    """One live subscription of one connection."""

    def __init__(self, request: Request, limit: int) -> None:
        """Attached by :meth:`async_start`."""
        self.hass: HomeAssistant = request.hass
        self.request = request
        self.entry_id: str = request.msg["entry_id"]
        self.msg_id: int = request.msg["id"]
        self.limit = limit
        self.open_alarm_ids: set[int] = set()
        self._detach: list[CALLBACK_TYPE] = []
        self._counts_timer: CALLBACK_TYPE | None = None
        self._counts_due = False
        self._gates: dict[str, dict[str, Any]] = {}
        self._buffer: list[Record] | None = None
        self._remove_state_listener: CALLBACK_TYPE | None = None
        self._task: asyncio.Task[None] | None = None

    def send(self, payload: dict[str, Any]) -> None:
        """One message of the subscription."""
        self.request.connection.send_message(event_message(self.msg_id, payload))

    async def async_start(self, runtime: CommunityRuntime) -> None:
        """Attach to the runtime, send the snapshot, then what happened meanwhile."""
        self._attach(runtime)
        shaper = self.shaper(runtime)
        self._buffer = []
        page = await runtime.records.async_search(RecordQuery(limit=self.limit))
        alarms = await open_alarms(runtime)
        self.open_alarm_ids = {record.id for record in alarms}
        gates = shaper.gates()
        self._gates = {gate["device"]: gate for gate in gates}
        self.send(
            {
                "type": "snapshot",
                "events": [shaper.record(record) for record in page.records],
                "gates": gates,
                "alarms": [shaper.record(record) for record in alarms],
                "counts": shaper.counts(len(self.open_alarm_ids)),
            }
        )
        newest = page.records[0].id if page.records else 0
        buffered, self._buffer = self._buffer, None
        self._stored([record for record in buffered if record.id > newest])

    def shaper(self, runtime: CommunityRuntime) -> Shaper:
        """Rows for this connection (URLs signed with its refresh token)."""
        return Shaper(runtime, self.request.sign)

    # --- listeners --------------------------------------------------------------------------

    def _attach(self, runtime: CommunityRuntime) -> None:
        self._runtime = runtime
        self._detach.append(runtime.records.async_add_stored_listener(self._stored))
        self._detach.append(runtime.alarms.async_add_listener(self._acknowledged))
        for device in runtime.site:
            if device.kind in GATE_KINDS:
                self._detach.append(
                    async_dispatcher_connect(
                        self.hass,
                        signal_device_update(self.entry_id, device.code),
                        self._gate_changed(device.code),
                    )
                )
        for signal in (signal_people_update, signal_parking_update):
            self._detach.append(
                async_dispatcher_connect(self.hass, signal(self.entry_id), self._schedule_counts)
            )

    def _detach_all(self) -> None:
        while self._detach:
            self._detach.pop()()

    @callback
    def _stored(self, records: list[Record]) -> None:
        if self._buffer is not None:
            self._buffer += records
            return
        if not records:
            return
        shaper = self.shaper(self._runtime)
        for record in records:
            row = shaper.record(record)
            self.send({"type": "event", "event": row})
            if record.kind in ALARM_KINDS:
                self.open_alarm_ids.add(record.id)
                self.send({"type": "alarm", "alarm": row})
        self._schedule_counts()

    @callback
    def _acknowledged(self, record_id: int, entry: dict[str, str]) -> None:
        self.open_alarm_ids.discard(record_id)
        self._schedule_counts()
        self.hass.async_create_task(self._send_acknowledged(record_id), eager_start=True)

    async def _send_acknowledged(self, record_id: int) -> None:
        record = await self._runtime.records.async_get(record_id)
        if record is not None:
            self.send({"type": "alarm", "alarm": self.shaper(self._runtime).record(record)})

    def _gate_changed(self, code: str) -> Callable[[DeviceEvent | None], None]:
        @callback
        def changed(event: DeviceEvent | None = None) -> None:
            device = self._runtime.site.get(code)
            if device is None:
                return
            gate = self.shaper(self._runtime).gate(device)
            if self._gates.get(code) != gate:
                self._gates[code] = gate
                self.send({"type": "gate", "gate": gate})

        return changed

    @callback
    def _schedule_counts(self, *_: Any) -> None:
        if self._counts_timer is not None:
            self._counts_due = True
            return
        self._send_counts()
        self._counts_timer = async_call_later(self.hass, COUNTS_EVERY, self._counts_tick)

    @callback
    def _counts_tick(self, _now: Any) -> None:
        self._counts_timer = None
        if self._counts_due:
            self._counts_due = False
            self._schedule_counts()

    def _send_counts(self) -> None:
        counts = self.shaper(self._runtime).counts(len(self.open_alarm_ids))
        self.send({"type": "counts", "counts": counts})

    # --- the community reloads --------------------------------------------------------------

    @callback
    def _entry_state_changed(self) -> None:
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        if entry is None:
            return
        if entry.state is ConfigEntryState.LOADED and isinstance(
            getattr(entry, "runtime_data", None), CommunityRuntime
        ):
            if entry.runtime_data is not self._runtime:
                self._detach_all()
                self._task = self.hass.async_create_task(
                    self.async_start(entry.runtime_data), "smart_community live feed"
                )
        else:
            self._detach_all()

    def follow_reloads(self) -> None:
        """Re-attach when the community loads again."""
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        if entry is not None:
            self._remove_state_listener = entry.async_on_state_change(self._entry_state_changed)

    @callback
    def close(self) -> None:
        """The panel unsubscribed or the connection closed."""
        self._detach_all()
        if self._remove_state_listener is not None:
            self._remove_state_listener()
            self._remove_state_listener = None
        if self._counts_timer is not None:
            self._counts_timer()
            self._counts_timer = None
        if self._task is not None and not self._task.done():
            self._task.cancel()


async def live_subscribe(request: Request) -> None:
    """The live feed: result, snapshot, then events until unsubscribed."""
    feed = LiveFeed(request, request.msg["limit"])
    request.connection.subscriptions[request.msg["id"]] = feed.close
    request.connection.send_result(request.msg["id"])
    feed.follow_reloads()
    await feed.async_start(request.runtime)


async def open_gate(request: Request) -> dict[str, Any]:
    """Open a turnstile, barrier or door through its entity (the logbook names the user)."""
    runtime = request.runtime
    code = request.msg["device"]
    device = runtime.site.get(code)
    if device is None:
        raise invalid("unknown_device", device=code, field="device")
    if device.kind not in GATE_KINDS:
        raise invalid("gate_not_openable", device=device.name, field="device")
    await async_open_gate(request.hass, runtime.hub, device, request.context)
    return {"device": device.code, "opened_by": request.user.name or ""}


async def acknowledge(request: Request) -> dict[str, Any]:
    """An alarm or alert is seen to; fires ``smart_community_acknowledged``."""
    runtime = request.runtime
    record_id = request.msg["record_id"]
    record = await runtime.records.async_get(record_id)
    if record is None or record.kind not in (RecordKind.ALARM, RecordKind.ALERT):
        raise invalid("unknown_record", record_id=str(record_id), field="record_id")
    runtime.alarms.async_acknowledge(
        record, user_id=request.user.id, user_name=request.user.name or "", context=request.context
    )
    row = Shaper(runtime, request.sign).record(record)
    return {"record": row}


COMMANDS = (
    Command(f"{DOMAIN}/session", None, {}, session, entry=False),
    Command(
        f"{DOMAIN}/live/subscribe",
        Permission.LIVE,
        {vol.Optional("limit", default=50): vol.All(vol.Coerce(int), vol.Range(min=1, max=200))},
        live_subscribe,
        subscription=True,
    ),
    Command(
        f"{DOMAIN}/gates/open",
        Permission.GATES_OPEN,
        {vol.Required("device"): vol.All(cv.string, vol.Length(max=64))},
        open_gate,
    ),
    Command(
        f"{DOMAIN}/alarms/acknowledge",
        Permission.ALARMS_ACKNOWLEDGE,
        {vol.Required("record_id"): vol.All(int, vol.Range(min=1))},
        acknowledge,
    ),
)
