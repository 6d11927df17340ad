"""Parking: cars inside with the fee due, past stays, letting a car in, settling, collecting."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import voluptuous as vol
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.people import RegistryError, validate_plate
from ..core.people.plate import compact_plate
from ..features.people import as_local, registry_error
from ..permissions import Permission
from .command import PAGE, Command, Request, text
from .rows import Shaper, iso, money


async def status(request: Request) -> dict[str, Any]:
    """Spaces, fees owed, the tariff and every car inside."""
    runtime = request.runtime
    parking = runtime.parking
    lot = parking.lot
    tariff = lot.tariff
    night = tariff.night
    now = dt_util.now()
    shaper = Shaper(runtime, request.sign)
    return {
        "spaces": lot.spaces,
        "free_spaces": lot.free_spaces,
        "unpaid_total": money(parking.unpaid),
        "tariff": {
            "hourly_rate": money(tariff.hourly_rate),
            "free_minutes": tariff.free_minutes,
            "daily_cap": money(tariff.daily_cap) if tariff.daily_cap else None,
            "night_rate": money(night.hourly_rate) if night else None,
            "night_start": night.window.start.strftime("%H:%M") if night else None,
            "night_end": night.window.end.strftime("%H:%M") if night else None,
        },
        "inside": [shaper.car_inside(session, now) for session in lot.open_sessions()],
    }


async def sessions(request: Request) -> dict[str, Any]:
    """Past stays, newest first."""
    runtime = request.runtime
    msg = request.msg
    page = await runtime.parking.async_sessions(
        plate=compact_plate(msg["plate"]) if msg.get("plate") else None,
        unpaid_only=msg["unpaid_only"],
        start=as_local(msg["start"]) if msg.get("start") else None,
        end=as_local(msg["end"]) if msg.get("end") else None,
        limit=msg["limit"],
        cursor=msg.get("cursor"),
    )
    shaper = Shaper(runtime, request.sign)
    return {
        "sessions": [shaper.closed_session(s) for s in page.sessions],
        "next_cursor": page.next_cursor,
    }


def _plate(raw: str) -> str:
    try:
        return validate_plate(raw)
    except RegistryError as err:
        raise registry_error(err) from err


async def enter(request: Request) -> dict[str, Any]:
    """A car let in by hand (``open_parking_session``)."""
    runtime = request.runtime
    msg = request.msg
    parking = runtime.parking
    now = dt_util.now()
    session = parking.open_session(
        _plate(msg["plate"]), now, msg.get("gate") or None, free=msg["free"]
    )
    return {
        "car": Shaper(runtime, request.sign).car_inside(session, now),
        "free_spaces": parking.lot.free_spaces,
    }


async def settle(request: Request) -> dict[str, Any]:
    """A car let out by hand, paid or owing (``close_parking_session``); who settled is kept."""
    runtime = request.runtime
    msg = request.msg
    parking = runtime.parking
    plate = compact_plate(msg["plate"])
    closed = parking.close_session(
        plate,
        dt_util.now(),
        msg.get("gate") or None,
        paid=msg["paid"],
        settled_by=request.user.name or request.user.id,
    )
    return {
        "plate": plate,
        "entered_at": iso(datetime.fromisoformat(closed["entered_at"])),
        "parked_minutes": closed["parked_minutes"],
        "fee": money(Decimal(closed["fee"])),
        "paid": money(Decimal(closed["paid"])),
        "unpaid": money(Decimal(closed["unpaid"])),
        "free_spaces": parking.lot.free_spaces,
    }


async def collect(request: Request) -> dict[str, Any]:
    """A fee left owing is paid now."""
    runtime = request.runtime
    session = await runtime.parking.async_collect(
        request.msg["session_id"], request.user.name or request.user.id
    )
    return {
        "session": Shaper(runtime, request.sign).closed_session(session),
        "unpaid_total": money(runtime.parking.unpaid),
    }


COMMANDS = (
    Command(f"{DOMAIN}/parking/status", Permission.PARKING, {}, status),
    Command(
        f"{DOMAIN}/parking/sessions",
        Permission.PARKING,
        {
            **PAGE,
            vol.Optional("plate"): text,
            vol.Optional("unpaid_only", default=False): cv.boolean,
            vol.Optional("start"): cv.datetime,
            vol.Optional("end"): cv.datetime,
        },
        sessions,
    ),
    Command(
        f"{DOMAIN}/parking/enter",
        Permission.PARKING_GATE,
        {
            vol.Required("plate"): text,
            vol.Optional("gate"): vol.Any(None, text),
            vol.Optional("free", default=False): cv.boolean,
        },
        enter,
        fields={"unknown_gate": "gate"},
    ),
    Command(
        f"{DOMAIN}/parking/settle",
        Permission.PARKING_GATE,
        {
            vol.Required("plate"): text,
            vol.Required("paid"): cv.boolean,
            vol.Optional("gate"): vol.Any(None, text),
        },
        settle,
        fields={"unknown_gate": "gate"},
    ),
    Command(
        f"{DOMAIN}/parking/collect",
        Permission.PARKING,
        {vol.Required("session_id"): text},
        collect,
    ),
)
