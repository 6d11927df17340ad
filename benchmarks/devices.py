"""Device events through the real broker into a running HA: throughput, latency, losses.

Starts mosquitto and a real Home Assistant (minimal configuration: http, api, websocket, MQTT
and smart_community with the demo register) on free loopback ports, then publishes meter
readings for every MQTT meter of the demo at full speed. Each reading carries a sequence number
as its value, so every message must become exactly one ``state_changed`` of the meter's sensor,
which HA's websocket API reports back. Prints:

    BENCH mqtt_events_per_s N        messages applied by HA per second (publish start → last state)
    BENCH event_to_entity_p95_ms N   publish → state_changed seen on the websocket, 95th percentile
    BENCH events_lost N              messages published that never reached their entity

Usage: scripts/bench devices [--events 5000] [--rate 1500] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import paho.mqtt.client as paho

ROOT = Path(__file__).resolve().parents[1]

from tools.demo.setup_demo import Api  # noqa: E402

WARMUP = 500  # messages sent before measuring
METER_KINDS = ("electricity_meter", "water_meter", "gas_meter")
UNITS = {"electricity_meter": "kWh", "water_meter": "m3", "gas_meter": "m3"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"port {port} did not open")


def write_config(config: Path, ha_port: int) -> None:
    (config / "custom_components").mkdir(parents=True)
    (config / "custom_components" / "smart_community").symlink_to(
        ROOT / "custom_components" / "smart_community"
    )
    (config / "demo").mkdir()
    shutil.copy(ROOT / "tools" / "demo" / "register.csv", config / "demo" / "register.csv")
    (config / "configuration.yaml").write_text(
        "homeassistant:\n  time_zone: Asia/Shanghai\n  country: CN\n"
        f"http:\n  server_host: 127.0.0.1\n  server_port: {ha_port}\n"
        "api:\nwebsocket_api:\nconfig:\nonboarding:\nauth:\nperson:\n"
        "logger:\n  default: warning\n",
        encoding="utf-8",
    )


def meters(register: Path) -> list[tuple[str, str, str]]:
    """(code, kind, topic prefix) of the demo's MQTT meters."""
    with register.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        if row["设备种类"] in METER_KINDS and row["接入方式"] == "mqtt":
            prefix = row["接入地址"].strip("/")
            if prefix.endswith("/" + row["设备编码"]):
                prefix = prefix[: -len(row["设备编码"]) - 1]
            found.append((row["设备编码"], row["设备种类"], prefix))
    return found


async def entity_ids(session: aiohttp.ClientSession, base: str, codes: set[str]) -> dict[str, str]:
    """entity_id of each meter's reading sensor, through the websocket entity registry."""
    async with session.ws_connect(f"{base}/api/websocket") as ws:
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": session.headers["Authorization"][7:]})
        await ws.receive_json()
        await ws.send_json({"id": 1, "type": "config/entity_registry/list"})
        reply = await ws.receive_json()
    found = {}
    for entry in reply["result"]:
        unique = entry.get("unique_id") or ""
        code, _, key = unique.partition("_")
        if (
            entry["platform"] == "smart_community"
            and code in codes
            and key in ("energy", "water", "gas")
        ):
            found[entry["entity_id"]] = code
    return found


