"""Subscriptions the police view library places with us (``/VIID/Subscribes``).

The handler is pure: it takes the request's method, path, query and body and returns a
status and a JSON body, so the HA layer can mount it on HA's web server and tests can
call it directly. Subscriptions persist in ``docking_subscriptions`` (same database file
as the outbox).

``SubscribeDetail`` (GA/T 1400.3 订阅类别) is a comma-separated list; the ones we serve:
``11`` automatically captured persons, ``12`` faces, ``13`` motor vehicles.
``ResourceURI`` lists device codes, or our platform code for everything.
``OperateType`` ``0`` subscribes, ``1`` cancels.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..gat1400.viid import RESOURCES, parse_viid_time, response_status
from ..protocols.documents import load_json
from ..protocols.numbers import integer
from .capture import CaptureKind

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docking_subscriptions (
    subscribe_id TEXT PRIMARY KEY,
    object TEXT NOT NULL,
    cancelled INTEGER NOT NULL DEFAULT 0
);
"""
_PATH = "/VIID/Subscribes"
# GA/T 1400.4 StatusCode: 0 OK, 4 invalid operation, 7 invalid JSON format, 8 invalid content.
OK, INVALID_OPERATION, INVALID_JSON_FORMAT, INVALID_JSON_CONTENT = 0, 4, 7, 8


