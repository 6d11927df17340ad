"""The simulated terminals keep the community's wall time, whatever the machine's zone is."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tools.simulator.terminals import TerminalLibrary


@pytest.fixture
def machine_in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's own zone is neither UTC nor the community's."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_stamp_writes_the_wall_time_with_the_zones_offset() -> None:
    moment = datetime(2025, 5, 1, 9, 0, 0)
    hefei = TerminalLibrary(clock=lambda: moment)
    assert hefei.stamp() == "2025-05-01T09:00:00+08:00"
    new_york = TerminalLibrary(clock=lambda: moment, zone=ZoneInfo("America/New_York"))
    assert new_york.stamp() == "2025-05-01T09:00:00-04:00"  # summer time
    winter = TerminalLibrary(
        clock=lambda: datetime(2025, 1, 1, 9, 0), zone=ZoneInfo("America/New_York")
    )
    assert winter.stamp() == "2025-01-01T09:00:00-05:00"


@pytest.mark.usefixtures("machine_in_new_york")
def test_default_clock_is_the_communitys_not_the_machines() -> None:
    library = TerminalLibrary()
    # The event's time names the real instant (it was 8 hours off on a UTC machine).
    stamped = datetime.fromisoformat(library.stamp())
    assert abs((stamped - datetime.now(UTC)).total_seconds()) < 60
    # The naive wall clock (Dahua's LocaleTime, validity windows) is Hefei's.
    wall = library.clock()
    hefei = datetime.now(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
    assert abs((wall - hefei).total_seconds()) < 60