async def run(events: int, rate: float, keep: bool) -> int:
    work = Path(tempfile.mkdtemp(prefix="sc-bench-devices-"))
    mqtt_port, ha_port = free_port(), free_port()
    (work / "mosquitto.conf").write_text(
        f"listener {mqtt_port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        "max_queued_messages 100000\n"
    )
    config = work / "config"
    config.mkdir()
    write_config(config, ha_port)
    processes = [
        subprocess.Popen(
            ["/usr/sbin/mosquitto", "-c", str(work / "mosquitto.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        wait_port(mqtt_port, 10)
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "homeassistant", "-c", str(config), "--skip-pip"],
                stdout=(work / "ha.out").open("w"),
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
        )
        base = f"http://127.0.0.1:{ha_port}"
        api = Api(base)
        api.wait_until_up(180)
        api.onboard_or_login()
        api.run_flow("mqtt", {"broker": "127.0.0.1", "port": mqtt_port})
        api.run_flow(
            "smart_community",
            {"community_name": "华府骏苑", "community_code": "340104001001001", "tier": "high"},
        )
        api.request(
            "POST",
            "/api/services/smart_community/import_register?return_response",
            {
                "config_entry_id": api.wait_loaded("smart_community", 120),
                "file": "demo/register.csv",
            },
        )
        await asyncio.sleep(5)  # reload after the import, MQTT subscriptions batched
        targets = meters(ROOT / "tools" / "demo" / "register.csv")
        headers = {"Authorization": f"Bearer {api.token}"}
        async with aiohttp.ClientSession(headers=headers) as session:
            ids = await entity_ids(session, base, {code for code, _, _ in targets})
            code_to_entity = {code: entity for entity, code in ids.items()}
            return await measure(session, base, mqtt_port, targets, code_to_entity, events, rate)
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


async def measure(  # noqa: PLR0917 - one call site, every input named there
    session: aiohttp.ClientSession,
    base: str,
    mqtt_port: int,
    targets: list[tuple[str, str, str]],
    code_to_entity: dict[str, str],
    events: int,
    rate: float,
) -> int:
    published: dict[tuple[str, int], float] = {}
    seen: dict[tuple[str, int], float] = {}
    entity_to_code = {entity: code for code, entity in code_to_entity.items()}
    done = asyncio.Event()
    warm = asyncio.Event()
    warmed: set[int] = set()

    async with session.ws_connect(f"{base}/api/websocket", max_msg_size=0) as ws:
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": session.headers["Authorization"][7:]})
        await ws.receive_json()
        await ws.send_json({"id": 1, "type": "subscribe_events", "event_type": "state_changed"})
        await ws.receive_json()

        async def listen() -> None:
            async for message in ws:
                data: Any = json.loads(message.data)
                if data.get("type") != "event":
                    continue
                event = data["event"]["data"]
                code = entity_to_code.get(event["entity_id"])
                if code is None or event.get("new_state") is None:
                    continue
                try:
                    sequence = int(float(event["new_state"]["state"]))
                except ValueError:
                    continue
                if sequence <= WARMUP:
                    warmed.add(sequence)
                    if len(warmed) >= WARMUP:
                        warm.set()
                    continue
                seen.setdefault((code, sequence), time.perf_counter())
                if len(seen) >= events:
                    done.set()
                    return

        listener = asyncio.create_task(listen())
        client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="bench-devices")
        client.max_inflight_messages_set(1000)
        client.max_queued_messages_set(0)
        client.connect("127.0.0.1", mqtt_port)
        client.loop_start()

        def publish(first: int, last: int, record: bool) -> float:
            # Paced: latency then measures the pipeline, not a backlog the publisher built.
            interval = 1.0 / rate
            began = time.perf_counter()
            for sequence in range(first, last + 1):
                due = began + (sequence - first) * interval
                while (now := time.perf_counter()) < due:
                    time.sleep(min(due - now, 0.001))
                code, kind, prefix = targets[sequence % len(targets)]
                payload = json.dumps({"type": "reading", "reading": sequence, "unit": UNITS[kind]})
                if record:
                    published[(code, sequence)] = time.perf_counter()
                client.publish(f"{prefix}/{code}/event", payload, qos=1)
            return began

        loop = asyncio.get_running_loop()
        # Warm-up (not measured): HA's first writes of each entity, caches, allocations.
        await loop.run_in_executor(None, publish, 1, WARMUP, False)
        try:
            async with asyncio.timeout(30):
                await warm.wait()
        except TimeoutError:
            print(f"# warm-up: {len(warmed)} of {WARMUP} applied", file=sys.stderr)
        start = await loop.run_in_executor(None, publish, WARMUP + 1, WARMUP + events, True)
        try:
            async with asyncio.timeout(max(30.0, events / 200)):
                await done.wait()
        except TimeoutError:
            pass
        end = max(seen.values(), default=time.perf_counter())
        listener.cancel()
        client.loop_stop()
        client.disconnect()

    latencies = sorted((seen[key] - published[key]) * 1000 for key in seen if key in published)
    lost = sum(1 for key in published if key not in seen)
    rate = len(seen) / (end - start) if seen else 0.0
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    p50 = statistics.median(latencies) if latencies else float("nan")
    print(f"BENCH mqtt_events_per_s {rate:.0f}")
    print(f"BENCH event_to_entity_p50_ms {p50:.1f}")
    print(f"BENCH event_to_entity_p95_ms {p95:.1f}")
    print(f"BENCH events_lost {lost}")
    print(f"# {events} events over {len(targets)} meters in {end - start:.2f} s", file=sys.stderr)
    ordered = sorted(key for key in seen if key in published)
    slow = [
        (round(published[key] - start, 2), round((seen[key] - published[key]) * 1000))
        for key in ordered
        if (seen[key] - published[key]) * 1000 > 50
    ]
    print(
        f"# {len(slow)} slower than 50 ms (s into the run, ms): {slow[:3]} … {slow[-3:]}",
        file=sys.stderr,
    )
    return 0 if lost == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=1500.0, help="messages per second offered")
    parser.add_argument("--keep", action="store_true", help="keep the temporary HA folder")
    args = parser.parse_args()
    return asyncio.run(run(args.events, args.rate, args.keep))


if __name__ == "__main__":
    sys.exit(main())
