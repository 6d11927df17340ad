"""Fixtures for the terminal sync tests: a small community, photos, simulated terminals, a
settable clock that the terminals share (their own wall clock is the community's)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from custom_components.smart_community.core.docking.backoff import Backoff
from custom_components.smart_community.core.people import (
    Address,
    BuildingLayout,
    CommunityLayout,
    PeopleRegistry,
    Person,
    PersonRole,
    Tenancy,
)
from custom_components.smart_community.core.terminals import (
    AssignmentPolicy,
    EngineOptions,
    FolderPhotoSource,
    SyncStore,
    TerminalPlace,
    TerminalSpec,
    TerminalSyncEngine,
    Vendor,
)
from tools.simulator.terminals import DahuaTerminal, HikvisionTerminal, TerminalLibrary

from ...terminal_fakes import FakeClock, jpeg

ZONE = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 5, 1, 9, 0, 0, tzinfo=ZONE)
UNIT_1_1 = "34010449011348001021"  # 1栋1单元 (Hikvision)
UNIT_1_2 = "34010449011348001023"  # 1栋2单元 (Dahua)
EAST_GATE = "34010449011348001004"  # 东门 (Hikvision)
USER, PASSWORD = "admin", "Hik12345"


def layout() -> CommunityLayout:
    return CommunityLayout(
        {
            "1": BuildingLayout(units=frozenset({"1", "2"}), floors=18, doors_per_floor=2),
            "2": BuildingLayout(units=frozenset({"1"}), floors=18, doors_per_floor=2),
        }
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def photos(tmp_path: Path) -> FolderPhotoSource:
    folder = tmp_path / "images"
    folder.mkdir()
    for n in range(1, 30):
        (folder / f"p{n}.jpg").write_bytes(jpeg(n))
    (folder / "tiny.jpg").write_bytes(jpeg(99, size=40))
    return FolderPhotoSource(folder)


@pytest.fixture
def registry() -> PeopleRegistry:
    return PeopleRegistry(layout())


def family(registry: PeopleRegistry) -> list[Person]:
    """The Zhang family of 1栋1单元1502: owner, spouse, and a tenant in the same flat."""
    address = Address("1", "1", "1502")
    people = [
        Person(
            id="P-1",
            name="张伟",
            role=PersonRole.OWNER,
            address=address,
            photos=("p1.jpg",),
            cards=("0012345601",),
        ),
        Person(
            id="P-2",
            name="李娜",
            role=PersonRole.FAMILY,
            address=address,
            photos=("p2.jpg",),
            cards=("0012345602",),
        ),
        Person(
            id="P-3",
            name="王芳",
            role=PersonRole.TENANT,
            address=address,
            photos=("p3.jpg",),
            tenancy=Tenancy(move_in=date(2025, 4, 1), move_out=date(2025, 6, 30)),
        ),
    ]
    return [registry.add_person(person) for person in people]


@dataclass
class Community:
    """Three terminals: a Hikvision unit door, a Dahua unit door, a Hikvision gate."""

    unit_1_1: HikvisionTerminal
    unit_1_2: DahuaTerminal
    gate: HikvisionTerminal

    def specs(self, *, events: bool = False) -> list[TerminalSpec]:
        return [
            TerminalSpec(
                place=place,
                vendor=vendor,
                base_url=terminal.url,
                username=USER,
                password=PASSWORD,
                events=events,
            )
            for place, vendor, terminal in (
                (TerminalPlace(UNIT_1_1, building="1", unit="1"), Vendor.HIKVISION, self.unit_1_1),
                (TerminalPlace(UNIT_1_2, building="1", unit="2"), Vendor.DAHUA, self.unit_1_2),
                (TerminalPlace(EAST_GATE, gate="东门"), Vendor.HIKVISION, self.gate),
            )
        ]


@pytest.fixture
async def community(socket_enabled: None, clock: FakeClock) -> AsyncIterator[Community]:
    def library(**limits: int) -> TerminalLibrary:
        return TerminalLibrary(clock=clock.local, **limits)

    terminals = Community(
        HikvisionTerminal(
            username=USER, password=PASSWORD, library=library(), device_code=UNIT_1_1, heartbeat=0.5
        ),
        DahuaTerminal(
            username=USER, password=PASSWORD, library=library(), device_code=UNIT_1_2, heartbeat=0.5
        ),
        HikvisionTerminal(
            username=USER,
            password=PASSWORD,
            library=library(),
            device_code=EAST_GATE,
            heartbeat=0.5,
        ),
    )
    for terminal in (terminals.unit_1_1, terminals.unit_1_2, terminals.gate):
        await terminal.start()
    yield terminals
    for terminal in (terminals.unit_1_1, terminals.unit_1_2, terminals.gate):
        await terminal.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


FAST = EngineOptions(
    backoff=Backoff(base=1.0, cap=30.0, jitter=0.0),
    probe_backoff=Backoff(base=5.0, cap=60.0, jitter=0.0),
    resync_after_offline=300.0,
    idle_wait=0.2,
    request_timeout=3.0,
    status_interval=0.0,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SyncStore]:
    db = SyncStore(tmp_path / "terminals.db")
    yield db
    db.close()


def make_engine(
    store: SyncStore,
    community: Community,
    http: aiohttp.ClientSession,
    photos: FolderPhotoSource,
    clock: FakeClock,
    *,
    events: bool = False,
    **kwargs: object,
) -> TerminalSyncEngine:
    return TerminalSyncEngine(
        store,
        community.specs(events=events),
        policy=AssignmentPolicy(timezone=ZONE),
        photos=photos,
        session=http,
        options=FAST,
        clock=clock,
        **kwargs,  # type: ignore[arg-type]
    )


async def settled(engine: TerminalSyncEngine, *, timeout: float = 10.0) -> None:
    """Wait until no terminal has anything pending (refusals may stay)."""
    import asyncio

    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        await engine.tick()
        await asyncio.sleep(0.05)
        statuses = engine.statuses()
        if statuses and all(
            s.pending == 0 and s.state.value != "offline" for s in statuses.values()
        ):
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not settled: {statuses}")


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The real recognition weights (``scripts/models``; a no-op when prepared)."""
    from custom_components.smart_community.core.recognition import model_files as mf
    from tools.models.prepare import prepare

    directory = mf.default_models_dir()
    prepare(directory)
    return directory


@dataclass
class Env:
    """Everything an engine scenario needs."""

    community: Community
    http: aiohttp.ClientSession
    photos: FolderPhotoSource
    store: SyncStore
    clock: FakeClock
    registry: PeopleRegistry

    def engine(self, **kwargs: object) -> TerminalSyncEngine:
        return make_engine(self.store, self.community, self.http, self.photos, self.clock, **kwargs)


@pytest.fixture
def env(
    community: Community,
    http: aiohttp.ClientSession,
    photos: FolderPhotoSource,
    store: SyncStore,
    clock: FakeClock,
    registry: PeopleRegistry,
) -> Env:
    return Env(community, http, photos, store, clock, registry)
