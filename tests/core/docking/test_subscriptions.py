"""Upstream subscriptions: the /VIID/Subscribes handler and notifications."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp

from custom_components.smart_community.core.docking.capture import CaptureKind
from custom_components.smart_community.core.docking.subscriptions import SubscriptionRegistry
from tools.viewlib import ViewLibrary

from .conftest import DEVICES, PLATFORM_ID, T0, face_capture
from .helpers import ANY_RECEIVER, make_service, shutdown, wait_drained


def _subscribe(
    receive: str = "http://127.0.0.1:1/VIID/SubscribeNotifications", **extra: Any
) -> bytes:
    obj = {
        "SubscribeID": "340104000003202405010830000001",
        "Title": "人脸订阅",
        "SubscribeDetail": "12",
        "ResourceURI": DEVICES[0],
        "ApplicantName": "派出所",
        "BeginTime": "20240501000000",
        "EndTime": "20240601000000",
        "ReceiveAddr": receive,
        "ReportInterval": 5,
        "OperateType": 0,
        **extra,
    }
    return json.dumps({"SubscribeListObject": {"SubscribeObject": [obj]}}).encode()


def _codes(body: dict[str, Any]) -> list[int]:
    return [s["StatusCode"] for s in body["ResponseStatusListObject"]["ResponseStatusObject"]]


def test_subscribe_persists_and_matches(db_path: Path) -> None:
    registry = SubscriptionRegistry(db_path, platform_id=PLATFORM_ID, receiver_allowed=ANY_RECEIVER)
    reply = registry.handle("POST", "/VIID/Subscribes", _subscribe())
    assert (reply.status, _codes(reply.body)) == (200, [0])
    registry.close()
    registry = SubscriptionRegistry(db_path, platform_id=PLATFORM_ID, receiver_allowed=ANY_RECEIVER)
    [sub] = registry.active
    assert sub.title == "人脸订阅" and sub.report_interval == 5
    assert registry.matching(CaptureKind.FACE, DEVICES[0], T0) == [sub]
    assert registry.matching(CaptureKind.FACE, DEVICES[1], T0) == []  # other device
    assert registry.matching(CaptureKind.MOTOR_VEHICLE, DEVICES[0], T0) == []  # detail 13
    assert registry.matching(CaptureKind.FACE, DEVICES[0], T0.replace(year=2025)) == []
    registry.close()


def test_platform_resource_matches_every_device(db_path: Path) -> None:
    registry = SubscriptionRegistry(db_path, platform_id=PLATFORM_ID, receiver_allowed=ANY_RECEIVER)
    registry.handle(
        "POST", "/VIID/Subscribes", _subscribe(ResourceURI=PLATFORM_ID, SubscribeDetail="12,13")
    )
    assert len(registry.matching(CaptureKind.MOTOR_VEHICLE, DEVICES[2], T0)) == 1
    registry.close()


def test_invalid_subscriptions_are_answered_per_object(db_path: Path) -> None:
    registry = SubscriptionRegistry(db_path, platform_id=PLATFORM_ID, receiver_allowed=ANY_RECEIVER)
    assert _codes(
        registry.handle("POST", "/VIID/Subscribes", _subscribe(receive="ftp://x")).body
    ) == [8]
    assert _codes(
        registry.handle("POST", "/VIID/Subscribes", _subscribe(BeginTime="yesterday")).body
    ) == [8]
    bad_json = registry.handle("POST", "/VIID/Subscribes", b"{")
    assert bad_json.status == 400
    assert bad_json.body["ResponseStatusObject"]["StatusCode"] == 7
    assert registry.active == []
    registry.close()


def test_cancel_by_put_delete_and_operate_type(db_path: Path) -> None:
    registry = SubscriptionRegistry(db_path, platform_id=PLATFORM_ID, receiver_allowed=ANY_RECEIVER)
    cancelled: list[str] = []
    registry.on_cancel(lambda s: cancelled.append(s.subscribe_id))
    sid = "340104000003202405010830000001"
    registry.handle("POST", "/VIID/Subscribes", _subscribe())
    put = registry.handle(
        "PUT",
        f"/VIID/Subscribes/{sid}",
        json.dumps({"SubscribeObject": {"OperateType": 1}}).encode(),
    )
    assert put.body["ResponseStatusObject"]["StatusCode"] == 0
    assert registry.active == [] and cancelled == [sid]
    registry.handle("POST", "/VIID/Subscribes", _subscribe())
    delete = registry.handle("DELETE", "/VIID/Subscribes", b"", {"IDList": sid})
    assert _codes(delete.body) == [0]
    assert _codes(registry.handle("POST", "/VIID/Subscribes", _subscribe(OperateType=1)).body) == [
        4
    ]  # nothing left to cancel
    registry.close()
    assert (
        SubscriptionRegistry(db_path, platform_id=PLATFORM_ID, receiver_allowed=ANY_RECEIVER).active
        == []
    )


def test_get_lists_subscriptions(db_path: Path) -> None:
    registry = SubscriptionRegistry(db_path, platform_id=PLATFORM_ID, receiver_allowed=ANY_RECEIVER)
    registry.handle("POST", "/VIID/Subscribes", _subscribe())
    listed = registry.handle("GET", "/VIID/Subscribes", b"")
    assert listed.body["SubscribeListObject"]["SubscribeObject"][0]["Title"] == "人脸订阅"
    assert registry.handle("PATCH", "/VIID/Subscribes", b"{}").status == 405
    registry.close()


async def test_matching_captures_are_notified_once(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    reply = service.subscriptions.handle(
        "POST", "/VIID/Subscribes", _subscribe(f"{viewlib.url}/VIID/SubscribeNotifications")
    )
    assert _codes(reply.body) == [0]
    await service.start()
    ids = [(await service.enqueue(face_capture(n, DEVICES[0]))).object_id for n in range(3)]
    await service.enqueue(face_capture(0, DEVICES[1]))  # not subscribed
    await wait_drained(service)
    sid = "340104000003202405010830000001"
    assert viewlib.state.received[f"notify:{sid}"] == 3
    assert viewlib.state.order[f"notify:{sid}|{DEVICES[0]}"] == ids
    assert viewlib.state.received["/VIID/Faces"] == 4
    await shutdown(service)


async def test_cancelled_subscription_withdraws_pending_notifications(
    viewlib: ViewLibrary, db_path: Path, http: aiohttp.ClientSession
) -> None:
    service = make_service(viewlib, db_path, http)
    service.subscriptions.handle(
        "POST", "/VIID/Subscribes", _subscribe(f"{viewlib.url}/VIID/SubscribeNotifications")
    )
    await service.enqueue(face_capture(0))
    assert (await service.stats()).queue_depth == 2
    service.subscriptions.handle(
        "DELETE", "/VIID/Subscribes", b"", {"IDList": "340104000003202405010830000001"}
    )
    await service.start()
    await wait_drained(service)
    assert viewlib.state.notifications == 0
    assert viewlib.state.received["/VIID/Faces"] == 1
    await shutdown(service)


def test_a_receiver_the_community_does_not_allow_is_refused(db_path: Path) -> None:
    """A subscription makes the community push faces and plates to its ReceiveAddr."""
    registry = SubscriptionRegistry(
        db_path,
        platform_id=PLATFORM_ID,
        receiver_allowed=lambda url: url.startswith("http://10.0.0.5:"),
    )
    refused = registry.handle("POST", "/VIID/Subscribes", _subscribe("http://127.0.0.1:9/recv"))
    assert _codes(refused.body) != [0]
    allowed = registry.handle("POST", "/VIID/Subscribes", _subscribe("http://10.0.0.5:80/recv"))
    assert _codes(allowed.body) == [0]
    assert "not a receiver the community allows" in json.dumps(refused.body)
    assert [sub.receive_addr for sub in registry.active] == ["http://10.0.0.5:80/recv"]
    assert allowed.status == 200
    registry.close()
