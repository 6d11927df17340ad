"""Records search and access-decision benchmark.

    .venv/bin/python benchmarks/records.py [--rows N] [--queries Q] [--skip-postgres]

Bulk-loads N records (default 10,000,000) with a realistic shape — about 5,000 people,
2,000 plates, 60 devices, 20,000 face clusters, 90 days, arriving in time order — into
SQLite (batched executemany) and PostgreSQL (COPY), then times the first page (50 rows) of
a search by person, by plate and by a one-day time range. Prints the worst p95 per backend:

    BENCH records_search_p95_ms_sqlite N
    BENCH records_search_p95_ms_postgres N
    BENCH access_decision_p95_us N

PostgreSQL: ``SC_POSTGRES_URL`` (a schema ``bench_<pid>`` is used and dropped), else a
throwaway cluster from ``scripts/postgres``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]

from custom_components.smart_community.core.access import (  # noqa: E402
    AccessPoint,
    AccessRules,
    Direction,
    PersonSubject,
    PlateSubject,
    decide,
)
from custom_components.smart_community.core.devices import DeviceKind  # noqa: E402
from custom_components.smart_community.core.people import (  # noqa: E402
    Address,
    MonthlyPass,
    Person,
    PersonRole,
    RegistrySnapshot,
    Tenancy,
    Vehicle,
)
from custom_components.smart_community.core.records import (  # noqa: E402
    NewRecord,
    RecordKind,
    RecordQuery,
)
from custom_components.smart_community.core.records.postgres_store import (  # noqa: E402
    PostgresRecordStore,
)
from custom_components.smart_community.core.records.sqlite_store import (  # noqa: E402
    SqliteRecordStore,
)

PEOPLE = 5_000
PLATES = 2_000
DEVICES = 60
CLUSTERS = 20_000
DAYS = 90
END = datetime(2026, 11, 1, tzinfo=UTC)
START = END - timedelta(days=DAYS)
PROVINCE_LETTERS = "ABCDEFGHJKLMNPQRS"
KINDS = (
    (RecordKind.FACE_CAPTURE, 35),
    (RecordKind.RECOGNITION, 25),
    (RecordKind.PLATE_READ, 12),
    (RecordKind.DOOR_OPEN, 10),
    (RecordKind.TURNSTILE_OPEN, 8),
    (RecordKind.BARRIER_OPEN, 5),
    (RecordKind.DENIAL, 3),
    (RecordKind.ALARM, 1),
    (RecordKind.ALERT, 0.5),
    (RecordKind.PATROL_CHECK_IN, 0.5),
)
PERSON_KINDS = {
    RecordKind.RECOGNITION,
    RecordKind.DOOR_OPEN,
    RecordKind.TURNSTILE_OPEN,
    RecordKind.DENIAL,
    RecordKind.ALERT,
    RecordKind.PATROL_CHECK_IN,
}
PLATE_KINDS = {RecordKind.PLATE_READ, RecordKind.BARRIER_OPEN}


def person_ids() -> list[str]:
    """``P00001`` …"""
    return [f"P{i:05d}" for i in range(1, PEOPLE + 1)]


def plates() -> list[str]:
    """Plausible Hefei-heavy plates."""
    rng = random.Random(7)
    return [
        "皖" + rng.choice("AAAAAB") + f"{rng.randrange(100000):05d}"
        if i % 5
        else "皖" + rng.choice(PROVINCE_LETTERS) + "D" + f"{rng.randrange(100000):05d}"
        for i in range(PLATES)
    ]


def devices() -> list[str]:
    """GB/T 28181-shaped device codes."""
    return [f"3401040000132{i:07d}" for i in range(DEVICES)]


def generate(rows: int, seed: int = 1) -> Iterator[NewRecord]:
    """``rows`` records in time order; people and plates drawn with a skew (Pareto)."""
    rng = random.Random(seed)
    people, cars, cams = person_ids(), plates(), devices()
    kinds = [kind for kind, _ in KINDS]
    weights = [weight for _, weight in KINDS]
    kind_draws = rng.choices(kinds, weights, k=100_003)
    step_us = DAYS * 86_400_000_000 / rows
    t_us = 0.0
    for i in range(rows):
        t_us += rng.expovariate(1.0 / step_us)
        kind = kind_draws[i % 100_003]
        person = cluster = plate = None
        attributes: dict[str, object] = {}
        if kind in PERSON_KINDS and rng.random() < 0.9:
            person = people[min(int(rng.paretovariate(1.2)) - 1, PEOPLE - 1) * 7 % PEOPLE]
            attributes["similarity"] = round(0.8 + rng.random() / 5, 3)
        elif kind is RecordKind.FACE_CAPTURE:
            cluster = f"C{rng.randrange(CLUSTERS):05d}"
        if kind in PLATE_KINDS:
            plate = cars[min(int(rng.paretovariate(1.2)) - 1, PLATES - 1) * 11 % PLATES]
        yield NewRecord(
            time=START + timedelta(microseconds=int(t_us)),
            kind=kind,
            device=cams[rng.randrange(DEVICES)],
            person_id=person,
            cluster_id=cluster,
            plate=plate,
            outcome="deny" if kind is RecordKind.DENIAL else "allow",
            attributes=attributes,
        )


def p95(samples: list[float]) -> float:
    """95th percentile."""
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def time_queries(store: SqliteRecordStore | PostgresRecordStore, queries: int) -> dict[str, float]:
    """p95 ms of the first page for each query shape."""
    rng = random.Random(3)
    people, cars = person_ids(), plates()
    shapes: dict[str, Callable[[], RecordQuery]] = {
        "person": lambda: RecordQuery(person_id=rng.choice(people), limit=50),
        "plate": lambda: RecordQuery(plate=rng.choice(cars), limit=50),
        "time_range": lambda: _day_query(rng),
    }
    result = {}
    for name, make in shapes.items():
        samples = []
        for _ in range(queries):
            query = make()
            began = time.perf_counter()
            store.search(query)
            samples.append((time.perf_counter() - began) * 1000)
        result[name] = p95(samples)
    return result


def _day_query(rng: random.Random) -> RecordQuery:
    start = START + timedelta(seconds=rng.randrange((DAYS - 1) * 86_400))
    return RecordQuery(start=start, end=start + timedelta(days=1), limit=50)


def bench_backend(
    name: str, store: SqliteRecordStore | PostgresRecordStore, rows: int, queries: int
) -> float:
    """Load, query, print; the worst p95 in ms."""
    began = time.perf_counter()
    loaded = store.bulk_load(generate(rows))
    load_s = time.perf_counter() - began
    usage = store.disk_usage()
    print(
        f"# {name}: loaded {loaded:,} rows in {load_s:.0f} s (indexes included), "
        f"{usage.database_bytes / 2**30:.2f} GiB",
        flush=True,
    )
    shapes = time_queries(store, queries)
    for shape, value in shapes.items():
        print(f"# {name}: search by {shape} p95 {value:.2f} ms", flush=True)
    return max(shapes.values())


def bench_access(samples: int = 100_000) -> float:
    """p95 µs of ``decide`` over a registry of 5,000 people and 2,000 vehicles."""
    rng = random.Random(5)
    tz = ZoneInfo("Asia/Shanghai")
    people: dict[str, Person] = {}
    for i, pid in enumerate(person_ids()):
        role = PersonRole.TENANT if i % 10 == 0 else PersonRole.OWNER
        people[pid] = Person(
            id=pid,
            name=f"住户{i}",
            role=role,
            address=Address(str(i % 20 + 1), str(i % 3 + 1), f"{i % 18 + 1}01"),
            tenancy=Tenancy(move_in=date(2025, 1, 1), move_out=date(2026, 6, 30))
            if role is PersonRole.TENANT
            else None,
        )
    vehicles = {
        plate: Vehicle(
            plate=plate,
            owner_id=f"P{i % PEOPLE + 1:05d}",
            monthly_pass=MonthlyPass(valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31)),
        )
        for i, plate in enumerate(plates())
    }
    rules = AccessRules(registry=RegistrySnapshot.build(people, vehicles), timezone=tz)
    door = AccessPoint(device_id="d", kind=DeviceKind.ACCESS_TERMINAL, building="3", unit="1")
    barrier = AccessPoint(
        device_id="b", kind=DeviceKind.BARRIER, gate="east", direction=Direction.IN
    )
    ids, cars = person_ids(), plates()
    at = datetime(2026, 11, 3, 8, 30, tzinfo=tz)
    timings = []
    for i in range(samples):
        if i % 2:
            subject, device = PersonSubject(rng.choice(ids)), door
        else:
            subject, device = PlateSubject(plate=rng.choice(cars)), barrier  # type: ignore[assignment]
        began = time.perf_counter_ns()
        decide(subject, device, at, rules)
        timings.append((time.perf_counter_ns() - began) / 1000)
    return p95(timings)


def main() -> None:
    """Run everything and print the BENCH lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(f"# rows {args.rows:,}, {args.queries} queries per shape, {os.cpu_count()} cpus")

    access = bench_access()

    workdir = Path(tempfile.mkdtemp(prefix="sc-bench-"))
    try:
        store = SqliteRecordStore(workdir / "records.db", workdir / "images")
        sqlite_ms = bench_backend("sqlite", store, args.rows, args.queries)
        store.close()
        (workdir / "records.db").unlink()
        print(f"BENCH records_search_p95_ms_sqlite {sqlite_ms:.2f}", flush=True)
        if not args.skip_postgres:
            postgres_ms = bench_postgres(args.rows, args.queries, workdir)
            print(f"BENCH records_search_p95_ms_postgres {postgres_ms:.2f}", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"BENCH access_decision_p95_us {access:.1f}", flush=True)


def bench_postgres(rows: int, queries: int, workdir: Path) -> float:
    """Against ``SC_POSTGRES_URL`` (own schema) or a throwaway cluster."""
    import psycopg  # noqa: PLC0415  (only the PostgreSQL run needs it)

    given = os.environ.get("SC_POSTGRES_URL")
    cluster = Path(tempfile.mkdtemp(prefix="sc-bench-pg-"))
    script = ROOT / "scripts" / "postgres"
    if given:
        url = given
    else:
        url = subprocess.run(
            [str(script), "start", str(cluster)], check=True, capture_output=True, text=True
        ).stdout.split()[-1]
    schema = f"bench_{os.getpid()}"
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in url else "?"
        store = PostgresRecordStore(
            f"{url}{sep}options=-csearch_path%3D{schema}", workdir / "images"
        )
        try:
            return bench_backend("postgres", store, rows, queries)
        finally:
            store.close()
    finally:
        if given:
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        else:
            subprocess.run([str(script), "stop", str(cluster)], check=False)
        shutil.rmtree(cluster, ignore_errors=True)


if __name__ == "__main__":
    main()
