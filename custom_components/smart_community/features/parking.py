"""The community's car park in HA: sessions from the lanes' decisions, fees, manual passes.

The lot (core/parking: spaces, sessions, tariff in Decimal CNY) follows every allowed plate
read at a barrier's lane; a guard lets a car in or out by hand through an action. State
(sessions, fees left owing) survives restarts in HA's storage.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_DAILY_CAP,
    CONF_FREE_MINUTES,
    CONF_HOURLY_RATE,
    CONF_NIGHT_END,
    CONF_NIGHT_RATE,
    CONF_NIGHT_START,
    CONF_PARKING_SPACES,
    DEFAULT_DAILY_CAP,
    DEFAULT_FREE_MINUTES,
    DEFAULT_HOURLY_RATE,
    DEFAULT_NIGHT_END,
    DEFAULT_NIGHT_START,
    DEFAULT_PARKING_SPACES,
    signal_parking_update,
)
from ..core.access import TimeWindow
from ..core.parking import (
    NightRate,
    ParkingError,
    ParkingLot,
    ParkingSession,
    Tariff,
    lot_from_json,
    lot_to_json,
)
from ..core.parking.history import ClosedSession, SessionHistory, SessionPage
from ..core.parking.tariff import CENT
from ..core.people import RegistrySnapshot
from ..core.site import Direction, Site
from .daily import DailyCounts
from .people import invalid, registry_error
from .persisted import PersistedFeature, community_store

_LOGGER = logging.getLogger(__name__)
MANUAL_BARRIER = "manual"  # a guard let the car by where the register has no barrier
HISTORY_FILE = "parking.db"


def parking_kind(snapshot: RegistrySnapshot | None, session: ParkingSession) -> str:
    """Why the car was inside: monthly_pass / own_space / visitor / temporary."""
    vehicle = snapshot.vehicle(session.plate) if snapshot else None
    if vehicle is not None:
        day = session.entered_at.date()
        if vehicle.monthly_pass is not None and vehicle.monthly_pass.covers(day):
            return "monthly_pass"
        if vehicle.parking_space:
            return "own_space"
    if snapshot is not None and snapshot.visitor_for_plate(session.plate) is not None:
        return "visitor"
    return "temporary"


def tariff_from_options(options: Mapping[str, Any], timezone: Any) -> Tariff:
    """The temporary-parking tariff the options describe (defaults where absent)."""
    try:
        night_rate = options.get(CONF_NIGHT_RATE)
        night = (
            NightRate(
                window=TimeWindow(
                    time.fromisoformat(str(options.get(CONF_NIGHT_START, DEFAULT_NIGHT_START))),
                    time.fromisoformat(str(options.get(CONF_NIGHT_END, DEFAULT_NIGHT_END))),
                ),
                hourly_rate=Decimal(str(night_rate)),
            )
            if night_rate not in (None, "")
            else None
        )
        cap = options.get(CONF_DAILY_CAP, DEFAULT_DAILY_CAP)
        return Tariff(
            timezone=timezone,
            hourly_rate=Decimal(str(options.get(CONF_HOURLY_RATE, DEFAULT_HOURLY_RATE))),
            free_minutes=int(options.get(CONF_FREE_MINUTES, DEFAULT_FREE_MINUTES)),
            daily_cap=Decimal(str(cap)) if cap else None,
            night=night,
        )
    except (ValueError, InvalidOperation, ParkingError) as err:
        _LOGGER.warning("Parking tariff in the options is invalid (%s); using the defaults", err)
        return Tariff(timezone=timezone, hourly_rate=Decimal(str(DEFAULT_HOURLY_RATE)))


class ParkingFeature(PersistedFeature):
    """One community's lot, what is owed, and the signal its sensors follow."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        site: Site,
        lot: ParkingLot,
        store: Store[dict[str, Any]],
    ) -> None:
        """Built by :meth:`async_load`."""
        super().__init__(hass, store, signal_parking_update(entry_id))
        self.entry_id = entry_id
        self.site = site
        self.lot = lot
        self.unpaid = Decimal(0)
        self.timezone = dt_util.get_default_time_zone()
        self.counts = DailyCounts(dt_util.now(self.timezone).date())  # vehicles through barriers
        # Closed sessions (the console's past stays); the registry tells their kind.
        self.history: SessionHistory | None = None
        self.registry: Callable[[], RegistrySnapshot] | None = None
        self._history_writes: set[asyncio.Future[ClosedSession]] = set()

    @classmethod
    async def async_load(
        cls,
        hass: HomeAssistant,
        entry_id: str,
        community_code: str,
        site: Site,
        options: Mapping[str, Any],
        *,
        data_dir: Path | None = None,
    ) -> ParkingFeature:
        """The lot with the options' spaces and tariff and its saved sessions; the closed
        sessions are kept in ``data_dir`` when it is given."""
        tariff = tariff_from_options(options, dt_util.get_default_time_zone())
        spaces = int(options.get(CONF_PARKING_SPACES, DEFAULT_PARKING_SPACES))
        store = community_store(hass, community_code, "parking")
        saved = await store.async_load() or {}
        try:
            lot = (
                lot_from_json(saved["lot"], spaces=spaces, tariff=tariff)
                if "lot" in saved
                else ParkingLot(spaces=spaces, tariff=tariff)
            )
        except ParkingError as err:
            _LOGGER.warning("Parking state of %s unreadable (%s); starting empty", entry_id, err)
            lot = ParkingLot(spaces=spaces, tariff=tariff)
        feature = cls(hass, entry_id, site, lot, store)
        if data_dir is not None:
            feature.history = await hass.async_add_executor_job(
                SessionHistory, data_dir / HISTORY_FILE
            )
        feature.unpaid = Decimal(saved.get("unpaid", "0"))
        feature.counts = DailyCounts.from_json(saved.get("counts"), feature.counts.day)
        return feature

    def state_json(self) -> dict[str, Any]:
        """Sessions and the fees left owing."""
        return {
            "lot": lot_to_json(self.lot),
            "unpaid": str(self.unpaid),
            "counts": self.counts.to_json(),
        }

    # --- a car at a barrier -------------------------------------------------------------

    def arrive(self, plate: str, at: datetime, barrier: str, *, free: bool) -> dict[str, Any]:
        """An allowed car drove in; what the event reports about it."""
        entry = self.lot.enter(plate, at, barrier, free=free)
        self.counts.roll(at, self.timezone)
        if not entry.re_entry:
            self.counts.entries += 1
        self.changed()
        return {
            "re_entry": entry.re_entry,
            "parking_free": entry.session.free,
            "entered_at": entry.session.entered_at.isoformat(),
            "free_spaces": self.lot.free_spaces,
        }

    def depart(self, plate: str, at: datetime, barrier: str) -> dict[str, Any]:
        """An allowed car drove out; its fee, if it had a session."""
        result = self.lot.leave(plate, at, barrier)
        out = {} if result.session is None else self._closed(result.session)
        self.changed()
        return {**out, "free_spaces": self.lot.free_spaces}

    def _closed(self, session: ParkingSession, settled_by: str | None = None) -> dict[str, Any]:
        assert session.left_at is not None
        self.counts.roll(session.left_at, self.timezone)
        self.counts.exits += 1
        self.unpaid += session.unpaid
        self._keep(session, settled_by)
        return {
            "fee": str(session.fee),
            "paid": str(session.paid),
            "unpaid": str(session.unpaid.quantize(CENT)),
            "entered_at": session.entered_at.isoformat(),
            "parked_minutes": int((session.left_at - session.entered_at).total_seconds() // 60),
        }

    @callback
    def async_midnight(self, now: datetime) -> None:
        """Today's counts start again at local midnight."""
        self.counts.roll(now, self.timezone)
        async_dispatcher_send(self.hass, signal_parking_update(self.entry_id))

    # --- a guard's hand -----------------------------------------------------------------

    def _manual_barrier(self, gate: str | None, direction: Direction) -> str:
        if gate and gate not in self.site.gates:
            raise invalid("unknown_gate", gate=gate)
        barrier = self.site.barrier_at(gate, direction)
        return barrier.code if barrier is not None else MANUAL_BARRIER

    def open_session(
        self, plate: str, at: datetime, gate: str | None, *, free: bool
    ) -> ParkingSession:
        """A car let in by hand; refused when it is already inside."""
        if self.lot.session(plate) is not None:
            raise invalid("already_inside", plate=plate)
        barrier = self._manual_barrier(gate, Direction.IN)
        entry = self.lot.enter(plate, at, barrier, free=free)
        self.counts.roll(at, self.timezone)
        self.counts.entries += 1
        self.changed()
        return entry.session

    def close_session(
        self,
        plate: str,
        at: datetime,
        gate: str | None,
        *,
        paid: bool,
        settled_by: str | None = None,
    ) -> dict[str, Any]:
        """A car let out by hand, its fee paid to the guard or left owing (``settled_by``:
        the user's name, kept with the closed session)."""
        if self.lot.session(plate) is None:
            raise registry_error(ParkingError("not_inside", plate=plate))
        barrier = self._manual_barrier(gate, Direction.OUT)  # an unknown gate changes nothing
        if paid:
            self.lot.pay(plate, at)
        result = self.lot.leave(plate, at, barrier)
        assert result.session is not None
        out = self._closed(result.session, settled_by)
        self.changed()
        return out

    # --- closed sessions ------------------------------------------------------------------

    def _keep(self, session: ParkingSession, settled_by: str | None) -> None:
        """Write a closed session to the history (executor; awaited before any read)."""
        history = self.history
        if history is None:
            return
        kind = parking_kind(self.registry() if self.registry else None, session)
        future = self.hass.async_add_executor_job(
            lambda: history.add(session, kind=kind, settled_by=settled_by)
        )
        self._history_writes.add(future)
        future.add_done_callback(self._history_writes.discard)

    async def async_flush_history(self) -> None:
        """Wait for the closed sessions being written."""
        if self._history_writes:
            await asyncio.gather(*self._history_writes, return_exceptions=True)

    async def async_sessions(self, **query: Any) -> SessionPage:
        """Past stays, newest first (``SessionHistory.search``'s filters and paging)."""
        history = self._require_history()
        await self.async_flush_history()
        try:
            return await self.hass.async_add_executor_job(lambda: history.search(**query))
        except ParkingError as err:
            raise registry_error(err) from err

    async def async_collect(self, session_id: str, collected_by: str) -> ClosedSession:
        """A fee left owing is paid now."""
        history = self._require_history()
        await self.async_flush_history()
        try:
            session, owed = await self.hass.async_add_executor_job(
                history.collect, session_id, collected_by
            )
        except ParkingError as err:
            raise registry_error(err) from err
        self.unpaid = max(Decimal(0), self.unpaid - owed)
        self.changed()
        return session

    def _require_history(self) -> SessionHistory:
        if self.history is None:
            raise invalid("unknown_session", session_id="")
        return self.history

    def close_history(self) -> None:
        """Release the history file (the entry unloads)."""
        if self.history is not None:
            self.history.close()
