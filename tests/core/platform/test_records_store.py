"""The RecordStore contract, run on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from custom_components.smart_community.core.events import EventImage, ImageType
from custom_components.smart_community.core.records import (
    NewRecord,
    RecordKind,
    RecordQuery,
    RecordsError,
    RecordStore,
    Retention,
    open_store,
    sql_store,
)

from .helpers import OWNER_ID_NUMBER, SHANGHAI

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
JPEG_A = b"\xff\xd8 face A \xff\xd9"
JPEG_B = b"\xff\xd8 scene B \xff\xd9"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/records.db"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@pytest.fixture
def images_dir(tmp_path: Path) -> Path:
    return tmp_path / "images"


@pytest.fixture
def store(store_url: str, images_dir: Path) -> Iterator[RecordStore]:
    opened = open_store(store_url, images_dir)
    yield opened
    opened.close()


def rec(minutes_ago: float = 0, **changes: Any) -> NewRecord:
    fields: dict[str, Any] = {
        "time": NOW - timedelta(minutes=minutes_ago),
        "kind": RecordKind.RECOGNITION,
        "device": "34010400001320000001",
        "person_id": "owner",
    }
    fields.update(changes)
    return NewRecord(**fields)


def test_added_record_reads_back_in_utc(store: RecordStore) -> None:
    local = datetime(2026, 11, 25, 20, 0, 0, 123456, tzinfo=SHANGHAI)
    added = store.add(
        rec(
            time=local,
            kind=RecordKind.BARRIER_OPEN,
            plate="皖AD12345",
            cluster_id="C1",
            outcome="allow",
            reason="monthly_pass",
            attributes={"direction": "in", "similarity": 0.93, "名字": "张伟"},
        )
    )
    got = store.get(added.id)
    assert got == added
    assert got is not None
    assert got.time == datetime(2026, 11, 25, 12, 0, 0, 123456, tzinfo=UTC)
    assert got.time.utcoffset() == timedelta(0)
    assert store.get(added.id + 1000) is None


def test_naive_time_is_refused() -> None:
    with pytest.raises(RecordsError) as err:
        rec(time=datetime(2026, 1, 1))
    assert err.value.key == "naive_time"


def _ids(store: RecordStore, **query: Any) -> list[int]:
    return [r.id for r in store.search(RecordQuery(**query)).records]


def test_search_filters(store: RecordStore) -> None:
    a = store.add(rec(3, person_id="owner", device="d1"))
    b = store.add(rec(2, person_id="tenant", device="d2", kind=RecordKind.DOOR_OPEN))
    c = store.add(rec(1, person_id=None, plate="皖A12345", device="d1", kind=RecordKind.PLATE_READ))
    d = store.add(rec(0, person_id=None, cluster_id="C7", kind=RecordKind.FACE_CAPTURE))
    assert _ids(store) == [d.id, c.id, b.id, a.id]
    assert _ids(store, person_id="owner") == [a.id]
    assert _ids(store, plate="皖A12345") == [c.id]
    assert _ids(store, device="d1") == [c.id, a.id]
    assert _ids(store, kind=RecordKind.DOOR_OPEN) == [b.id]
    assert _ids(store, cluster_id="C7") == [d.id]
    assert _ids(store, device="d1", kind=RecordKind.RECOGNITION) == [a.id]
    assert _ids(store, person_id="nobody") == []


def test_time_range_includes_start_and_excludes_end(store: RecordStore) -> None:
    records = [store.add(rec(minutes)) for minutes in (30, 20, 10)]
    start, end = records[0].time, records[2].time
    assert _ids(store, start=start, end=end) == [records[1].id, records[0].id]
    assert _ids(store, start=records[1].time) == [records[2].id, records[1].id]
    assert _ids(store, end=records[1].time) == [records[0].id]


def test_keyset_paging_walks_every_record_once_including_ties(store: RecordStore) -> None:
    added = [store.add(rec(minutes)) for minutes in (5, 4, 4, 4, 3, 2, 2)]
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        page = store.search(RecordQuery(person_id="owner", limit=3, cursor=cursor))
        seen += [r.id for r in page.records]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    expected = [r.id for r in sorted(added, key=lambda r: (r.time, r.id), reverse=True)]
    assert (seen, pages) == (expected, 3)


def test_exactly_full_last_page_has_no_cursor(store: RecordStore) -> None:
    for minutes in (3, 2):
        store.add(rec(minutes))
    assert store.search(RecordQuery(limit=2)).next_cursor is None


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "12.x",
        "",
        # issue 13: these escaped as ValueError, OverflowError or the driver's own errors
        "9" * 5000 + ".1",
        "1." + "9" * 5000,
        "1700000000000000.99999999999999999999",  # an id beyond 64 bits
        "1700000000000000.9223372036854775808",
        "-99999999999999999.1",  # a time before year 1
        "9999999999999999999.1",  # a time after year 9999
        "１７.３",  # full-width digits int() accepts
        "1_700.3",  # underscores int() accepts
        " 17.3 ",
    ],
)
def test_invalid_cursor_is_refused(store: RecordStore, cursor: str) -> None:
    with pytest.raises(RecordsError) as err:
        store.search(RecordQuery(cursor=cursor))
    assert err.value.key == "invalid_cursor"
    assert len(str(err.value)) < 100  # the answer does not echo a megabyte back


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ({"limit": 0}, "invalid_query"),
        ({"limit": 10_001}, "invalid_query"),
        ({"start": datetime(2026, 1, 1)}, "naive_time"),
        ({"start": NOW, "end": NOW - timedelta(seconds=1)}, "invalid_query"),
    ],
)
def test_invalid_query_is_refused(query: dict[str, Any], key: str) -> None:
    with pytest.raises(RecordsError) as err:
        RecordQuery(**query)
    assert err.value.key == key


def test_trajectory_is_in_time_order_across_devices(store: RecordStore) -> None:
    store.add(rec(30, device="gate", kind=RecordKind.TURNSTILE_OPEN))
    store.add(rec(10, device="door", kind=RecordKind.DOOR_OPEN))
    store.add(rec(20, device="cam", kind=RecordKind.RECOGNITION))
    store.add(rec(15, device="cam", person_id="tenant"))
    store.add(rec(90, device="old"))
    points = store.trajectory(person_id="owner", start=NOW - timedelta(hours=1), end=NOW)
    assert [(p.device, p.kind) for p in points] == [
        ("gate", RecordKind.TURNSTILE_OPEN),
        ("cam", RecordKind.RECOGNITION),
        ("door", RecordKind.DOOR_OPEN),
    ]
    assert points[0].time == NOW - timedelta(minutes=30)


def test_trajectory_of_a_face_cluster(store: RecordStore) -> None:
    store.add(rec(5, person_id=None, cluster_id="C9", device="cam1"))
    store.add(rec(4, person_id=None, cluster_id="C9", device="cam2"))
    points = store.trajectory(cluster_id="C9", start=NOW - timedelta(hours=1), end=NOW)
    assert [p.device for p in points] == ["cam1", "cam2"]


def test_trajectory_needs_exactly_one_subject(store: RecordStore) -> None:
    for subject in ({}, {"person_id": "a", "cluster_id": "b"}):
        with pytest.raises(RecordsError) as err:
            store.trajectory(start=NOW - timedelta(hours=1), end=NOW, **subject)
        assert err.value.key == "invalid_query"


def test_images_are_stored_by_day_and_hash(store: RecordStore, images_dir: Path) -> None:
    added = store.add(
        rec(time=datetime(2026, 3, 9, 23, 30, tzinfo=UTC)),
        [EventImage(ImageType.FACE, JPEG_A), EventImage(ImageType.SCENE, JPEG_B, "image/png")],
    )
    sha_a = hashlib.sha256(JPEG_A).hexdigest()
    sha_b = hashlib.sha256(JPEG_B).hexdigest()
    assert [(i.path, i.sha256) for i in added.images] == [
        (f"2026/03/09/{sha_a}.jpg", sha_a),
        (f"2026/03/09/{sha_b}.png", sha_b),
    ]
    assert (images_dir / added.images[0].path).read_bytes() == JPEG_A
    assert store.get(added.id) == added


def test_same_picture_is_stored_once(store: RecordStore, images_dir: Path) -> None:
    first = store.add(rec(60 * 48), [EventImage(ImageType.FACE, JPEG_A)])
    second = store.add(rec(0), [EventImage(ImageType.FACE, JPEG_A)])
    twice = store.add(rec(0), [EventImage(ImageType.FACE, JPEG_A)] * 2)
    assert second.images == first.images  # the first day's path, not today's
    assert len(twice.images) == 2
    assert len([p for p in images_dir.rglob("*") if p.is_file()]) == 1
    assert store.disk_usage().image_bytes == len(JPEG_A)


def test_no_temporary_files_are_left(store: RecordStore, images_dir: Path) -> None:
    store.add(rec(), [EventImage(ImageType.FACE, JPEG_A)])
    assert not list(images_dir.rglob(".*"))


def test_failed_insert_leaves_no_record_and_no_new_file(
    store: RecordStore, images_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = store.add(rec(5), [EventImage(ImageType.FACE, JPEG_A)])

    def broken(*args: object) -> int:
        raise RuntimeError("database gone")

    monkeypatch.setattr(store, "_insert_record", broken)
    with pytest.raises(RuntimeError):
        store.add(rec(), [EventImage(ImageType.FACE, JPEG_A), EventImage(ImageType.SCENE, JPEG_B)])
    monkeypatch.undo()
    files = [p for p in images_dir.rglob("*") if p.is_file()]
    assert files == [images_dir / kept.images[0].path]
    assert store.count() == 1
    assert store.disk_usage().image_bytes == len(JPEG_A)


def test_purge_deletes_old_records_and_unreferenced_images(
    store: RecordStore, images_dir: Path
) -> None:
    days = timedelta(days=1)
    old_alone = store.add(rec(time=NOW - 40 * days), [EventImage(ImageType.FACE, JPEG_B)])
    old_shared = store.add(rec(time=NOW - 40 * days), [EventImage(ImageType.FACE, JPEG_A)])
    boundary = store.add(rec(time=NOW - 30 * days))
    new = store.add(rec(time=NOW - days), [EventImage(ImageType.FACE, JPEG_A)])
    result = store.purge(Retention(30), NOW)
    assert (result.records, result.images, result.image_bytes) == (2, 1, len(JPEG_B))
    assert store.get(old_alone.id) is None and store.get(old_shared.id) is None
    assert store.get(boundary.id) is not None  # exactly 30 days old: kept
    assert (images_dir / new.images[0].path).exists()
    assert not (images_dir / old_alone.images[0].path).exists()
    assert store.disk_usage().image_bytes == len(JPEG_A)


def test_purge_respects_a_longer_retention(store: RecordStore) -> None:
    store.add(rec(time=NOW - timedelta(days=40)))
    assert store.purge(Retention(60), NOW).records == 0
    assert store.count() == 1


def test_purge_works_in_batches(store: RecordStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sql_store, "PURGE_BATCH", 3)
    store.add_many(rec(time=NOW - timedelta(days=31, minutes=i)) for i in range(7))
    store.add(rec())
    assert store.purge(Retention(30), NOW).records == 7
    assert store.count() == 1


@pytest.mark.parametrize("days", [0, 7, 29])
def test_retention_below_the_minimum_is_refused(days: int) -> None:
    with pytest.raises(RecordsError) as err:
        Retention(days)
    assert err.value.key == "retention_too_short"
    assert dict(err.value.placeholders) == {"days": str(days), "minimum": "30"}


def test_retention_cutoff_needs_an_aware_now() -> None:
    with pytest.raises(RecordsError):
        Retention(30).cutoff(datetime(2026, 1, 1))


def test_disk_usage_counts_database_and_images(store: RecordStore) -> None:
    empty = store.disk_usage()
    store.add(rec(), [EventImage(ImageType.FACE, JPEG_A), EventImage(ImageType.FACE, JPEG_B)])
    usage = store.disk_usage()
    assert usage.database_bytes > 0
    assert usage.image_bytes == len(JPEG_A) + len(JPEG_B)
    assert usage.total_bytes == usage.database_bytes + usage.image_bytes
    assert empty.image_bytes == 0


def test_id_numbers_are_masked_unless_admin(store: RecordStore) -> None:
    added = store.add(
        rec(
            person_id=OWNER_ID_NUMBER,
            attributes={"id_number": OWNER_ID_NUMBER, "n": [OWNER_ID_NUMBER]},
        )
    )
    masked = "340121********1230"
    for record in (store.get(added.id), store.search(RecordQuery()).records[0]):
        assert record is not None
        assert record.person_id == masked
        assert record.attributes == {"id_number": masked, "n": [masked]}
    full = store.get(added.id, admin=True)
    assert full is not None and full.person_id == OWNER_ID_NUMBER
    assert (
        store.search(RecordQuery(), admin=True).records[0].attributes["id_number"]
        == OWNER_ID_NUMBER
    )
    # searching by the full value still finds it
    assert _ids(store, person_id=OWNER_ID_NUMBER) == [added.id]


def test_concurrent_adds_from_threads(store: RecordStore) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(25):
                images = [EventImage(ImageType.FACE, f"img{i % 5}".encode())] if i % 2 else []
                store.add(rec(i, device=f"d{n}"), images)
                store.search(RecordQuery(device=f"d{n}", limit=5))
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count() == 100
    assert store.disk_usage().image_bytes == sum(len(f"img{i}".encode()) for i in range(5))


def test_records_survive_reopening(store_url: str, images_dir: Path) -> None:
    first = open_store(store_url, images_dir)
    added = first.add(rec(), [EventImage(ImageType.FACE, JPEG_A)])
    first.close()
    second = open_store(store_url, images_dir)
    try:
        assert second.get(added.id) == added
    finally:
        second.close()


def test_add_many_and_bulk_load(store: RecordStore) -> None:
    assert store.add_many(rec(i) for i in range(10)) == 10
    assert store.bulk_load(rec(i, person_id="bulk") for i in range(5)) == 5
    assert store.count() == 15
    assert len(store.search(RecordQuery(person_id="bulk")).records) == 5


def test_iter_records_crosses_pages(store: RecordStore) -> None:
    store.add_many(rec(i) for i in range(2500))
    records = list(store.iter_records(RecordQuery(person_id="owner")))
    assert len(records) == 2500
    assert len({r.id for r in records}) == 2500


def test_plates_are_stored_and_searched_compact(store: RecordStore) -> None:
    added = store.add(rec(plate="皖a·12345", kind=RecordKind.PLATE_READ))
    store.add_many([rec(plate="皖a 12345", kind=RecordKind.PLATE_READ)])
    assert added.plate == "皖A12345"
    found = store.search(RecordQuery(plate="皖A-12345")).records
    assert [r.plate for r in found] == ["皖A12345", "皖A12345"]


def test_face_embeddings_are_never_stored(store: RecordStore) -> None:
    vector = [0.1] * 512
    added = store.add(rec(attributes={"embedding": vector, "feature": "b64", "similarity": 0.9}))
    store.add_many([rec(attributes={"face_feature": vector, "feature_vector": vector})])
    assert added.attributes == {"similarity": 0.9}
    assert [dict(r.attributes) for r in store.search(RecordQuery(), admin=True).records] == [
        {},  # same time: the later id first
        {"similarity": 0.9},
    ]


@pytest.mark.postgres
def test_postgres_store_reconnects_after_a_dropped_connection(
    postgres_schema_url: str, images_dir: Path
) -> None:
    from custom_components.smart_community.core.records.postgres_store import (
        PostgresRecordStore,
    )

    opened = PostgresRecordStore(postgres_schema_url, images_dir)
    opened.add(rec())
    opened._connection.close()
    assert opened.count() == 1
    opened.close()
