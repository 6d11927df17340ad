"""JSON form of the car park's state (open sessions, barrier counts) to survive restarts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from .errors import ParkingError
from .lot import ParkingLot, ParkingSession
from .tariff import Tariff


def session_to_json(session: ParkingSession) -> dict[str, Any]:
    """An open session; money as strings so no float ever touches it."""
    return {
        "plate": session.plate,
        "entered_at": session.entered_at.isoformat(),
        "entry_barrier": session.entry_barrier,
        "free": session.free,
        "paid": str(session.paid),
        "paid_at": session.paid_at.isoformat() if session.paid_at else None,
    }


def session_from_json(data: dict[str, Any]) -> ParkingSession:
    """Inverse of ``session_to_json``."""
    return ParkingSession(
        plate=data["plate"],
        entered_at=datetime.fromisoformat(data["entered_at"]),
        entry_barrier=data["entry_barrier"],
        free=bool(data["free"]),
        paid=Decimal(data["paid"]),
        paid_at=datetime.fromisoformat(data["paid_at"]) if data.get("paid_at") else None,
    )


def lot_to_json(lot: ParkingLot) -> dict[str, Any]:
    """Everything a restart must not lose."""
    return {
        "sessions": [session_to_json(s) for s in lot.open_sessions()],
        "entries": dict(lot.counts.entries),
        "exits": dict(lot.counts.exits),
    }


def lot_from_json(data: Any, *, spaces: int, tariff: Tariff) -> ParkingLot:
    """A lot with the saved state; the capacity and tariff come from the current config."""
    lot = ParkingLot(spaces=spaces, tariff=tariff)
    try:
        for raw in data["sessions"]:
            session = session_from_json(raw)
            if session.entered_at.tzinfo is None:
                raise ParkingError("naive_time")
            lot.restore(session)
        lot.counts.entries.update({str(k): int(v) for k, v in data["entries"].items()})
        lot.counts.exits.update({str(k): int(v) for k, v in data["exits"].items()})
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as err:
        raise ParkingError("corrupt_state", reason=type(err).__name__) from err
    return lot
