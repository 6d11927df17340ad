"""Event streams of the simulated terminals reach HA naming the registry's person."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import aiohttp

from custom_components.smart_community.core.events import DeviceEvent, EventKind, ImageType
from custom_components.smart_community.core.people import PeopleRegistry
from custom_components.smart_community.core.terminals import FolderPhotoSource, SyncStore
from custom_components.smart_community.core.terminals.http import DigestHttp
from custom_components.smart_community.core.terminals.receivers import (
    EventStreamReceiver,
    dahua_receiver,
    isapi_receiver,
)
from tools.simulator.terminals import SimulatedTerminal

from .conftest import PASSWORD, USER, Community, FakeClock, family, make_engine, settled


async def _subscribed(terminal: SimulatedTerminal) -> None:
    for _ in range(500):  # up to 10 s: the machine may be loaded
        if terminal.subscribers:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("nobody subscribed")


async def _wait_for(events: list[DeviceEvent], count: int) -> None:
    for _ in range(200):
        if len(events) >= count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"only {len(events)} events")


async def test_unit_door_opens_by_the_terminals_own_recognition_and_names_the_resident(
    community: Community,
    http: aiohttp.ClientSession,
    photos: FolderPhotoSource,
    store: SyncStore,
    clock: FakeClock,
    registry: PeopleRegistry,
) -> None:
    family(registry)
    events: list[DeviceEvent] = []
    engine = make_engine(
        store, community, http, photos, clock, event_sink=events.append, events=True
    )
    await engine.start(registry.snapshot)
    try:
        await settled(engine)
        await _subscribed(community.unit_1_1)
        user_id, granted = community.unit_1_1.present_face(photos.read("p2.jpg"))
        assert granted and user_id == store.user_ids(["P-2"])["P-2"]
        community.unit_1_1.present_card("0099999999")  # nobody's card
        await _wait_for(events, 2)
        face, card = events[0], events[1]
        assert (face.kind, face.event_type, face.method) == (EventKind.ACCESS, "verified", "face")
        assert face.person_id == "P-2" and face.attributes["terminal_user_id"] == user_id
        assert face.device_id == community.unit_1_1.device_code
        assert (card.event_type, card.person_id, card.attributes["card_no"]) == (
            "denied",
            None,
            "0099999999",
        )
        # Every terminal's stream is subscribed (each in its own time: wait, do not race them).
        await _subscribed(community.unit_1_2)
        await _subscribed(community.gate)
        assert community.unit_1_2.subscribers == 1 and community.gate.subscribers == 1
    finally:
        await engine.stop()
    for _ in range(100):  # the terminal notices the closed stream at its next heartbeat
        if community.unit_1_1.subscribers == 0:
            break
        await asyncio.sleep(0.05)
    assert community.unit_1_1.subscribers == 0


@contextlib.asynccontextmanager
async def _receiving(
    make: Callable[..., EventStreamReceiver],
    terminal: SimulatedTerminal,
    http: aiohttp.ClientSession,
) -> AsyncIterator[tuple[EventStreamReceiver, list[DeviceEvent]]]:
    events: list[DeviceEvent] = []
    receiver = make(
        DigestHttp(http, terminal.url, USER, PASSWORD),
        events.append,
        device_code=terminal.device_code,
    )
    receiver.start()
    try:
        await _subscribed(terminal)
        yield receiver, events
    finally:
        await receiver.stop()


async def test_dahua_attach_stream_events_and_a_bad_part_does_not_stop_the_stream(
    community: Community, http: aiohttp.ClientSession
) -> None:
    terminal = community.unit_1_2
    async with _receiving(dahua_receiver, terminal, http) as (receiver, events):
        terminal.emit(
            b"--myboundary\r\nContent-Type: text/plain\r\nContent-Length: 22\r\n\r\n"
            b"Code=AccessControl;da\r\n"
        )
        terminal.present_card("0012345601")
        await _wait_for(events, 1)
        assert events[0].event_type == "denied" and events[0].method == "ic_card"
        assert events[0].attributes["card_no"] == "0012345601"
        assert receiver.stats.bad_parts == 1


async def test_isapi_alert_stream_keeps_the_picture_with_its_event(
    community: Community, http: aiohttp.ClientSession
) -> None:
    terminal = community.gate
    async with _receiving(isapi_receiver, terminal, http) as (_, events):
        picture = b"\xff\xd8\xff\xe0" + b"x" * 100
        terminal.emit(terminal._event({"majorEventType": 5, "subEventType": 76}, picture))
        await _wait_for(events, 1)
        assert events[0].event_type == "denied"
        assert [image.type for image in events[0].images] == [ImageType.FACE]
        assert events[0].images[0].data == picture
