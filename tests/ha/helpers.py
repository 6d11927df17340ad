"""Helpers of the HA tests: the community's hub, and events as their own transport delivers them."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.core.devices import Transport
from custom_components.smart_community.core.events import DeviceEvent
from custom_components.smart_community.hub import CommunityHub
from custom_components.smart_community.runtime import CommunityRuntime
from custom_components.smart_community.transports.base import EventOrigin


def runtime_of(entry: MockConfigEntry) -> CommunityRuntime:
    """The loaded community's runtime."""
    runtime: CommunityRuntime = entry.runtime_data
    return runtime


def hub_of(entry: MockConfigEntry) -> CommunityHub:
    """The loaded community's hub."""
    return runtime_of(entry).hub


def deliver(hub: CommunityHub, event: DeviceEvent) -> bool:
    """``event`` as the device's own transport (the register's 接入方式) delivers it."""
    device = hub.resolve(event.device_id)
    transport = device.transport if device is not None else Transport.MQTT
    return hub.async_process_event(event, EventOrigin(transport))


def derive(hub: CommunityHub, event: DeviceEvent) -> bool:
    """``event`` as the integration derives it (recognition: clusters, engine matches)."""
    device = hub.resolve(event.device_id)
    assert device is not None
    return hub.async_process_derived(device, event)


async def drain_recognition(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Wait (at most 30 s) until recognition has worked off every queued capture.

    The pause between looks is a real one in the executor: under a frozen clock HA's loop
    time stands still too, so ``asyncio.sleep`` would never wake.
    """
    recognition = runtime_of(entry).recognition
    assert recognition is not None, "recognition is not running (models missing?)"
    for _ in range(600):
        await hass.async_block_till_done()
        if recognition.idle:
            return
        await hass.async_add_executor_job(time.sleep, 0.05)
    raise AssertionError("recognition did not finish within 30 s")


async def wait_until(
    hass: HomeAssistant,
    done: Callable[[], bool],
    what: str,
    *,
    refresh: Callable[[], Awaitable[object]] | None = None,
    seconds: float = 10.0,
) -> None:
    """Wait (at most ``seconds``) until ``done()``, for work HA does not let tests wait on;
    ``refresh`` (a coordinator's refresh, say) is awaited before each look.

    Jobs of ``async_track_time_change`` / ``async_track_time_interval`` run as background
    tasks, and ``async_block_till_done`` does not wait for those (nor for their executor
    jobs). The pause between looks is a real one in the executor (see ``drain_recognition``).
    """
    for _ in range(round(seconds / 0.05)):
        if refresh is not None:
            await refresh()
        await hass.async_block_till_done()
        if done():
            return
        await hass.async_add_executor_job(time.sleep, 0.05)
    raise AssertionError(f"{what} did not happen within {seconds:g} s")
