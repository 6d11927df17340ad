"""Docking throughput under failure: captures with images through the outbox to the view library.

Run: ``.venv/bin/python benchmarks/docking.py [--count 3000] [--devices 8]``

The reference view library (in-process, loopback) is made to answer 503 for a while, to
lose acknowledgements (it stores, then answers 500) and to restart (stop listening,
forget sessions) during the run. Prints::

    BENCH docking_objects_per_s N   objects acknowledged per second, end to end
    BENCH docking_lost N            captures enqueued but never stored upstream
    BENCH docking_duplicates N      objects stored upstream more than once

Targets: >= 200 objects/s with images, 0 lost, 0 duplicates.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiohttp
from PIL import Image

from custom_components.smart_community.core.docking.backoff import Backoff
from custom_components.smart_community.core.docking.capture import (
    Capture,
    CaptureKind,
)
from custom_components.smart_community.core.docking.outbox import OutboxStore
from custom_components.smart_community.core.docking.service import (
    DockingConfig,
    DockingService,
)
from custom_components.smart_community.core.docking.subscriptions import (
    SubscriptionRegistry,
)
from custom_components.smart_community.core.events import EventImage, ImageType
from custom_components.smart_community.core.gat1400.client import ClientConfig
from tools.viewlib import ViewLibrary

PLATFORM_ID = "34010400005030000001"
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def jpeg_of_about(size: int, seed: int) -> bytes:
    """A real JPEG of noise close to ``size`` bytes."""
    rng = random.Random(seed)
    side = 64
    while True:
        pixels = bytes(rng.randrange(256) for _ in range(side * side))
        out = io.BytesIO()
        Image.frombytes("L", (side, side), pixels).save(out, format="JPEG", quality=85)
        if out.tell() >= size or side > 1024:
            return out.getvalue()
        side += 16


async def chaos(library: ViewLibrary, count: int, log: list[str]) -> None:
    """Fail, lose acknowledgements and restart while the run progresses."""

    def stored() -> int:
        return library.state.received.get("/VIID/Faces", 0)

    async def reach(fraction: float) -> None:
        while stored() < count * fraction:
            await asyncio.sleep(0.005)

    await reach(0.2)
    library.control("fail", status=503)
    log.append(f"503 at {stored()}")
    await asyncio.sleep(0.5)
    library.control("ok")
    await reach(0.45)
    library.control("lose_ack", count=3)
    log.append(f"lost acks at {stored()}")
    await reach(0.7)
    await library.stop()
    log.append(f"restart at {stored()}")
    await asyncio.sleep(0.5)
    library.control("restart")
    await library.start()


async def run(count: int, devices: int, image_size: int) -> dict[str, float]:
    scene = jpeg_of_about(image_size, 1)
    face = jpeg_of_about(image_size // 4, 2)
    library = ViewLibrary(username="police", password="s3cret")
    await library.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "records.db"
        async with aiohttp.ClientSession() as http:
            service = DockingService(
                DockingConfig(
                    client=ClientConfig(
                        base_url=library.url,
                        platform_id=PLATFORM_ID,
                        username="police",
                        password="s3cret",
                        timeout=5,
                    ),
                    batch_size=devices,
                    idle_wait=0.05,
                    backoff=Backoff(base=0.05, factor=2, cap=0.5, jitter=0.5),
                ),
                OutboxStore(db),
                SubscriptionRegistry(db, platform_id=PLATFORM_ID),
                http,
            )
            codes = [f"3401040000971328{n:04d}" for n in range(1, devices + 1)]
            log: list[str] = []
            started = time.perf_counter()
            await service.start()
            disturb = asyncio.create_task(chaos(library, count, log))

            async def camera(index: int) -> None:
                # One producer per camera, as the devices push concurrently; a camera's own
                # captures are enqueued in order.
                for n in range(index, count, devices):
                    await service.enqueue(
                        Capture(
                            record_key=f"bench-{n}",
                            kind=CaptureKind.FACE,
                            device_id=codes[index],
                            time=T0 + timedelta(seconds=n // devices),
                            images=(
                                EventImage(ImageType.SCENE, scene),
                                EventImage(ImageType.FACE, face),
                            ),
                        )
                    )

            await asyncio.gather(*(camera(index) for index in range(devices)))
            while (await service.stats()).queue_depth:
                await asyncio.sleep(0.01)
            elapsed = time.perf_counter() - started
            await disturb
            await service.stop()
            service.outbox.close()
            service.subscriptions.close()
    await library.stop()
    stored = library.state.received.get("/VIID/Faces", 0)
    print(
        f"# {count} captures ({len(scene)} + {len(face)} byte JPEGs) from {devices} devices "
        f"in {elapsed:.2f}s; chaos: {', '.join(log)}; resends recognised upstream: "
        f"{library.state.duplicates}; registrations: {library.state.registrations}"
    )
    return {
        "docking_objects_per_s": count / elapsed,
        "docking_lost": max(0, count - stored),
        "docking_duplicates": max(0, stored - count),
    }


def main() -> None:
    """Parse arguments, run, print BENCH lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--devices", type=int, default=8)
    parser.add_argument("--image-size", type=int, default=20_000)
    args = parser.parse_args()
    results = asyncio.run(run(args.count, args.devices, args.image_size))
    for name, value in results.items():
        shown = f"{value:.1f}" if name.endswith("_per_s") else f"{int(value)}"
        print(f"BENCH {name} {shown}")


if __name__ == "__main__":
    main()
