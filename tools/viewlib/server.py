"""A reference GA/T 1400 view library for tests, the benchmark and the demo.

It does what the police platform does to us, and can misbehave on request:

* ``POST /VIID/System/Register`` with a Digest (MD5, qop=auth) challenge;
  ``Keepalive``, ``UnRegister``, ``GET /VIID/System/Time``.
* ``POST /VIID/Faces``, ``/VIID/MotorVehicles``, ``/VIID/Persons`` and
  ``/VIID/SubscribeNotifications``, answered with ResponseStatus envelopes; objects are
  deduplicated by ID (a duplicate is acknowledged and counted).
* ``GET /stats``: counters as JSON.
* ``POST /control`` ``{"mode": ...}``: ``ok``; ``fail`` (answer ``status``, 500 or 503);
  ``lose_ack`` (store, then answer 500: the client must retry and we must see a
  duplicate); ``stall`` (store, then wait ``delay`` seconds before answering);
  ``drop_session`` (forget who registered: next request gets 401); ``restart`` (forget
  sessions and nonces, as after a reboot); ``refuse_session`` (accept registrations but
  keep no session: a broken platform). ``count`` limits ``fail``/``lose_ack``/``stall``
  to that many requests.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web

from custom_components.smart_community.core.digest import DigestAuth
from custom_components.smart_community.core.gat1400.viid import response_status, viid_time

REALM = "viewlib"
_RESOURCES = {
    "/VIID/Faces": ("FaceListObject", "FaceObject", "FaceID"),
    "/VIID/MotorVehicles": ("MotorVehicleListObject", "MotorVehicleObject", "MotorVehicleID"),
    "/VIID/Persons": ("PersonListObject", "PersonObject", "PersonID"),
}
_NOTIFICATION_LISTS = {
    "FaceObjectList": ("FaceObject", "FaceID"),
    "MotorVehicleObjectList": ("MotorVehicleObject", "MotorVehicleID"),
    "PersonObjectList": ("PersonObject", "PersonID"),
}
MODES = frozenset({"ok", "fail", "lose_ack", "stall", "drop_session", "restart", "refuse_session"})


@dataclass(slots=True)
class ViewLibraryState:
    """Everything the view library counted."""

    received: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    duplicates: int = 0
    registrations: int = 0
    keepalives: int = 0
    unauthorized: int = 0
    requests: int = 0
    failed_requests: int = 0
    notifications: int = 0
    seen: set[str] = field(default_factory=set)
    order: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    image_bytes: int = 0

    def to_json(self) -> dict[str, Any]:
        """The ``/stats`` body."""
        return {
            "received": dict(self.received),
            "received_total": sum(self.received.values()),
            "duplicates": self.duplicates,
            "registrations": self.registrations,
            "keepalives": self.keepalives,
            "unauthorized": self.unauthorized,
            "requests": self.requests,
            "failed_requests": self.failed_requests,
            "notifications": self.notifications,
            "image_bytes": self.image_bytes,
        }


class ViewLibrary:
    """The server; ``await start()`` then use :attr:`url`; ``await stop()``."""

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "admin",
        host: str = "127.0.0.1",
        port: int = 0,
        duplicate_code: int = 0,
    ) -> None:
        self.username = username
        self.password = password
        self.host = host
        self.port = port
        self.duplicate_code = duplicate_code
        self.state = ViewLibraryState()
        self.sessions: set[str] = set()
        self._auth = self._new_auth()
        self.mode = "ok"
        self._fail_status = 500
        self._delay = 0.0
        self._remaining: int | None = None
        self._runner: web.AppRunner | None = None
        self.app = web.Application(client_max_size=64 * 1024 * 1024)
        self.app.router.add_post("/VIID/System/Register", self._register)
        self.app.router.add_post("/VIID/System/UnRegister", self._unregister)
        self.app.router.add_post("/VIID/System/Keepalive", self._keepalive)
        self.app.router.add_get("/VIID/System/Time", self._time)
        for path in _RESOURCES:
            self.app.router.add_post(path, self._objects)
        self.app.router.add_post("/VIID/SubscribeNotifications", self._notifications)
        self.app.router.add_get("/stats", self._stats)
        self.app.router.add_post("/control", self._control)

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:40123``."""
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Listen (``port=0`` picks a free port)."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        if server is not None and self.port == 0:
            sockets = getattr(server, "sockets", None) or []
            self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def control(
        self, mode: str, *, status: int = 500, delay: float = 0.0, count: int | None = None
    ) -> None:
        """Change behaviour (same as ``POST /control``)."""
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} not in {sorted(MODES)}")
        if mode == "drop_session":
            self.sessions.clear()
            mode = "ok"
        elif mode == "restart":
            self.sessions.clear()
            self._auth = self._new_auth()  # a restarted server forgets its nonces
            mode = "ok"
        self.mode = mode
        self._fail_status = status
        self._delay = delay
        self._remaining = count

    # -- handlers --------------------------------------------------------------------

    async def _register(self, request: web.Request) -> web.StreamResponse:
        if (denied := await self._gate(request, need_session=False)) is not None:
            return denied
        if not self._digest_ok(request):
            self.state.unauthorized += 1
            return web.Response(status=401, headers={"WWW-Authenticate": self._auth.challenge()})
        device = request.headers.get("User-Identify", "")
        if self.mode != "refuse_session":
            self.sessions.add(device)
        self.state.registrations += 1
        return self._single(request.path, device)

    async def _unregister(self, request: web.Request) -> web.Response:
        self.sessions.discard(request.headers.get("User-Identify", ""))
        return self._single(request.path, request.headers.get("User-Identify", ""))

    async def _keepalive(self, request: web.Request) -> web.StreamResponse:
        if (denied := await self._gate(request)) is not None:
            return denied
        self.state.keepalives += 1
        return self._single(request.path, request.headers.get("User-Identify", ""))

    async def _time(self, request: web.Request) -> web.StreamResponse:
        if (denied := await self._gate(request)) is not None:
            return denied
        return web.json_response(
            {
                "SystemTimeObject": {
                    "VIIDServerID": "34010000005030000001",
                    "TimeMode": "1",
                    "LocalTime": viid_time(datetime.now().astimezone()),
                    "TimeZone": "Asia/Shanghai",
                }
            }
        )

    async def _objects(self, request: web.Request) -> web.StreamResponse:
        if (denied := await self._gate(request)) is not None:
            return denied
        list_key, object_key, id_key = _RESOURCES[request.path]
        try:
            payload = json.loads(await request.read())
            objects = payload[list_key][object_key]
        except (ValueError, KeyError, TypeError):
            return self._list(request.path, [("", 7, "invalid JSON")])
        results = [self._store(request.path, obj, id_key) for obj in objects]
        return await self._finish(request.path, results)

    async def _notifications(self, request: web.Request) -> web.StreamResponse:
        if (denied := await self._gate(request, need_session=False)) is not None:
            return denied
        try:
            payload = json.loads(await request.read())
            notes = payload["SubscribeNotificationListObject"]["SubscribeNotificationObject"]
        except (ValueError, KeyError, TypeError):
            return self._list(request.path, [("", 7, "invalid JSON")])
        results = []
        for note in notes:
            self.state.notifications += 1
            sid = str(note.get("SubscribeID", ""))
            for list_key, (object_key, id_key) in _NOTIFICATION_LISTS.items():
                for obj in note.get(list_key, {}).get(object_key, []):
                    self._store(f"notify:{sid}", obj, id_key)
            results.append((str(note.get("NotificationID", "")), 0, "OK"))
        return await self._finish(request.path, results)

    async def _stats(self, request: web.Request) -> web.Response:
        return web.json_response(
            {**self.state.to_json(), "mode": self.mode, "sessions": sorted(self.sessions)}
        )

    async def _control(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            self.control(
                str(body["mode"]),
                status=int(body.get("status", 500)),
                delay=float(body.get("delay", 0.0)),
                count=body.get("count"),
            )
        except (ValueError, KeyError, TypeError) as err:
            return web.json_response({"error": str(err)}, status=400)
        return web.json_response({"mode": self.mode})

    # -- helpers ---------------------------------------------------------------------

    def _store(self, where: str, obj: dict[str, Any], id_key: str) -> tuple[str, int, str]:
        object_id = str(obj.get(id_key, ""))
        key = f"{where}|{object_id}"
        if key in self.state.seen:
            self.state.duplicates += 1
            return object_id, self.duplicate_code, "duplicate: object already exists"
        self.state.seen.add(key)
        self.state.received[where] += 1
        self.state.order[f"{where}|{obj.get('DeviceID', '')}"].append(object_id)
        for image in obj.get("SubImageList", {}).get("SubImageInfoObject", []):
            self.state.image_bytes += len(image.get("Data", "")) * 3 // 4
        return object_id, 0, "OK"

    async def _gate(
        self, request: web.Request, *, need_session: bool = True
    ) -> web.StreamResponse | None:
        self.state.requests += 1
        if self.mode == "fail" and self._consume():
            self.state.failed_requests += 1
            return web.Response(status=self._fail_status, text="failing on purpose")
        if need_session and request.headers.get("User-Identify", "") not in self.sessions:
            self.state.unauthorized += 1
            return web.Response(status=401)
        return None

    async def _finish(self, path: str, results: list[tuple[str, int, str]]) -> web.StreamResponse:
        if self.mode == "lose_ack" and self._consume():
            self.state.failed_requests += 1
            return web.Response(status=500, text="stored, but the answer is lost")
        if self.mode == "stall" and self._consume():
            await asyncio.sleep(self._delay)
        return self._list(path, results)

    def _consume(self) -> bool:
        if self._remaining is None:
            return True
        if self._remaining <= 0:
            self.mode = "ok"
            return False
        self._remaining -= 1
        if self._remaining == 0:
            self.mode = "ok"
        return True

    def _new_auth(self) -> DigestAuth:
        # Looked up per request: tests change the password of a running view library.
        return DigestAuth(REALM, lambda user: self.password if user == self.username else None)

    def _digest_ok(self, request: web.Request) -> bool:
        result = self._auth.verify(
            request.method, request.headers.get("Authorization"), uri=request.path_qs
        )
        return result.ok

    def _single(self, path: str, object_id: str) -> web.Response:
        return web.json_response(
            {
                "ResponseStatusObject": response_status(
                    path, object_id, 0, "OK", datetime.now().astimezone()
                )
            }
        )

    def _list(self, path: str, results: list[tuple[str, int, str]]) -> web.Response:
        now = datetime.now().astimezone()
        return web.json_response(
            {
                "ResponseStatusListObject": {
                    "ResponseStatusObject": [
                        response_status(path, oid, code, text, now) for oid, code, text in results
                    ]
                }
            }
        )
