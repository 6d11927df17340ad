"""The docking loop against the reference view library."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime
from pathlib import Path

import aiohttp

from custom_components.smart_community.core.docking.outbox import OutboxFull
from custom_components.smart_community.core.gat1400.client import (
    AuthenticationFailed,
    ClientConfig,
    ViidClient,
)
from custom_components.smart_community.core.gat1400.viid import CHINA
from tools.viewlib import ViewLibrary

from .conftest import DEVICES, PLATFORM_ID, face_capture
from .helpers import make_service, shutdown, wait_drained, wait_until


async def test_digest_handshake_registers(
    viewlib: ViewLibrary, http: aiohttp.ClientSession
) -> None:
    client = ViidClient(
        http,
        ClientConfig(
            base_url=viewlib.url, platform_id=PLATFORM_ID, username="police", password="s3cret"
        ),
    )
    await client.register()
    assert viewlib.sessions == {PLATFORM_ID}
    assert viewlib.state.unauthorized == 1  # the challenge
    await client.keepalive()
    assert viewlib.state.keepalives == 1
    await client.unregister()
    assert viewlib.sessions == set()


async def test_wrong_password_is_refused(viewlib: ViewLibrary, http: aiohttp.ClientSession) -> None:
    client = ViidClient(
        http,
        ClientConfig(
            base_url=viewlib.url, platform_id=PLATFORM_ID, username="police", password="wrong"
        ),
    )
    try:
        await client.register()
    except AuthenticationFailed:
        pass
    else:
        raise AssertionError("registered with a wrong password")
    assert viewlib.sessions == set()


async def test_system_time_gives_the_clock_offset(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    await service.start()
    await wait_until(lambda: service._clock_offset is not None)
    stats = await service.stats()
    assert stats.connected
    assert stats.clock_offset is not None and abs(stats.clock_offset) < 2
    await shutdown(service)


async def test_captures_arrive_once_with_images(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    await service.start()
    for n in range(5):
        for device in DEVICES:
            await service.enqueue(face_capture(n, device))
    await wait_drained(service)
    assert viewlib.state.received["/VIID/Faces"] == 15
    assert viewlib.state.duplicates == 0
    assert viewlib.state.image_bytes > 0
    stats = await service.stats()
    assert (stats.sent_today, stats.queue_depth, stats.oldest_unsent_age) == (15, 0, None)
    await shutdown(service)


async def test_per_device_order_is_kept_through_failures(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    ids: dict[str, list[str]] = {d: [] for d in DEVICES}
    for n in range(10):
        for device in DEVICES:
            ids[device].append((await service.enqueue(face_capture(n, device))).object_id)
    viewlib.control("fail", status=503, count=3)
    await service.start()
    await wait_drained(service)
    for device in DEVICES:
        assert viewlib.state.order[f"/VIID/Faces|{device}"] == ids[device]
    await shutdown(service)


async def test_lost_acknowledgement_causes_no_duplicate_object(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    await service.start()
    await wait_until(lambda: bool(viewlib.sessions))
    viewlib.control("lose_ack", count=1)
    await service.enqueue(face_capture(1))
    await wait_drained(service)
    assert viewlib.state.received["/VIID/Faces"] == 1
    assert viewlib.state.duplicates == 1  # the retry carried the same FaceID
    await shutdown(service)


async def test_duplicate_answered_with_an_error_code_counts_as_delivered(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    viewlib.duplicate_code = 1  # some platforms answer "already exists" as an error
    service = make_service(viewlib, db_path, http)
    await service.start()
    await wait_until(lambda: bool(viewlib.sessions))
    viewlib.control("lose_ack", count=1)
    await service.enqueue(face_capture(1))
    await wait_drained(service)
    stats = await service.stats()
    assert (stats.sent_today, stats.rejected) == (1, 0)
    await shutdown(service)


async def test_stalled_answer_times_out_and_retry_is_deduplicated(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http, timeout=0.3)
    await service.start()
    await wait_until(lambda: bool(viewlib.sessions))
    viewlib.control("stall", delay=1.0, count=1)
    await service.enqueue(face_capture(1))
    await wait_drained(service)
    assert (viewlib.state.received["/VIID/Faces"], viewlib.state.duplicates) == (1, 1)
    await shutdown(service)


async def test_dropped_session_re_registers_and_resends(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    await service.start()
    await wait_until(lambda: viewlib.state.registrations == 1)
    viewlib.control("drop_session")
    await service.enqueue(face_capture(1))
    await wait_drained(service)
    assert viewlib.state.registrations == 2
    assert viewlib.state.received["/VIID/Faces"] == 1
    await shutdown(service)


async def test_failed_keepalive_re_registers(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http, keepalive=0.05)
    await service.start()
    await wait_until(lambda: viewlib.state.keepalives >= 1)
    viewlib.control("restart")
    await wait_until(lambda: viewlib.state.registrations >= 2)
    await wait_until(lambda: viewlib.state.keepalives >= 3)
    assert (await service.stats()).connected
    await shutdown(service)


async def test_upstream_down_for_the_whole_run_then_back(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    viewlib.control("fail", status=503)
    await viewlib.stop()  # not even listening
    service = make_service(viewlib, db_path, http)
    await service.start()
    for n in range(20):
        await service.enqueue(face_capture(n, DEVICES[n % 3]))
    await asyncio.sleep(0.3)
    stats = await service.stats()
    assert not stats.connected
    assert stats.queue_depth == 20 and stats.last_error
    await service.stop()
    service.outbox.close()
    service.subscriptions.close()
    # Home Assistant restarts while the view library is still down, then it comes back.
    restarted = make_service(viewlib, db_path, http)
    await restarted.start()
    await viewlib.start()
    viewlib.control("ok")
    await wait_drained(restarted)
    assert viewlib.state.received["/VIID/Faces"] == 20
    assert viewlib.state.duplicates == 0
    await shutdown(restarted)


async def test_stop_leaves_no_task_behind(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    before = asyncio.all_tasks()
    await service.start()
    await wait_until(lambda: bool(viewlib.sessions))
    await shutdown(service)
    # Only the view library's own connection handlers may remain (they are the server's).
    left = {
        t
        for t in asyncio.all_tasks() - before
        if not getattr(t.get_coro(), "__qualname__", "").startswith("RequestHandler")
    }
    assert left == set()
    assert viewlib.sessions == set()  # unregistered on the way out


async def test_enqueue_is_idempotent_per_record(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    first = await service.enqueue(face_capture(1))
    again = await service.enqueue(face_capture(1))
    assert first.object_id == again.object_id and not again.added
    await service.start()
    await wait_drained(service)
    assert viewlib.state.received["/VIID/Faces"] == 1
    await shutdown(service)


async def test_full_outbox_refuses_and_the_alarm_shows(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http, max_rows=2)
    await service.enqueue(face_capture(0))
    await service.enqueue(face_capture(1))
    try:
        await service.enqueue(face_capture(2))
    except OutboxFull:
        pass
    else:
        raise AssertionError("a full outbox took another capture")
    stats = await service.stats()
    assert stats.outbox_full and stats.queue_depth == 2
    await service.start()
    await wait_drained(service)
    assert not (await service.stats()).outbox_full
    assert (await service.enqueue(face_capture(2))).added
    await shutdown(service)


async def test_keepalive_runs_on_the_agreed_interval(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http, keepalive=0.1)
    await service.start()
    await asyncio.sleep(0.55)
    assert 3 <= viewlib.state.keepalives <= 6
    assert viewlib.state.registrations == 1
    await shutdown(service)


async def test_refused_session_backs_off_instead_of_hammering(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    await service.enqueue(face_capture(0))
    viewlib.control("refuse_session")  # registers us, then answers 401 to everything
    await service.start()
    await asyncio.sleep(1.0)
    # FAST back-off caps at 0.2 s: without it this would be hundreds of registrations.
    assert 3 <= viewlib.state.registrations <= 30
    await shutdown(service)


async def test_daily_statistics_cover_seven_local_days(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    await service.start()
    for n in range(3):
        await service.enqueue(face_capture(n))
    await wait_drained(service)
    days = await service.daily_statistics()
    assert len(days) == 7
    today = datetime.now(CHINA).date().isoformat()
    assert list(days)[-1] == today
    assert days[today] == {"sent": 3, "rejected": 0}
    assert sum(d["sent"] for d in days.values()) == 3
    await shutdown(service)


async def test_items_go_as_soon_as_the_view_library_is_back(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    await service.enqueue(face_capture(0))
    # An earlier outage left the item waiting out a long back-off.
    service.outbox.mark_failed([1], "HTTP 503", lambda n: 3600.0)
    await service.start()
    await wait_drained(service, timeout=3)
    await shutdown(service)


async def test_the_loop_survives_an_unexpected_error(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    real = service.outbox.next_batch
    calls = 0

    def flaky(**kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise sqlite3.OperationalError("disk I/O error")
        return real(**kwargs)  # type: ignore[arg-type]

    service.outbox.next_batch = flaky  # type: ignore[method-assign,assignment]
    await service.enqueue(face_capture(0))
    await service.start()
    await wait_drained(service)
    assert calls > 1
    assert viewlib.state.received["/VIID/Faces"] == 1
    await shutdown(service)


async def test_captures_during_an_outage_do_not_speed_up_registration_attempts(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    viewlib.control("fail", status=503)
    service = make_service(viewlib, db_path, http)
    await service.start()
    for n in range(50):
        await service.enqueue(face_capture(n, DEVICES[n % 3]))
        await asyncio.sleep(0.01)
    # About 0.6 s at a back-off capped at 0.2 s: a handful of attempts, not one per capture.
    assert 2 <= viewlib.state.failed_requests <= 15
    viewlib.control("ok")
    await wait_drained(service)
    assert viewlib.state.received["/VIID/Faces"] == 50
    await shutdown(service)
