"""The console's back end under load: a page of records, the live feed, the bundle's size.

    scripts/bench console [--rows N] [--load-seconds S] [--pages P] [--events E] [--keep]

Fills the demo community's SQLite records store with up to N records (default 10,000,000;
the shape of ``benchmarks/records.py``: skewed people and plates, face clusters, the demo
register's device codes) within a loading budget of S seconds, every record referencing two
real pictures (a face crop and a scene, from the celebrity set the models step extracts), then
starts mosquitto and a real Home Assistant with that store, and measures through HA's
websocket API, as the panel sends them:

    BENCH console_records_stored N            records in the store during the run
    BENCH console_records_page_p95_ms N       ``smart_community/records/search``: one page of
                                              50 records with signed thumbnail URLs, round trip
                                              (no filter, person, plate, device, kind, a day)
    BENCH console_thumbnails_page_p95_ms N    the 50 thumbnails of a page fetched by their URLs
    BENCH console_live_latency_p95_ms N       an MQTT face capture published → its row arriving
                                              on a ``smart_community/live/subscribe``
    BENCH console_bundle_kb_gz N              the committed bundle, gzip -9

Everything runs on loopback ports of its own (never 8123 / 1883).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import csv
import gzip
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import paho.mqtt.client as paho

ROOT = Path(__file__).resolve().parents[1]

from benchmarks.records import DAYS, START, devices, generate, p95, person_ids, plates  # noqa: E402
from custom_components.smart_community.core.events import EventImage, ImageType  # noqa: E402
from custom_components.smart_community.core.recognition.model_files import (  # noqa: E402
    default_models_dir,
)
from custom_components.smart_community.core.records import NewRecord, RecordKind  # noqa: E402
from custom_components.smart_community.core.records.models import ImageRef  # noqa: E402
from custom_components.smart_community.core.records.sql_store import INSERT_COLUMNS  # noqa: E402
from custom_components.smart_community.core.records.sqlite_store import (  # noqa: E402
    BATCH,
    SEARCH_INDEXES,
    SqliteRecordStore,
)
from tools.dashboards.check import free_port, prepare_ha, running, write_config  # noqa: E402
from tools.demo.setup_demo import DEMO_COMMUNITY  # noqa: E402

BUNDLE = ROOT / "custom_components" / "smart_community" / "frontend" / "smart-community-panel.js"
REGISTER = ROOT / "tools" / "demo" / "register.csv"
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
KEEP_DAYS = 28  # the records fall inside the default retention (30 days): nothing is purged
PICTURE_POOL = 40  # distinct (face, scene) pairs the records point at
LIVE_CAMERA_KIND = "face_camera"


def register_devices() -> list[tuple[str, str, str, str]]:
    """(code, kind, access, address) of the demo register's devices."""
    with REGISTER.open(encoding="utf-8-sig") as handle:
        return [
            (row["设备编码"], row["设备种类"], row["接入方式"], row["接入地址"])
            for row in csv.DictReader(handle)
        ]


def pictures() -> list[tuple[bytes, bytes]]:
    """(face, scene) JPEG pairs: real photos of the celebrity set."""
    folder = default_models_dir() / "datasets" / "celebrity5"
    found = sorted(folder.glob("*/*/*.jpg"))
    if len(found) < 2:
        raise SystemExit("no photos: run scripts/models (the celebrity set comes with it)")
    return [
        (found[i % len(found)].read_bytes(), found[(i * 7 + 3) % len(found)].read_bytes())
        for i in range(PICTURE_POOL)
    ]


def picture_refs(store: SqliteRecordStore, now: datetime) -> list[tuple[ImageRef, ...]]:
    """Each pair stored once through the store (files, hashes, the images table)."""
    refs = []
    for index, (face, scene) in enumerate(pictures()):
        record = store.add(
            NewRecord(time=now - timedelta(days=KEEP_DAYS), kind=RecordKind.FACE_CAPTURE),
            [EventImage(ImageType.FACE, face), EventImage(ImageType.SCENE, scene)],
        )
        assert len(record.images) == 2, index
        refs.append(record.images)
    return refs


def spread(rows: int, now: datetime, codes: list[str]) -> Iterator[NewRecord]:
    """``benchmarks/records.py``'s records moved into the last KEEP_DAYS days, at the demo's
    devices (so names and gates resolve as on a real site)."""
    scale = KEEP_DAYS / DAYS
    begin = now - timedelta(days=KEEP_DAYS)
    at_demo = {code: codes[index % len(codes)] for index, code in enumerate(devices())}
    for record in generate(rows):
        moved = begin + (record.time - START) * scale
        device = at_demo[record.device]
        yield replace(
            record,
            time=moved,
            device=device,
            attributes={**record.attributes, "image_types": ["face", "scene"]},
        )


