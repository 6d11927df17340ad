"""The community's car park in HA: sessions from the lanes' decisions, fees, manual passes.

The lot (core/parking: spaces, sessions, tariff in Decimal CNY) follows every allowed plate
read at a barrier's lane; a guard lets a car in or out by hand through an action. State
(sessions, fees left owing) survives restarts in HA's storage.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
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
from ..core.parking.tariff import CENT
from ..core.site import Direction, Site
from .daily import DailyCounts
from .people import invalid, registry_error
from .persisted import PersistedFeature, community_store

_LOGGER = logging.getLogger(__name__)
MANUAL_BARRIER = "manual"  # a guard let the car by where the register has no barrier


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

    @classmethod
    async def async_load(
        cls,
        hass: HomeAssistant,
        entry_id: str,
        community_code: str,
        site: Site,
        options: Mapping[str, Any],
    ) -> ParkingFeature:
        """The lot with the options' spaces and tariff and its saved sessions."""
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

    def _closed(self, session: ParkingSession) -> dict[str, Any]:
        assert session.left_at is not None
        self.counts.roll(session.left_at, self.timezone)
        self.counts.exits += 1
        self.unpaid += session.unpaid
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
        barrier = self.site.barrier_at(gate, direction)
        return barrier.code if barrier is not None else MANUAL_BARRIER

    def open_session(
        self, plate: str, at: datetime, gate: str | None, *, free: bool
    ) -> ParkingSession:
        """A car let in by hand; refused when it is already inside."""
        if self.lot.session(plate) is not None:
            raise invalid("already_inside", plate=plate)
        entry = self.lot.enter(plate, at, self._manual_barrier(gate, Direction.IN), free=free)
        self.counts.roll(at, self.timezone)
        self.counts.entries += 1
        self.changed()
        return entry.session

    def close_session(
        self, plate: str, at: datetime, gate: str | None, *, paid: bool
    ) -> dict[str, Any]:
        """A car let out by hand, its fee paid to the guard or left owing."""
        if self.lot.session(plate) is None:
            raise registry_error(ParkingError("not_inside", plate=plate))
        if paid:
            self.lot.pay(plate, at)
        result = self.lot.leave(plate, at, self._manual_barrier(gate, Direction.OUT))
        assert result.session is not None
        out = self._closed(result.session)
        self.changed()
        return out
