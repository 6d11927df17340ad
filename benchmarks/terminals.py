"""Terminal sync throughput and revocation latency against simulated terminals.

Run: ``scripts/bench terminals [--persons 20000] [--revocations 20]``

The simulated terminals run in their own process (``python -m tools.simulator.terminals``,
loopback, HTTP Digest, a 20,000-face library), as a real terminal is another machine:

1. ``terminal_sync_persons_per_s``: 20,000 residents of one unit, each with a face photo
   (distinct JPEGs of 10-20 KB) and an IC card, go from an empty Hikvision unit-door
   terminal to a complete one (user record + face upload + card per person, 3 requests).
2. ``terminal_revoke_p95_s``: with the library full, residents are put on the black list one
   at a time (a registry change, planned for all 20,000 people); the time until the person is
   gone from every affected terminal (that unit door and a Dahua gate holding the same
   people) — 95th percentile.

Targets: >= 50 persons/s (a full library in under 7 minutes), revocation p95 <= 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
import types
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _name, _path in (
    ("custom_components", ROOT / "custom_components"),
    ("custom_components.smart_community", ROOT / "custom_components" / "smart_community"),
):  # the HA-free core, without the integration's __init__ (no Home Assistant import)
    if _name not in sys.modules:
        _module = types.ModuleType(_name)
        _module.__path__ = [str(_path)]
        sys.modules[_name] = _module

import aiohttp  # noqa: E402
from PIL import Image  # noqa: E402

from custom_components.smart_community.core.people import (  # noqa: E402
    Address,
    Person,
    PersonRole,
    RegistrySnapshot,
    WatchEntry,
    WatchListKind,
)
from custom_components.smart_community.core.terminals import (  # noqa: E402
    AssignmentPolicy,
    EngineOptions,
    FolderPhotoSource,
    SyncStore,
    TerminalPlace,
    TerminalSpec,
    TerminalSyncEngine,
    Vendor,
)

ZONE = ZoneInfo("Asia/Shanghai")
USER, PASSWORD = "admin", "12345abc"
DISTINCT_PHOTOS = 2000
CONCURRENCY = 8


def photos(folder: Path, count: int) -> None:
    rng = random.Random(7)
    for n in range(count):
        size = rng.randrange(180, 260)
        image = Image.frombytes("RGB", (size, size), rng.randbytes(size * size * 3))
        image = image.resize((size * 2, size * 2))  # smoother: a photo-like 10-20 KB JPEG
        image.save(folder / f"{n}.jpg", format="JPEG", quality=60)


def residents(count: int) -> dict[str, Person]:
    people = {}
    for n in range(count):
        pid = f"P{n:05d}"
        people[pid] = Person(
            id=pid,
            name=f"住户{n:05d}",
            role=PersonRole.OWNER,
            address=Address("1", "1", f"{n % 30 + 1}{n % 4 + 1:02d}"),
            photos=(f"{n % DISTINCT_PHOTOS}.jpg",),
            cards=(f"{n:010d}",),
        )
    return people


def start_simulators() -> tuple[subprocess.Popen[str], list[str]]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tools.simulator.terminals",
            "--hikvision",
            "1",
            "--dahua",
            "1",
            "--user",
            USER,
            "--password",
            PASSWORD,
            "--max-faces",
            "20000",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    urls = []
    assert process.stdout is not None
    while len(urls) < 2:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the terminal simulator did not start")
        urls.append(line.split()[-1])
    return process, urls


async def run(persons: int, revocations: int) -> tuple[float, float, float]:
    work = Path(tempfile.mkdtemp(prefix="bench-terminals-"))
    (work / "photos").mkdir()
    photos(work / "photos", min(persons, DISTINCT_PHOTOS))
    people = residents(persons)
    process, (hik_url, dahua_url) = start_simulators()
    unit = TerminalSpec(
        place=TerminalPlace("UNIT", building="1", unit="1"),
        vendor=Vendor.HIKVISION,
        base_url=hik_url,
        username=USER,
        password=PASSWORD,
        events=False,
    )
    gate = TerminalSpec(
        place=TerminalPlace("GATE", gate="东门"),
        vendor=Vendor.DAHUA,
        base_url=dahua_url,
        username=USER,
        password=PASSWORD,
        events=False,
    )
    try:
        async with aiohttp.ClientSession() as http:
            # 1. one terminal, empty → complete
            store = SyncStore(work / "sync.db")
            engine = TerminalSyncEngine(
                store,
                [unit],
                policy=AssignmentPolicy(timezone=ZONE),
                photos=FolderPhotoSource(work / "photos"),
                session=http,
                options=EngineOptions(idle_wait=0.5, concurrency=CONCURRENCY),
            )
            started = time.perf_counter()
            await engine.start(RegistrySnapshot.build(people, {}))
            while True:
                await asyncio.sleep(0.5)
                status = engine.status("UNIT")
                if status is not None and status.pending == 0 and status.faces == persons:
                    break
                if status is not None and status.failed:
                    raise RuntimeError(f"refusals: {status.failures[:3]}")
            sync_s = time.perf_counter() - started
            await engine.stop()
            store.close()

            # 2. unit door + gate, both full; revocations one at a time (the same queue file:
            # the unit door's resync finds what it was sent)
            store = SyncStore(work / "sync.db")
            engine = TerminalSyncEngine(
                store,
                [unit, gate],
                policy=AssignmentPolicy(timezone=ZONE),
                photos=FolderPhotoSource(work / "photos"),
                session=http,
                options=EngineOptions(idle_wait=0.5, concurrency=CONCURRENCY),
            )
            await engine.start(RegistrySnapshot.build(people, {}))
            while True:  # the unit door's resync finds its library; the gate fills up
                await asyncio.sleep(1.0)
                statuses = engine.statuses()
                if (
                    all(s.pending == 0 and s.users == persons for s in statuses.values())
                    and len(statuses) == 2
                ):
                    break
            latencies = []
            rng = random.Random(3)
            for pid in rng.sample(sorted(people), revocations):
                people[pid] = replace(
                    people[pid], watch=WatchEntry(kind=WatchListKind.BLACK_LIST, reason="bench")
                )
                user_id = store.user_ids([pid])[pid]
                began = time.perf_counter()
                await engine.registry_changed(RegistrySnapshot.build(dict(people), {}))
                while True:
                    known = [store.known(code) for code in ("UNIT", "GATE")]
                    if all(user_id not in library for library in known):
                        break
                    await asyncio.sleep(0.02)
                latencies.append(time.perf_counter() - began)
            await engine.stop()
            store.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
    return persons / sync_s, p95, statistics.median(latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--revocations", type=int, default=20)
    args = parser.parse_args()
    rate, p95, median = asyncio.run(run(args.persons, args.revocations))
    print(f"BENCH terminal_sync_persons_per_s {rate:.1f}")
    print(f"BENCH terminal_revoke_p95_s {p95:.2f}")
    print(f"BENCH terminal_revoke_median_s {median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
