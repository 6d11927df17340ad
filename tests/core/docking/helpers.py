"""Building a docking service against the reference view library."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp

from custom_components.smart_community.core.docking.backoff import Backoff
from custom_components.smart_community.core.docking.outbox import OutboxStore
from custom_components.smart_community.core.docking.service import DockingConfig, DockingService
from custom_components.smart_community.core.docking.subscriptions import SubscriptionRegistry
from custom_components.smart_community.core.gat1400.client import ClientConfig
from tools.viewlib import ViewLibrary

from .conftest import PLATFORM_ID


def ANY_RECEIVER(url: str) -> bool:
    """Tests of subscriptions themselves: every receiver allowed."""
    return True


FAST = Backoff(base=0.02, factor=2, cap=0.2, jitter=0.5)
# Every service a test builds; conftest stops them even when the test failed half-way.
CREATED: list[DockingService] = []


def make_service(
    library: ViewLibrary,
    db_path: Path,
    http: aiohttp.ClientSession,
    *,
    password: str = "s3cret",
    timeout: float = 2.0,
    keepalive: float = 30.0,
    batch_size: int = 32,
    max_rows: int = 10_000,
) -> DockingService:
    config = DockingConfig(
        client=ClientConfig(
            base_url=library.url,
            platform_id=PLATFORM_ID,
            username="police",
            password=password,
            timeout=timeout,
        ),
        keepalive_interval=keepalive,
        idle_wait=0.05,
        batch_size=batch_size,
        backoff=FAST,
    )
    service = DockingService(
        config,
        OutboxStore(db_path, max_rows=max_rows),
        SubscriptionRegistry(db_path, platform_id=PLATFORM_ID, receiver_allowed=ANY_RECEIVER),
        http,
    )
    CREATED.append(service)
    return service


async def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


async def drained(service: DockingService) -> bool:
    return (await service.stats()).queue_depth == 0


async def wait_drained(service: DockingService, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not await drained(service):
        if time.monotonic() > deadline:
            raise AssertionError("outbox not drained in time")
        await asyncio.sleep(0.02)


async def shutdown(service: DockingService) -> None:
    await service.stop()
    service.outbox.close()
    service.subscriptions.close()