class InvalidSubscription(ValueError):
    """A SubscribeObject misses a field or has a malformed one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Subscription:
    """One accepted subscription."""

    subscribe_id: str
    title: str
    details: frozenset[str]
    resources: frozenset[str]
    applicant: str
    begin: datetime | None
    end: datetime | None
    receive_addr: str
    report_interval: int
    raw: Mapping[str, Any]

    @property
    def route(self) -> str:
        """The outbox route of its notifications."""
        return f"notify:{self.subscribe_id}"

    def matches(self, kind: CaptureKind, device_id: str, platform_id: str, when: datetime) -> bool:
        """Whether an object of ``kind`` from ``device_id`` at ``when`` is subscribed."""
        if RESOURCES[kind].subscribe_detail not in self.details:
            return False
        if self.resources and not ({device_id, platform_id} & self.resources):
            return False
        if self.begin is not None and when < self.begin:
            return False
        return self.end is None or when <= self.end


def parse_subscription(obj: Mapping[str, Any]) -> Subscription:
    """Validate one SubscribeObject."""
    try:
        subscribe_id = str(obj["SubscribeID"]).strip()
        receive_addr = str(obj["ReceiveAddr"]).strip()
        details = frozenset(
            part.strip() for part in str(obj["SubscribeDetail"]).split(",") if part.strip()
        )
    except KeyError as err:
        raise InvalidSubscription(f"{err.args[0]} is required") from err
    if not subscribe_id:
        raise InvalidSubscription("SubscribeID is empty")
    if not receive_addr.startswith(("http://", "https://")):
        raise InvalidSubscription(f"ReceiveAddr {receive_addr!r} is not an http(s) URL")
    if not details:
        raise InvalidSubscription("SubscribeDetail is empty")
    try:
        begin = parse_viid_time(str(obj["BeginTime"])) if obj.get("BeginTime") else None
        end = parse_viid_time(str(obj["EndTime"])) if obj.get("EndTime") else None
        interval = integer(obj.get("ReportInterval") or 0, "ReportInterval") or 0
    except ValueError as err:  # DecodeError is a ValueError
        raise InvalidSubscription(f"malformed time or interval: {err}") from err
    resources = frozenset(
        part.strip() for part in str(obj.get("ResourceURI") or "").split(",") if part.strip()
    )
    return Subscription(
        subscribe_id=subscribe_id,
        title=str(obj.get("Title") or ""),
        details=details,
        resources=resources,
        applicant=str(obj.get("ApplicantName") or ""),
        begin=begin,
        end=end,
        receive_addr=receive_addr,
        report_interval=interval,
        raw=dict(obj),
    )


@dataclass(frozen=True, slots=True)
class ViidReply:
    """What the HTTP layer answers: status and JSON body."""

    status: int
    body: dict[str, Any]


class SubscriptionRegistry:
    """Persisted subscriptions plus the ``/VIID/Subscribes`` handler."""

    def __init__(
        self,
        path: str | Path,
        *,
        platform_id: str,
        receiver_allowed: Callable[[str], bool] = lambda url: False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``receiver_allowed(url)``: whether a subscription may name this ``ReceiveAddr``
        (a subscription makes the community push faces and plates there)."""
        self.platform_id = platform_id
        self.receiver_allowed = receiver_allowed
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._active: dict[str, Subscription] = {}
        for (text,) in self._db.execute(
            "SELECT object FROM docking_subscriptions WHERE cancelled = 0"
        ):
            sub = parse_subscription(json.loads(text))
            self._active[sub.subscribe_id] = sub
        self._cancel_listeners: list[Callable[[Subscription], None]] = []

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    def on_cancel(self, listener: Callable[[Subscription], None]) -> None:
        """Call ``listener`` whenever a subscription is cancelled."""
        self._cancel_listeners.append(listener)

    @property
    def active(self) -> list[Subscription]:
        """Subscriptions currently in force."""
        return list(self._active.values())

    def matching(self, kind: CaptureKind, device_id: str, when: datetime) -> list[Subscription]:
        """Subscriptions that want this object."""
        return [
            s for s in self._active.values() if s.matches(kind, device_id, self.platform_id, when)
        ]

    # -- the HTTP handler --------------------------------------------------------------

    def handle(
        self, method: str, path: str, body: bytes, query: Mapping[str, str] | None = None
    ) -> ViidReply:
        """Answer a request under ``/VIID/Subscribes``."""
        query = query or {}
        method = method.upper()
        sub_path = path[len(_PATH) :].strip("/") if path.startswith(_PATH) else None
        if sub_path is None:
            return self._status(404, path, "", INVALID_OPERATION, "unknown resource")
        if method == "GET" and not sub_path:
            return ViidReply(
                200,
                {
                    "SubscribeListObject": {
                        "SubscribeObject": [dict(s.raw) for s in self._active.values()]
                    }
                },
            )
        if method == "DELETE" and not sub_path:
            ids = [i for i in query.get("IDList", "").split(",") if i]
            return self._list_reply(path, [(i, *self._cancel(i)) for i in ids])
        try:
            payload = load_json(body) if body else None
        except ValueError:  # DecodeError is a ValueError
            return self._status(400, path, sub_path, INVALID_JSON_FORMAT, "invalid JSON")
        if method == "POST" and not sub_path:
            return self._post(path, payload)
        if method == "PUT" and sub_path:
            obj = payload.get("SubscribeObject") if isinstance(payload, dict) else None
            if not isinstance(obj, dict):
                return self._status(
                    400, path, sub_path, INVALID_JSON_CONTENT, "SubscribeObject missing"
                )
            obj = {**obj, "SubscribeID": sub_path}
            outcome = self._apply(obj)
            return self._status(200, path, sub_path, *outcome)
        return self._status(405, path, sub_path, INVALID_OPERATION, f"{method} not supported")

    def _post(self, path: str, payload: Any) -> ViidReply:
        objects = (
            payload.get("SubscribeListObject", {}).get("SubscribeObject")
            if isinstance(payload, dict) and isinstance(payload.get("SubscribeListObject"), dict)
            else None
        )
        if isinstance(objects, dict):
            objects = [objects]
        if not isinstance(objects, list):
            return self._status(400, path, "", INVALID_JSON_CONTENT, "SubscribeListObject missing")
        results = []
        for obj in objects:
            sid = str(obj.get("SubscribeID", "")) if isinstance(obj, dict) else ""
            outcome = (
                self._apply(obj)
                if isinstance(obj, dict)
                else (INVALID_JSON_CONTENT, "not an object")
            )
            results.append((sid, *outcome))
        return self._list_reply(path, results)

    def _apply(self, obj: Mapping[str, Any]) -> tuple[int, str]:
        if str(obj.get("OperateType", "0")) == "1":
            return self._cancel(str(obj.get("SubscribeID", "")))
        try:
            sub = parse_subscription(obj)
        except InvalidSubscription as err:
            return INVALID_JSON_CONTENT, str(err)
        if not self.receiver_allowed(sub.receive_addr):
            return INVALID_JSON_CONTENT, (
                f"ReceiveAddr {sub.receive_addr[:80]!r} is not a receiver the community allows"
            )
        with self._lock:
            self._db.execute(
                "INSERT INTO docking_subscriptions (subscribe_id, object, cancelled)"
                " VALUES (?, ?, 0) ON CONFLICT (subscribe_id) DO UPDATE SET"
                " object = excluded.object, cancelled = 0",
                (sub.subscribe_id, json.dumps(dict(obj), ensure_ascii=False)),
            )
            self._active[sub.subscribe_id] = sub
        return OK, "OK"

    def _cancel(self, subscribe_id: str) -> tuple[int, str]:
        with self._lock:
            sub = self._active.pop(subscribe_id, None)
            if sub is None:
                return INVALID_OPERATION, f"no subscription {subscribe_id}"
            self._db.execute(
                "UPDATE docking_subscriptions SET cancelled = 1 WHERE subscribe_id = ?",
                (subscribe_id,),
            )
        for listener in self._cancel_listeners:
            listener(sub)
        return OK, "OK"

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    def _status(self, http: int, path: str, object_id: str, code: int, text: str) -> ViidReply:
        return ViidReply(
            http,
            {"ResponseStatusObject": response_status(path, object_id, code, text, self._now())},
        )

    def _list_reply(self, path: str, results: list[tuple[str, int, str]]) -> ViidReply:
        now = self._now()
        return ViidReply(
            200,
            {
                "ResponseStatusListObject": {
                    "ResponseStatusObject": [
                        response_status(path, sid, code, text, now) for sid, code, text in results
                    ]
                }
            },
        )