def load(path: Path, rows: int, seconds: float, now: datetime) -> int:
    """Bulk insert into the store's file until ``rows`` or the time budget; how many."""
    store = SqliteRecordStore(path, path.parent / "images")
    refs = picture_refs(store, now)
    codes = [code for code, _kind, _access, _address in register_devices()]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    for name in SEARCH_INDEXES:
        connection.execute(f"DROP INDEX IF EXISTS {name}")
    marks = ", ".join("?" * len(INSERT_COLUMNS))
    sql = f"INSERT INTO records ({', '.join(INSERT_COLUMNS)}) VALUES ({marks})"
    began = time.monotonic()
    total = 0
    batch: list[tuple[Any, ...]] = []
    rng = random.Random(11)
    for record in spread(rows, now, codes):
        batch.append(store.row_of(record, rng.choice(refs)))
        if len(batch) >= BATCH:
            connection.execute("BEGIN")
            connection.executemany(sql, batch)
            connection.execute("COMMIT")
            total += len(batch)
            batch.clear()
            if total % 1_000_000 == 0:
                print(f"# loaded {total:,} in {time.monotonic() - began:.0f} s", flush=True)
            if time.monotonic() - began > seconds:
                break
    if batch:
        connection.executemany(sql, batch)
        total += len(batch)
    print(f"# {total:,} records inserted in {time.monotonic() - began:.0f} s; indexing", flush=True)
    for name, definition in SEARCH_INDEXES.items():
        connection.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
    connection.execute("ANALYZE")
    connection.close()
    store.close()
    print(f"# indexed after {time.monotonic() - began:.0f} s", flush=True)
    return total + len(refs)


