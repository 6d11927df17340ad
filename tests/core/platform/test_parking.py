"""Tariff and fee at exit (Decimal CNY), occupancy, sessions, payment and re-entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

import pytest

from custom_components.smart_community.core.access import TimeWindow
from custom_components.smart_community.core.parking import (
    NightRate,
    ParkingError,
    ParkingLot,
    Tariff,
    lot_from_json,
    lot_to_json,
    parking_fee,
)

from .helpers import SHANGHAI, local

DAY_ONLY = Tariff(timezone=SHANGHAI, hourly_rate=Decimal("3"), free_minutes=30)
CAPPED = Tariff(timezone=SHANGHAI, hourly_rate=Decimal("3"), daily_cap=Decimal("20"))
NIGHTLY = Tariff(
    timezone=SHANGHAI,
    hourly_rate=Decimal("3"),
    daily_cap=Decimal("25"),
    night=NightRate(window=TimeWindow(clock(22), clock(7)), hourly_rate=Decimal("1")),
)


@pytest.mark.parametrize(
    ("tariff", "entry", "stay", "fee"),
    [
        (DAY_ONLY, local(2026, 3, 10, 9), timedelta(0), "0.00"),
        (DAY_ONLY, local(2026, 3, 10, 9), timedelta(minutes=30), "0.00"),  # free minutes
        (DAY_ONLY, local(2026, 3, 10, 9), timedelta(minutes=30, seconds=1), "3.00"),  # billed
        (DAY_ONLY, local(2026, 3, 10, 9), timedelta(hours=1), "3.00"),
        (DAY_ONLY, local(2026, 3, 10, 9), timedelta(hours=1, seconds=1), "6.00"),  # started hour
        (DAY_ONLY, local(2026, 3, 10, 9), timedelta(hours=24), "72.00"),  # no cap
        (CAPPED, local(2026, 3, 10, 9), timedelta(hours=6), "18.00"),
        (CAPPED, local(2026, 3, 10, 9), timedelta(hours=7), "20.00"),  # capped
        (CAPPED, local(2026, 3, 10, 9), timedelta(hours=24), "20.00"),
        (CAPPED, local(2026, 3, 10, 9), timedelta(hours=25), "23.00"),  # 2nd day starts
        (CAPPED, local(2026, 3, 10, 9), timedelta(days=3), "60.00"),
        (CAPPED, local(2026, 3, 10, 9), timedelta(days=3, hours=2), "66.00"),
        # night window 22:00–07:00 across midnight at 1 CNY/h
        (NIGHTLY, local(2026, 3, 10, 21), timedelta(hours=3), "5.00"),  # 21 day, 22 23 night
        (NIGHTLY, local(2026, 3, 10, 23), timedelta(hours=3), "3.00"),  # 23 00 01 all night
        (NIGHTLY, local(2026, 3, 10, 22), timedelta(hours=9), "9.00"),  # whole night
        (NIGHTLY, local(2026, 3, 10, 22), timedelta(hours=10), "12.00"),  # 07:00 is day
        (NIGHTLY, local(2026, 3, 10, 18), timedelta(hours=24), "25.00"),  # 54 at full rates, capped
        (NIGHTLY, local(2026, 3, 10, 18), timedelta(days=2), "50.00"),
        (NIGHTLY, local(2026, 3, 10, 23, 30), timedelta(hours=1), "1.00"),
        (NIGHTLY, local(2026, 3, 10, 6, 30), timedelta(hours=2), "4.00"),  # 06:30 night, 07:30 day
    ],
)
def test_fee(tariff: Tariff, entry: datetime, stay: timedelta, fee: str) -> None:
    assert parking_fee(entry, entry + stay, tariff) == Decimal(fee)


def test_fee_is_decimal_with_cents() -> None:
    tariff = Tariff(timezone=SHANGHAI, hourly_rate=Decimal("2.5"), free_minutes=0)
    fee = parking_fee(local(2026, 3, 10, 9), local(2026, 3, 10, 10, 1), tariff)
    assert (fee, str(fee)) == (Decimal("5.00"), "5.00")


def test_night_window_uses_local_time_for_utc_input() -> None:
    entry = datetime(2026, 3, 10, 15, tzinfo=UTC)  # 23:00 in Hefei
    assert parking_fee(entry, entry + timedelta(hours=2), NIGHTLY) == Decimal("2.00")


def test_exit_before_entry_is_refused() -> None:
    with pytest.raises(ParkingError) as err:
        parking_fee(local(2026, 3, 10, 10), local(2026, 3, 10, 9), DAY_ONLY)
    assert err.value.key == "invalid_period"


def test_naive_times_are_refused() -> None:
    with pytest.raises(ParkingError) as err:
        parking_fee(datetime(2026, 3, 10, 9), local(2026, 3, 10, 10), DAY_ONLY)
    assert err.value.key == "naive_time"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hourly_rate": Decimal("-1")}, "rate"),
        ({"free_minutes": -1}, "rate"),
        ({"daily_cap": Decimal("0")}, "daily_cap"),
        ({"exit_grace_minutes": -5}, "exit_grace_minutes"),
    ],
)
def test_invalid_tariff_is_refused(changes: dict[str, object], field: str) -> None:
    fields: dict[str, object] = {"timezone": SHANGHAI, "hourly_rate": Decimal("3")} | changes
    with pytest.raises(ParkingError) as err:
        Tariff(**fields)  # type: ignore[arg-type]
    assert (err.value.key, err.value.placeholders["field"]) == ("invalid_tariff", field)


@pytest.fixture
def lot() -> ParkingLot:
    return ParkingLot(spaces=2, tariff=CAPPED)


def test_occupancy_and_free_spaces(lot: ParkingLot) -> None:
    lot.enter("皖A11111", local(2026, 3, 10, 9), "east-in")
    lot.enter("皖A22222", local(2026, 3, 10, 9), "west-in")
    lot.enter("皖A33333", local(2026, 3, 10, 9), "west-in")  # over capacity: still counted
    assert (lot.occupied, lot.free_spaces) == (3, 0)
    lot.leave("皖A11111", local(2026, 3, 10, 9, 10), "east-out")
    assert (lot.occupied, lot.free_spaces) == (2, 0)
    lot.leave("皖A22222", local(2026, 3, 10, 9, 10), "east-out")
    assert lot.free_spaces == 1
    assert lot.counts.entries == {"east-in": 1, "west-in": 2}
    assert lot.counts.exits == {"east-out": 2}


def test_negative_capacity_is_refused() -> None:
    with pytest.raises(ParkingError) as err:
        ParkingLot(spaces=-1, tariff=CAPPED)
    assert err.value.key == "invalid_capacity"


def test_session_fee_at_exit_across_midnight_and_days(lot: ParkingLot) -> None:
    lot.enter("皖A11111", local(2026, 3, 10, 20), "east-in")
    assert lot.session("皖A11111").is_open  # type: ignore[union-attr]
    result = lot.leave("皖A11111", local(2026, 3, 12, 1), "east-out")  # 29 h
    assert result.session is not None
    assert not result.session.is_open
    assert result.session.fee == Decimal("35.00")  # 20 cap + 5 h
    assert result.session.unpaid == Decimal("35.00")
    assert result.session.exit_barrier == "east-out"


def test_plate_is_compacted(lot: ParkingLot) -> None:
    lot.enter("皖a·11111", local(2026, 3, 10, 9), "east-in")
    assert lot.session("皖A 11111") is not None


def test_re_entry_is_flagged_and_keeps_the_first_session(lot: ParkingLot) -> None:
    first = lot.enter("皖A11111", local(2026, 3, 10, 9), "east-in")
    again = lot.enter("皖A11111", local(2026, 3, 10, 11), "west-in")
    assert (first.re_entry, again.re_entry) == (False, True)
    assert again.session.entered_at == local(2026, 3, 10, 9)
    assert lot.occupied == 1
    assert lot.counts.entries == {"east-in": 1, "west-in": 1}


def test_fee_due_before_and_after_paying(lot: ParkingLot) -> None:
    lot.enter("皖A11111", local(2026, 3, 10, 9), "east-in")
    assert lot.fee_due("皖A11111", local(2026, 3, 10, 11)) == Decimal("6.00")
    paid = lot.pay("皖A11111", local(2026, 3, 10, 11))
    assert paid.paid == Decimal("6.00")
    assert lot.fee_due("皖A11111", local(2026, 3, 10, 11, 15)) == Decimal("0.00")  # grace
    assert lot.fee_due("皖A11111", local(2026, 3, 10, 11, 16)) == Decimal("3.00")  # 3rd hour


def test_paid_car_leaving_within_grace_owes_nothing(lot: ParkingLot) -> None:
    lot.enter("皖A11111", local(2026, 3, 10, 9), "east-in")
    lot.pay("皖A11111", local(2026, 3, 10, 10, 55))
    result = lot.leave("皖A11111", local(2026, 3, 10, 11, 5), "east-out")
    assert result.session is not None
    assert (result.session.fee, result.session.unpaid) == (Decimal("6.00"), Decimal(0))


def test_paid_car_leaving_late_owes_the_difference(lot: ParkingLot) -> None:
    lot.enter("皖A11111", local(2026, 3, 10, 9), "east-in")
    lot.pay("皖A11111", local(2026, 3, 10, 10, 55))
    result = lot.leave("皖A11111", local(2026, 3, 10, 12, 30), "east-out")
    assert result.session is not None
    assert (result.session.fee, result.session.unpaid) == (Decimal("12.00"), Decimal("6.00"))


def test_free_sessions_cost_nothing(lot: ParkingLot) -> None:
    lot.enter("皖AD12345", local(2026, 3, 10, 9), "east-in", free=True)
    assert lot.fee_due("皖AD12345", local(2026, 3, 12, 9)) == Decimal("0.00")
    result = lot.leave("皖AD12345", local(2026, 3, 12, 9), "east-out")
    assert result.session is not None and result.session.fee == Decimal("0.00")


def test_leaving_without_entry_has_no_session(lot: ParkingLot) -> None:
    assert lot.leave("皖A11111", local(2026, 3, 10, 9), "east-out").session is None
    assert lot.counts.exits == {"east-out": 1}
    assert lot.fee_due("皖A11111", local(2026, 3, 10, 9)) == Decimal("0.00")


def test_paying_for_a_car_not_inside_is_refused(lot: ParkingLot) -> None:
    with pytest.raises(ParkingError) as err:
        lot.pay("皖A11111", local(2026, 3, 10, 9))
    assert err.value.key == "not_inside"


def test_naive_event_time_is_refused(lot: ParkingLot) -> None:
    with pytest.raises(ParkingError):
        lot.enter("皖A11111", datetime(2026, 3, 10, 9), "east-in")
    assert lot.occupied == 0


def test_open_sessions_oldest_first(lot: ParkingLot) -> None:
    lot.enter("皖A22222", local(2026, 3, 10, 10), "east-in")
    lot.enter("皖A11111", local(2026, 3, 10, 9), "east-in")
    assert [s.plate for s in lot.open_sessions()] == ["皖A11111", "皖A22222"]


def test_state_survives_a_restart_through_json(lot: ParkingLot) -> None:
    import json

    lot.enter("皖A11111", local(2026, 3, 10, 9), "east-in")
    lot.enter("皖AD12345", local(2026, 3, 10, 9, 30), "west-in", free=True)
    lot.pay("皖A11111", local(2026, 3, 10, 10, 55))
    lot.leave("皖A22222", local(2026, 3, 10, 11), "east-out")
    text = json.dumps(lot_to_json(lot))
    restored = lot_from_json(json.loads(text), spaces=2, tariff=CAPPED)
    assert restored.open_sessions() == lot.open_sessions()
    assert restored.counts == lot.counts
    assert restored.fee_due("皖A11111", local(2026, 3, 10, 12, 30)) == Decimal("6.00")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"sessions": [{"plate": "皖A11111"}], "entries": {}, "exits": {}},
        {"sessions": [], "entries": {"x": "many"}, "exits": {}},
        {
            "sessions": [
                {
                    "plate": "皖A11111",
                    "entered_at": "2026-03-10T09:00:00",
                    "entry_barrier": "e",
                    "free": False,
                    "paid": "0",
                }
            ],
            "entries": {},
            "exits": {},
        },
        {
            "sessions": [
                {
                    "plate": "皖A11111",
                    "entered_at": "2026-03-10T09:00:00+08:00",
                    "entry_barrier": "e",
                    "free": False,
                    "paid": "lots",
                }
            ],
            "entries": {},
            "exits": {},
        },
    ],
)
def test_corrupt_state_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(ParkingError) as err:
        lot_from_json(data, spaces=2, tariff=CAPPED)
    assert err.value.key in {"corrupt_state", "naive_time"}
