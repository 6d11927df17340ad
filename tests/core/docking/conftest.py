"""Fixtures for the docking tests: a reference view library, captures, a fake clock."""

from __future__ import annotations

import contextlib
import io
import random
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiohttp
import pytest
from PIL import Image

from custom_components.smart_community.core.docking.capture import Capture, CaptureKind
from custom_components.smart_community.core.events import EventImage, ImageType
from tools.viewlib import ViewLibrary

PLATFORM_ID = "34010400005030000001"
DEVICES = ("34010400009713280001", "34010400009713280002", "34010400009813280003")
BEIJING = timezone(timedelta(hours=8))
T0 = datetime(2024, 5, 1, 8, 30, 0, tzinfo=BEIJING)


def make_jpeg(width: int = 64, height: int = 48, seed: int = 0) -> bytes:
    """A real JPEG of noise (noise keeps it from compressing to nothing)."""
    rng = random.Random(seed)
    image = Image.frombytes(
        "L", (width, height), bytes(rng.randrange(256) for _ in range(width * height))
    )
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def face_capture(n: int, device: str = DEVICES[0], *, jpeg: bytes | None = None) -> Capture:
    """The n-th face capture of ``device`` (one per second)."""
    data = jpeg if jpeg is not None else make_jpeg(seed=n)
    return Capture(
        record_key=f"rec-{device}-{n}",
        kind=CaptureKind.FACE,
        device_id=device,
        time=T0 + timedelta(seconds=n),
        images=(EventImage(ImageType.SCENE, data), EventImage(ImageType.FACE, data)),
    )


class FakeClock:
    """Settable wall clock (epoch seconds)."""

    def __init__(self, start: float = T0.timestamp()) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "records.db"


@pytest.fixture
async def viewlib(socket_enabled: None) -> AsyncIterator[ViewLibrary]:
    library = ViewLibrary(username="police", password="s3cret")
    await library.start()
    yield library
    await library.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def fake_clock() -> Iterator[FakeClock]:
    yield FakeClock()


@pytest.fixture(autouse=True)
async def _stop_services() -> AsyncIterator[None]:
    from .helpers import CREATED, shutdown

    yield
    while CREATED:
        service = CREATED.pop()
        # Idempotent for services the test stopped; after a failure the HTTP session may be
        # closed already, which only costs the courtesy UnRegister.
        with contextlib.suppress(RuntimeError):
            await shutdown(service)