class Socket:
    """HA's websocket API with numbered requests and a queue of subscription events."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: asyncio.Queue[tuple[float, dict[str, Any]]] = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            arrived = time.perf_counter()
            for item in data if isinstance(data, list) else [data]:
                if item.get("type") == "event":
                    self.events.put_nowait((arrived, item["event"]))
                elif (future := self.waiting.pop(item.get("id"), None)) is not None:
                    future.set_result(item)

    async def call(self, type_: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[self.next_id] = future
        await self.ws.send_json({"id": self.next_id, "type": type_, **params})
        answer = await asyncio.wait_for(future, 60)
        if not answer.get("success", True):
            raise RuntimeError(f"{type_}: {answer.get('error')}")
        return answer


async def page_queries(sock: Socket, entry_id: str, now: datetime, count: int) -> list[float]:
    """Round trips of one page of 50 records each, over the query shapes the panel sends."""
    rng = random.Random(3)
    people, cars = person_ids(), plates()
    codes = [code for code, *_ in register_devices()]
    shapes: list[Callable[[], dict[str, Any]]] = [
        dict,
        lambda: {"person_id": rng.choice(people)},
        lambda: {"plate": rng.choice(cars)},
        lambda: {"device": rng.choice(codes)},
        lambda: {"kind": rng.choice(["recognition", "face_capture", "plate_read", "alarm"])},
        lambda: _day(rng, now),
    ]
    samples: list[float] = []
    for index in range(count):
        params = shapes[index % len(shapes)]()
        began = time.perf_counter()
        answer = await sock.call(
            "smart_community/records/search", entry_id=entry_id, limit=50, **params
        )
        samples.append((time.perf_counter() - began) * 1000)
        records = answer["result"]["records"]
        if index % len(shapes) == 0 and (
            len(records) != 50 or any(not r["images"] for r in records)
        ):
            raise RuntimeError(f"a page without 50 records with pictures: {params}")
    return samples


def _day(rng: random.Random, now: datetime) -> dict[str, Any]:
    start = now - timedelta(days=KEEP_DAYS) + timedelta(seconds=rng.randrange(26 * 86_400))
    return {"start": start.isoformat(), "end": (start + timedelta(days=1)).isoformat()}


async def thumbnail_pages(
    session: aiohttp.ClientSession, base: str, sock: Socket, entry_id: str, count: int
) -> list[float]:
    """The 50 thumbnails of a page of the newest records, fetched as the browser does."""
    samples: list[float] = []
    cursor: str | None = None
    for _ in range(count):
        answer = await sock.call(
            "smart_community/records/search",
            entry_id=entry_id,
            limit=50,
            **({"cursor": cursor} if cursor else {}),
        )
        cursor = answer["result"]["next_cursor"]
        urls = [r["images"][0]["thumb_url"] for r in answer["result"]["records"] if r["images"]]
        began = time.perf_counter()

        async def fetch(url: str) -> None:
            async with session.get(base + url) as response:
                if response.status != 200:
                    raise RuntimeError(f"thumbnail {url}: HTTP {response.status}")
                await response.read()

        await asyncio.gather(*(fetch(url) for url in urls))
        samples.append((time.perf_counter() - began) * 1000)
    return samples


async def live_latency(sock: Socket, entry_id: str, mqtt_port: int, count: int) -> list[float]:
    """Face captures published one at a time; publish → the row on the live feed."""
    camera, prefix = next(
        (code, address)
        for code, kind, access, address in register_devices()
        if kind == LIVE_CAMERA_KIND and access == "mqtt"
    )
    await sock.call("smart_community/live/subscribe", entry_id=entry_id, limit=1)
    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="bench-console")
    client.connect("127.0.0.1", mqtt_port)
    client.loop_start()
    photos = pictures()
    samples: list[float] = []
    try:
        await asyncio.sleep(3)  # HA subscribes to the device topics in batches
        while not sock.events.empty():
            sock.events.get_nowait()  # the snapshot and counters
        for index in range(count):
            face, scene = photos[index % len(photos)]
            sent = datetime.now(UTC).replace(microsecond=index * 1000 % 1_000_000)
            payload = json.dumps(
                {
                    "type": "face_capture",
                    "time": sent.isoformat(),
                    "face_image": _b64(face),
                    "scene_image": _b64(scene),
                }
            )
            began = time.perf_counter()
            client.publish(f"{prefix}/event", payload, qos=1)
            samples.append(await _row_of(sock, camera, sent, began))
            await asyncio.sleep(0.2)
    finally:
        client.loop_stop()
        client.disconnect()
    return samples


async def _row_of(sock: Socket, camera: str, sent: datetime, began: float) -> float:
    """ms until the live feed sends the capture's row (not the recognition derived from an
    earlier capture of the same camera)."""
    while True:
        arrived, event = await asyncio.wait_for(sock.events.get(), 30)
        row = event.get("event") if event.get("type") == "event" else None
        if (
            row is not None
            and row["device"] == camera
            and row["kind"] == "face_capture"
            and datetime.fromisoformat(row["time"]) == sent
        ):
            return (arrived - began) * 1000


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


async def measure(base: str, token: str, entry_id: str, args: argparse.Namespace) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    now = datetime.now(UTC)
    async with (
        aiohttp.ClientSession(headers=headers) as session,
        session.ws_connect(f"{base}/api/websocket", max_msg_size=0) as ws,
    ):
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        await ws.receive_json()
        sock = Socket(ws)
        await page_queries(sock, entry_id, now, 12)  # warm-up: caches, first connections
        pages = await page_queries(sock, entry_id, now, args.pages)
        print(f"# page p50 {statistics.median(pages):.1f} ms over {len(pages)}", flush=True)
        print(f"BENCH console_records_page_p95_ms {p95(pages):.1f}", flush=True)
        thumbs = await thumbnail_pages(session, base, sock, entry_id, 20)
        print(f"BENCH console_thumbnails_page_p95_ms {p95(thumbs):.1f}", flush=True)
        live = await live_latency(sock, entry_id, args.mqtt_port, args.events)
        print(f"# live p50 {statistics.median(live):.1f} ms over {len(live)}", flush=True)
        print(f"BENCH console_live_latency_p95_ms {p95(live):.1f}", flush=True)
        sock.reader.cancel()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--load-seconds", type=float, default=900.0)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the temporary HA folder")
    args = parser.parse_args()

    bundle = BUNDLE.read_bytes()
    print(f"BENCH console_bundle_kb_gz {len(gzip.compress(bundle, 9)) / 1024:.1f}", flush=True)
    print(f"# {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f}", flush=True)

    work = Path(tempfile.mkdtemp(prefix="sc-bench-console-"))
    try:
        config = work / "config"
        ha_port, args.mqtt_port = free_port(), free_port()
        write_config(config, ha_port)
        # as scripts/develop does: recognition runs (and competes for the CPU) during the run
        (config / "smart_community" / "models").symlink_to(default_models_dir())
        store = config / "smart_community" / DEMO_COMMUNITY["community_code"] / "records.db"
        stored = load(store, args.rows, args.load_seconds, datetime.now(UTC))
        print(f"BENCH console_records_stored {stored}", flush=True)
        (work / "mosquitto.conf").write_text(
            f"listener {args.mqtt_port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        )
        with (
            running([MOSQUITTO, "-c", str(work / "mosquitto.conf")], work / "mosquitto.log"),
            running(
                [sys.executable, "-m", "homeassistant", "-c", str(config), "--skip-pip"],
                work / "home-assistant.out",
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            ),
        ):
            base = f"http://127.0.0.1:{ha_port}"
            api = prepare_ha(base, args.mqtt_port)
            entry_id = api.wait_loaded("smart_community", 180)
            time.sleep(5)  # the register import reloads the community
            entry_id = api.wait_loaded("smart_community", 180)
            assert api.token is not None
            asyncio.run(measure(base, api.token, entry_id, args))
    finally:
        if args.keep:
            print(f"# kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
