"""Records in HA: every applied event is stored; search, trajectory, export and retention.

Each test runs on SQLite and, when ``SC_POSTGRES_URL`` is set (scripts/test sets it), on a
real PostgreSQL schema of its own.
"""

# The shared fixtures (call) are imported from test_people; pytest injects them.
# ruff: noqa: F811

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest.mock import patch
from urllib.parse import quote

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from openpyxl import load_workbook
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)

from custom_components.smart_community.const import CONF_RECORDS_URL, CONF_RETENTION_DAYS, DOMAIN
from custom_components.smart_community.core.events import (
    DeviceEvent,
    EventImage,
    EventKind,
    ImageType,
)
from custom_components.smart_community.core.records.models import PurgeResult

from .conftest import TEST_NOW
from .helpers import deliver, derive, runtime_of, wait_until
from .test_people import (  # noqa: F401
    COMMUNITY_CODE,
    EAST_IN_FACE,
    EAST_OUT_FACE,
    OWNER_ID_NUMBER,
    SOUTH_IN_FACE,
    UNIT_1_1_TERMINAL,
    Call,
    add_owner,
    call,
    hub_of,
    sensor,
)

NOW = TEST_NOW  # 10:00 in Hefei: the people_entry fixture stops the clock there


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def people_entry(
    request: pytest.FixtureRequest,
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    frozen_clock: FrozenDateTimeFactory,
) -> AsyncIterator[MockConfigEntry]:
    """The demo community with its records on SQLite or on PostgreSQL."""
    schema = None
    server = os.environ.get("SC_POSTGRES_URL")
    if request.param == "postgres":
        if not server:
            pytest.skip("SC_POSTGRES_URL is not set (scripts/test starts PostgreSQL and sets it)")
        import psycopg

        schema = f"ha_{uuid.uuid4().hex[:12]}"
        await hass.async_add_executor_job(_execute, server, f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in server else "?"
        url = f"{server}{separator}options={quote(f'-csearch_path={schema}')}"
        hass.config_entries.async_update_entry(
            community_entry, options={CONF_RECORDS_URL: url, CONF_RETENTION_DAYS: 30}
        )
        assert psycopg
    await hass.config.async_set_time_zone("Asia/Shanghai")
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    yield community_entry
    if schema is not None and server:
        if community_entry.state is ConfigEntryState.LOADED:
            await hass.config_entries.async_unload(community_entry.entry_id)
        await hass.async_add_executor_job(_execute, server, f"DROP SCHEMA {schema} CASCADE")


def _execute(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


async def flushed(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Wait until the queued records are written."""
    await hass.async_block_till_done()
    await runtime_of(entry).records.async_flush()


def face(
    entry: MockConfigEntry,
    device: str,
    person_id: str | None,
    at: datetime,
    **attributes: object,
) -> None:
    """A live face the recognition engine matched (or clustered) at a device."""
    assert derive(
        hub_of(entry),
        DeviceEvent(
            kind=EventKind.FACE_MATCH,
            device_id=device,
            time=at,
            person_id=person_id,
            liveness=True,
            attributes={"recognised_by": "engine", **attributes},
        ),
    )


async def test_every_decided_event_is_recorded_and_paged(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    for minute in range(5):
        face(people_entry, EAST_IN_FACE, "P-0001", NOW + timedelta(minutes=minute))
    face(people_entry, EAST_IN_FACE, None, NOW)
    await flushed(hass, people_entry)
    pages = []
    cursor = None
    while True:
        response = await call(
            "search_records",
            person_id="P-0001",
            limit=2,
            **({"cursor": cursor} if cursor else {}),
        )
        pages.append(response["records"])
        cursor = response["next_cursor"]
        if cursor is None:
            break
    assert [len(page) for page in pages] == [2, 2, 1]
    times = [record["time"] for page in pages for record in page]
    assert times == sorted(times, reverse=True)
    first = pages[0][0]
    assert first["kind"] == "recognition"
    assert first["outcome"] == "allow"
    assert first["reason"] == "resident"
    assert first["device_name"] == "蜀山区华府骏苑东门入口人脸抓拍机"
    assert first["time"] == "2026-11-25T10:04:00+08:00"
    denied = await call("search_records", kind="denial")
    assert [(r["person_id"], r["reason"]) for r in denied["records"]] == [(None, "unknown_person")]
    window = await call(
        "search_records",
        start=(NOW + timedelta(minutes=1)).isoformat(),
        end=(NOW + timedelta(minutes=3)).isoformat(),
    )
    assert len(window["records"]) == 2
    with pytest.raises(ServiceValidationError) as err:
        await call("search_records", cursor="not-a-cursor")
    assert err.value.translation_key == "invalid_cursor"


async def test_trajectory_is_in_time_order(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    # delivered out of order (a GA/T 1400 platform pushes late)
    face(people_entry, UNIT_1_1_TERMINAL, "P-0001", NOW + timedelta(minutes=3))
    face(people_entry, EAST_IN_FACE, "P-0001", NOW)
    face(people_entry, EAST_OUT_FACE, "P-0001", NOW + timedelta(minutes=40))
    face(people_entry, SOUTH_IN_FACE, None, NOW + timedelta(minutes=1), cluster_id="C-7")
    face(people_entry, EAST_OUT_FACE, None, NOW - timedelta(minutes=1), cluster_id="C-7")
    await flushed(hass, people_entry)
    response = await call(
        "record_trajectory",
        person_id="P-0001",
        start=(NOW - timedelta(hours=1)).isoformat(),
        end=(NOW + timedelta(hours=1)).isoformat(),
    )
    assert [(p["time"], p["device_name"], p["kind"]) for p in response["points"]] == [
        ("2026-11-25T10:00:00+08:00", "蜀山区华府骏苑东门入口人脸抓拍机", "recognition"),
        ("2026-11-25T10:03:00+08:00", "蜀山区华府骏苑1栋1单元1F门禁终端", "recognition"),
        ("2026-11-25T10:40:00+08:00", "蜀山区华府骏苑东门出口人脸抓拍机", "recognition"),
    ]
    cluster = await call(
        "record_trajectory",
        cluster_id="C-7",
        start=(NOW - timedelta(hours=1)).isoformat(),
        end=(NOW + timedelta(hours=1)).isoformat(),
    )
    assert [p["device"] for p in cluster["points"]] == [EAST_OUT_FACE, SOUTH_IN_FACE]
    with pytest.raises(ServiceValidationError) as err:
        await call("record_trajectory")
    assert err.value.translation_key == "person_or_cluster"


async def test_export_is_masked_unless_an_admin_asks(
    hass: HomeAssistant,
    call: Call,
    people_entry: MockConfigEntry,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
    config_dir: Path,
) -> None:
    # some terminals use the resident's ID number as their person id
    face(people_entry, EAST_IN_FACE, OWNER_ID_NUMBER, NOW, note=f"证件 {OWNER_ID_NUMBER}")
    await flushed(hass, people_entry)
    searched = await call("search_records")
    assert searched["records"][0]["person_id"] == "340121********1230"

    masked = await call("export_records", file="exports/records.csv")
    assert masked == {"file": str(config_dir / "exports/records.csv"), "rows": 1, "masked": True}
    text = (config_dir / "exports/records.csv").read_text(encoding="utf-8-sig")
    assert OWNER_ID_NUMBER not in text
    assert "340121********1230" in text

    async def export(user: MockUser, file: str) -> None:
        await hass.services.async_call(
            DOMAIN,
            "export_records",
            {"config_entry_id": people_entry.entry_id, "file": file, "admin": True},
            blocking=True,
            return_response=True,
            context=Context(user_id=user.id),
        )

    with pytest.raises(Unauthorized):
        await export(hass_read_only_user, "exports/full.csv")
    assert not (config_dir / "exports/full.csv").exists()
    with pytest.raises(ServiceValidationError) as err:
        await call("export_records", file="exports/full.csv", admin=True)  # no user at all
    assert err.value.translation_key == "admin_required"

    await export(hass_admin_user, "exports/full.xlsx")
    sheet = load_workbook(config_dir / "exports/full.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("id", "time_utc", "kind", "device", "person_id")
    assert rows[1][4] == OWNER_ID_NUMBER
    assert OWNER_ID_NUMBER in str(rows[1][9])  # the attributes column, unmasked
    masked_row = next(csv.reader(text.splitlines()[1:]))
    assert masked_row[4] == "340121********1230"


async def test_retention_purges_at_the_boundary_and_daily(
    hass: HomeAssistant,
    call: Call,
    people_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    cutoff = NOW - timedelta(days=30)
    face(people_entry, EAST_IN_FACE, None, cutoff - timedelta(seconds=1))
    face(people_entry, EAST_IN_FACE, None, cutoff + timedelta(seconds=1))
    face(people_entry, EAST_IN_FACE, None, cutoff + timedelta(hours=20))
    await flushed(hass, people_entry)
    purged = await call("purge_records")
    assert purged["records"] == 1
    assert purged["retention_days"] == 30
    left = await call("search_records")
    assert len(left["records"]) == 2
    # the daily job at 03:17 Hefei time (19:17 UTC), a day later
    records = runtime_of(people_entry).records
    daily_runs: list[PurgeResult] = []
    purge = records.async_purge

    async def watched_purge(now: datetime | None = None) -> PurgeResult:
        result = await purge(now)
        daily_runs.append(result)
        return result

    daily = datetime(2026, 11, 25, 19, 17, 1, tzinfo=UTC)  # the job adds < 1 s of jitter
    with patch.object(records, "async_purge", watched_purge):
        freezer.move_to(daily)
        async_fire_time_changed(hass, daily)
        await wait_until(hass, lambda: bool(daily_runs), "the daily purge")
    assert [result.records for result in daily_runs] == [1]
    await flushed(hass, people_entry)
    left = await call("search_records")
    assert len(left["records"]) == 1


async def test_pictures_are_stored_once_and_disk_usage_shown(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry, config_dir: Path
) -> None:
    picture = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8 + b"\xff\xd9"
    hub = hub_of(people_entry)
    for second in range(2):
        assert deliver(
            hub,
            DeviceEvent(
                kind=EventKind.FACE_CAPTURE,
                device_id=EAST_IN_FACE,
                time=NOW + timedelta(seconds=second),
                images=(EventImage(ImageType.FACE, picture),),
            ),
        )
    await flushed(hass, people_entry)
    records = (await call("search_records", kind="face_capture"))["records"]
    assert len(records) == 2
    assert records[0]["images"] == records[1]["images"]
    images_dir = config_dir / DOMAIN / COMMUNITY_CODE / "images"
    assert [p.name for p in images_dir.rglob("*.jpg")] == [Path(records[0]["images"][0]).name]
    await call("purge_records")
    await hass.async_block_till_done()
    state = hass.states.get(sensor(hass, "records_disk_usage"))
    assert state.attributes["image_bytes"] == len(picture)
    assert state.attributes["records"] == 2
    assert float(state.state) > 0


async def test_unload_closes_the_store_after_writing_the_queue(
    hass: HomeAssistant, people_entry: MockConfigEntry
) -> None:
    face(people_entry, EAST_IN_FACE, None, NOW)
    runtime = runtime_of(people_entry).records
    assert await hass.config_entries.async_unload(people_entry.entry_id)
    await hass.async_block_till_done()
    assert runtime.written == 1
    assert runtime.failed == 0


async def test_an_unreachable_database_is_retried(
    hass: HomeAssistant, community_entry: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        community_entry, options={CONF_RECORDS_URL: "postgresql://sc@127.0.0.1:1/sc"}
    )
    await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    assert community_entry.state is ConfigEntryState.SETUP_RETRY
    assert "Cannot connect to the records database 127.0.0.1:1/sc" in str(community_entry.reason)
    assert "sc@" not in str(community_entry.reason)  # no user name (or password) shown
