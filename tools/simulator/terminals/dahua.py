"""A simulated Dahua access terminal (HTTP API CGI, HTTP Digest).

``AccessUser.cgi`` / ``AccessCard.cgi`` / ``AccessFace.cgi`` with ``insertMulti``,
``updateMulti``, ``removeMulti`` and ``startFind`` / ``doFind`` / ``stopFind``;
``accessControl.cgi?action=openDoor``; ``magicBox.cgi?action=getSystemInfo``; and the
``eventManager.cgi?action=attach`` stream (``--myboundary`` text parts, ``Heartbeat``,
``Code=AccessControl;action=Pulse;index=0;data={...}`` per face or card shown). Success is
``OK``; a refusal is HTTP 400 with ``Error`` and the reason.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
from datetime import datetime
from typing import Any

from aiohttp import web

from .library import LibraryRefusal, SimUser
from .server import SimulatedTerminal

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
BOUNDARY = "myboundary"


def _ok() -> web.Response:
    return web.Response(text="OK\r\n")


def _error(reason: str, status: int = 400) -> web.Response:
    return web.Response(status=status, text=f"Error\r\n{reason}\r\n")


class DahuaTerminal(SimulatedTerminal):
    """``DH-ASI`` style face terminal."""

    realm = "Login to DH-ASI7213X"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._finds: dict[int, list[dict[str, Any]]] = {}
        self._tokens = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        for cgi in ("AccessUser", "AccessCard", "AccessFace"):
            app.router.add_route("*", f"/cgi-bin/{cgi}.cgi", self._cgi)
        app.router.add_get("/cgi-bin/accessControl.cgi", self._door)
        app.router.add_get("/cgi-bin/magicBox.cgi", self._system_info)
        app.router.add_get("/cgi-bin/eventManager.cgi", self._attach)

    async def _cgi(self, request: web.Request) -> web.StreamResponse:
        cgi = request.path.rsplit("/", 1)[-1].removesuffix(".cgi")
        action = request.query.get("action", "")
        try:
            if action in ("insertMulti", "updateMulti"):
                return await self._write(cgi, action, request)
            if action == "removeMulti":
                return self._remove(cgi, request)
            if action == "startFind":
                return await self._start_find(cgi, request)
            if action == "doFind":
                rows = self._finds.get(int(request.query.get("Token", "-1")))
                if rows is None:
                    return _error("Invalid Token")
                offset = int(request.query.get("Offset", "0"))
                count = min(int(request.query.get("Count", "100")), 100)
                return web.json_response(
                    {
                        "Found": len(rows[offset : offset + count]),
                        "Info": rows[offset : offset + count],
                    }
                )
            if action == "stopFind":
                self._finds.pop(int(request.query.get("Token", "-1")), None)
                return _ok()
        except LibraryRefusal as refusal:
            return _error(refusal.message)
        except (ValueError, KeyError, TypeError) as err:
            return _error(f"Bad Request! {err}")
        return _error("Bad Request!")

    async def _write(self, cgi: str, action: str, request: web.Request) -> web.Response:
        try:
            data = json.loads(await request.read())
        except ValueError:
            return _error("Bad Request! body is not JSON")
        key = {"AccessUser": "UserList", "AccessCard": "CardList", "AccessFace": "FaceList"}[cgi]
        items = data.get(key) if isinstance(data, dict) else None
        if not isinstance(items, list) or not items:
            return _error(f"Bad Request! {key} is required")
        for item in items:
            if cgi == "AccessUser":
                user = self._user(item)
                if action == "insertMulti":
                    self.library.add_user(user)
                else:
                    self.library.update_user(user)
            elif cgi == "AccessCard":
                if action == "updateMulti":
                    self.library.remove_card(str(item["CardNo"]))
                self.library.add_card(str(item["UserID"]), str(item["CardNo"]))
            else:
                photos = item.get("PhotoData") or []
                if not photos:
                    return _error("Bad Request! PhotoData is required")
                try:
                    picture = base64.b64decode(photos[0], validate=True)
                except (binascii.Error, ValueError):
                    return _error("Bad Request! PhotoData is not base64")
                self.library.set_face(str(item["UserID"]), picture, replace=action == "updateMulti")
        return _ok()

    def _user(self, item: dict[str, Any]) -> SimUser:
        if not item.get("UserID"):
            raise KeyError("UserID")
        return SimUser(
            user_id=str(item["UserID"]),
            name=str(item.get("UserName", "")),
            user_type="visitor" if item.get("UserType") == 2 else "normal",
            enabled=True,
            begin=datetime.strptime(item.get("ValidFrom", "2000-01-01 00:00:00"), TIME_FORMAT),
            end=datetime.strptime(item.get("ValidTo", "2037-12-31 23:59:59"), TIME_FORMAT),
        )

    def _remove(self, cgi: str, request: web.Request) -> web.Response:
        if cgi == "AccessCard":
            for name, value in request.query.items():
                if name.startswith("CardNoList["):
                    self.library.remove_card(value)
            return _ok()
        for name, value in request.query.items():
            if name.startswith("UserIDList["):
                if cgi == "AccessUser":
                    self.library.remove_user(value)
                else:
                    self.library.remove_face(value)
        return _ok()

    async def _start_find(self, cgi: str, request: web.Request) -> web.Response:
        body = await request.read()
        condition = (json.loads(body).get("Condition") or {}) if body.strip() else {}
        if cgi == "AccessUser":
            rows = [
                {
                    "UserID": u.user_id,
                    "UserName": u.name,
                    "UserType": 2 if u.user_type == "visitor" else 0,
                    "ValidFrom": u.begin.strftime(TIME_FORMAT),
                    "ValidTo": u.end.strftime(TIME_FORMAT),
                }
                for u in self.library.users.values()
            ]
        elif cgi == "AccessCard":
            rows = [
                {"UserID": owner, "CardNo": card}
                for card, owner in self.library.card_owner.items()
                if not condition.get("CardNo") or condition["CardNo"] == card
            ]
        else:
            rows = [{"UserID": uid} for uid in self.library.faces]
        token = next(self._tokens)
        self._finds[token] = rows
        return web.json_response({"Token": token, "Total": len(rows)})

    async def _door(self, request: web.Request) -> web.Response:
        if request.query.get("action") != "openDoor":
            return _error("Bad Request!")
        self.emit(
            self._record(
                "AccessControl",
                {"Method": 5, "Status": 1, "Door": request.query.get("channel", "1")},
            )
        )
        return _ok()

    async def _system_info(self, request: web.Request) -> web.Response:
        return web.Response(text=f"deviceType=DH-ASI7213X\r\nserialNumber={self.device_code}\r\n")

    async def _attach(self, request: web.Request) -> web.StreamResponse:
        if request.query.get("action") != "attach":
            return _error("Bad Request!")
        return await self.serve_stream(request, f"multipart/x-mixed-replace; boundary={BOUNDARY}")

    def _record(self, code: str, data: dict[str, Any]) -> bytes:
        moment = self.library.clock()
        data = {**data, "LocaleTime": moment.strftime(TIME_FORMAT)}
        text = f"Code={code};action=Pulse;index=0;data={json.dumps(data, ensure_ascii=False)}\r\n"
        body = text.encode()
        return (
            (
                f"--{BOUNDARY}\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            + body
            + b"\r\n"
        )

    def face_event(self, user_id: str | None, name: str, granted: bool, similarity: float) -> bytes:
        return self._record(
            "AccessControl",
            {
                "UserID": user_id or "",
                "Name": name,
                "Method": 15,
                "Status": 1 if granted else 0,
                "ErrorCode": 0 if granted else 16,
                "Similarity": round(similarity * 100),
                "Type": "Entry",
            },
        )

    def card_event(self, card: str, user_id: str | None, name: str, granted: bool) -> bytes:
        return self._record(
            "AccessControl",
            {
                "UserID": user_id or "",
                "Name": name,
                "CardNo": card,
                "Method": 2,
                "Status": 1 if granted else 0,
                "ErrorCode": 0 if granted else 16,
                "Type": "Entry",
            },
        )

    def heartbeat_part(self) -> bytes:
        body = b"Heartbeat\r\n"
        return (
            (
                f"--{BOUNDARY}\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            + body
            + b"\r\n"
        )
