"""A simulated Hikvision face access terminal (ISAPI, JSON, HTTP Digest).

Answers as the terminals do: ``ResponseStatus`` with ``statusCode`` / ``subStatusCode`` /
``errorMsg`` (``employeeNoAlreadyExist``, ``deviceUserAlreadyExistFace``,
``SubpicAnalysisModelingError``, ``picFormatError`` …; a full library answers
``maxNumExceeded``, a name chosen for the simulator), ``UserInfo/Search`` in pages of at most 30
with ``responseStatusStrg`` MORE / OK, multipart face upload, and the ``alertStream`` with an
``AccessControllerEvent`` per face or card shown (major 5: 75 / 76 face, 1 / 9 / 8 card).
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from aiohttp import web

from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.multipart import parse_multipart

from .library import LibraryRefusal, SimUser
from .server import SimulatedTerminal, json_body

BOUNDARY = "boundary"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
SUB_STATUS = {
    "exists": "employeeNoAlreadyExist",
    "missing": "employeeNoNotExist",
    "face_exists": "deviceUserAlreadyExistFace",
    "users_full": "maxNumExceeded",
    "faces_full": "maxNumExceeded",
    "cards_full": "maxNumExceeded",
    "pic_format": "picFormatError",
    "pic_size": "picSizeExceedError",
    "pic_resolution": "picResolutionInvalidError",
    "no_face": "SubpicAnalysisModelingError",
    "card_exists": "cardNoAlreadyExist",
}
PAGE_LIMIT = 30


class BadRequest(Exception):
    def __init__(self, status_code: int, sub: str, message: str) -> None:
        super().__init__(message)
        self.status_code, self.sub, self.message = status_code, sub, message


def _status(
    request: web.Request, code: int = 1, sub: str = "ok", message: str = ""
) -> web.Response:
    body: dict[str, Any] = {
        "requestURL": request.path_qs,
        "statusCode": code,
        "statusString": {
            1: "OK",
            4: "Invalid Operation",
            5: "Invalid XML Format",
            6: "Invalid Content",
        }.get(code, "Error"),
        "subStatusCode": sub,
    }
    if code != 1:
        body.update({"errorCode": 0x60000000 + code, "errorMsg": message or sub})
    return web.Response(
        status=200 if code == 1 else 400, body=json_body(body), content_type="application/json"
    )


def _refused(request: web.Request, refusal: LibraryRefusal) -> web.Response:
    sub = SUB_STATUS.get(refusal.key, "badParameters")
    if refusal.key == "missing" and "card" in refusal.message:
        sub = "cardNoNotExist"
    return _status(request, 6, sub, refusal.message)


class HikvisionTerminal(SimulatedTerminal):
    """``DS-K1T`` style face terminal."""

    realm = "DS-K1T671M"

    def routes(self, app: web.Application) -> None:
        isapi = "/ISAPI/AccessControl"
        app.router.add_post(f"{isapi}/UserInfo/Record", self._guarded(self._user_record))
        app.router.add_put(f"{isapi}/UserInfo/Modify", self._guarded(self._user_modify))
        app.router.add_put(f"{isapi}/UserInfo/Delete", self._guarded(self._user_delete))
        app.router.add_post(f"{isapi}/UserInfo/Search", self._guarded(self._user_search))
        app.router.add_post(f"{isapi}/CardInfo/Record", self._guarded(self._card_record))
        app.router.add_put(f"{isapi}/CardInfo/Delete", self._guarded(self._card_delete))
        app.router.add_post(f"{isapi}/CardInfo/Search", self._guarded(self._card_search))
        app.router.add_put(f"{isapi}/RemoteControl/door/{{door}}", self._door)
        app.router.add_post(
            "/ISAPI/Intelligent/FDLib/FaceDataRecord", self._guarded(self._face_record)
        )
        app.router.add_put("/ISAPI/Intelligent/FDLib/FDSetUp", self._guarded(self._face_setup))
        app.router.add_put(
            "/ISAPI/Intelligent/FDLib/FDSearch/Delete", self._guarded(self._face_delete)
        )
        app.router.add_get("/ISAPI/System/deviceInfo", self._device_info)
        app.router.add_get("/ISAPI/Event/notification/alertStream", self._alert_stream)

    def _guarded(self, handler: Any) -> Any:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            try:
                return await handler(request)
            except BadRequest as err:
                return _status(request, err.status_code, err.sub, err.message)
            except LibraryRefusal as refusal:
                return _refused(request, refusal)

        return wrapped

    async def _json(self, request: web.Request) -> dict[str, Any]:
        try:
            data = json.loads(await request.read())
        except ValueError:
            raise BadRequest(5, "badJsonFormat", "the body is not JSON") from None
        if not isinstance(data, dict):
            raise BadRequest(5, "badJsonFormat", "the body is not a JSON object")
        return data

    # -- users -----------------------------------------------------------------------

    def _user(self, data: dict[str, Any]) -> SimUser:
        info = data.get("UserInfo")
        if not isinstance(info, dict) or not info.get("employeeNo"):
            raise BadRequest(6, "badParameters", "UserInfo.employeeNo is required")
        valid = info.get("Valid") or {}
        try:
            begin = datetime.strptime(valid.get("beginTime", "2000-01-01T00:00:00"), TIME_FORMAT)
            end = datetime.strptime(valid.get("endTime", "2037-12-31T23:59:59"), TIME_FORMAT)
        except (TypeError, ValueError):
            raise BadRequest(6, "badParameters", "Valid.beginTime / endTime") from None
        return SimUser(
            user_id=str(info["employeeNo"]),
            name=str(info.get("name", "")),
            user_type=str(info.get("userType", "normal")),
            enabled=bool(valid.get("enable", False)),
            begin=begin,
            end=end,
        )

    async def _user_record(self, request: web.Request) -> web.Response:
        self.library.add_user(self._user(await self._json(request)))
        return _status(request)

    async def _user_modify(self, request: web.Request) -> web.Response:
        self.library.update_user(self._user(await self._json(request)))
        return _status(request)

    async def _user_delete(self, request: web.Request) -> web.Response:
        data = await self._json(request)
        for item in (data.get("UserInfoDelCond") or {}).get("EmployeeNoList") or []:
            self.library.remove_user(str(item.get("employeeNo")))
        return _status(request)

    async def _user_search(self, request: web.Request) -> web.Response:
        cond = (await self._json(request)).get("UserInfoSearchCond") or {}
        users = [
            {
                "employeeNo": user.user_id,
                "name": user.name,
                "userType": user.user_type,
                "Valid": {
                    "enable": user.enabled,
                    "beginTime": user.begin.strftime(TIME_FORMAT),
                    "endTime": user.end.strftime(TIME_FORMAT),
                    "timeType": "local",
                },
                "numOfCard": len(user.cards),
                "numOfFace": 1 if user.user_id in self.library.faces else 0,
            }
            for user in self.library.users.values()
        ]
        return self._page(request, cond, "UserInfoSearch", "UserInfo", users)

    def _page(
        self, request: web.Request, cond: dict[str, Any], result: str, key: str, rows: list[Any]
    ) -> web.Response:
        start = int(cond.get("searchResultPosition", 0))
        count = min(int(cond.get("maxResults", PAGE_LIMIT)), PAGE_LIMIT)
        page = rows[start : start + count]
        more = start + len(page) < len(rows)
        body = {
            result: {
                "searchID": cond.get("searchID", ""),
                "responseStatusStrg": "MORE" if more else ("OK" if rows else "NO MATCH"),
                "numOfMatches": len(page),
                "totalMatches": len(rows),
                key: page,
            }
        }
        return web.Response(body=json_body(body), content_type="application/json")

    # -- cards -----------------------------------------------------------------------

    async def _card_record(self, request: web.Request) -> web.Response:
        info = (await self._json(request)).get("CardInfo") or {}
        if not info.get("employeeNo") or not info.get("cardNo"):
            raise BadRequest(6, "badParameters", "CardInfo.employeeNo and cardNo are required")
        self.library.add_card(str(info["employeeNo"]), str(info["cardNo"]))
        return _status(request)

    async def _card_delete(self, request: web.Request) -> web.Response:
        cond = (await self._json(request)).get("CardInfoDelCond") or {}
        for item in cond.get("CardNoList") or []:
            self.library.remove_card(str(item.get("cardNo")))
        return _status(request)

    async def _card_search(self, request: web.Request) -> web.Response:
        cond = (await self._json(request)).get("CardInfoSearchCond") or {}
        wanted = {str(c.get("cardNo")) for c in cond.get("CardNoList") or []}
        rows = [
            {"employeeNo": owner, "cardNo": card, "cardType": "normalCard"}
            for card, owner in self.library.card_owner.items()
            if not wanted or card in wanted
        ]
        return self._page(request, cond, "CardInfoSearch", "CardInfo", rows)

    # -- faces -----------------------------------------------------------------------

    async def _face(self, request: web.Request, *, replace: bool) -> web.Response:
        try:
            parts = parse_multipart(await request.read(), request.headers.get("Content-Type"))
        except DecodeError as err:
            raise BadRequest(5, "badParameters", f"multipart: {err}") from err
        meta = next((p for p in parts if p.name == "FaceDataRecord"), None)
        image = next((p for p in parts if p.name == "img"), None)
        if meta is None or image is None:
            raise BadRequest(6, "badParameters", "FaceDataRecord and img parts are required")
        try:
            record = json.loads(meta.data)
        except ValueError:
            raise BadRequest(5, "badJsonFormat", "FaceDataRecord is not JSON") from None
        if record.get("faceLibType") != "blackFD" or str(record.get("FDID")) != "1":
            raise BadRequest(6, "faceLibraryIDError", "no such face library")
        self.library.set_face(str(record.get("FPID", "")), image.data, replace=replace)
        return _status(request)

    async def _face_record(self, request: web.Request) -> web.Response:
        return await self._face(request, replace=False)

    async def _face_setup(self, request: web.Request) -> web.Response:
        return await self._face(request, replace=True)

    async def _face_delete(self, request: web.Request) -> web.Response:
        for item in (await self._json(request)).get("FPID") or []:
            self.library.remove_face(str(item.get("value")))
        return _status(request)

    # -- the rest --------------------------------------------------------------------

    async def _door(self, request: web.Request) -> web.Response:
        body = await request.text()
        if "<cmd>open</cmd>" not in body.replace(" ", ""):
            return web.Response(
                status=400, text="<ResponseStatus><statusCode>6</statusCode></ResponseStatus>"
            )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?><ResponseStatus version="2.0" '
            'xmlns="http://www.isapi.org/ver20/XMLSchema"><requestURL>'
            f"{request.path}</requestURL><statusCode>1</statusCode><statusString>OK"
            "</statusString><subStatusCode>ok</subStatusCode></ResponseStatus>"
        )
        self.emit(
            self._event(
                {
                    "majorEventType": 3,
                    "subEventType": 1024,
                    "doorNo": int(request.match_info["door"]),
                }
            )
        )
        return web.Response(body=xml.encode(), content_type="application/xml")

    async def _device_info(self, request: web.Request) -> web.Response:
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?><DeviceInfo version="2.0" '
            'xmlns="http://www.isapi.org/ver20/XMLSchema">'
            f"<deviceName>{self.name}</deviceName><model>DS-K1T671M</model>"
            f"<serialNumber>{self.device_code}</serialNumber></DeviceInfo>"
        )
        return web.Response(body=xml.encode(), content_type="application/xml")

    async def _alert_stream(self, request: web.Request) -> web.StreamResponse:
        return await self.serve_stream(request, f"multipart/mixed; boundary={BOUNDARY}")

    def _event(self, ace: dict[str, Any], picture: bytes | None = None) -> bytes:
        doc = {
            "ipAddress": "127.0.0.1",
            "portNo": self.port,
            "protocol": "HTTP",
            "channelID": 1,
            "dateTime": self.library.stamp(),
            "activePostCount": 1,
            "eventType": "AccessControllerEvent",
            "eventState": "active",
            "eventDescription": "Access Controller Event",
            "AccessControllerEvent": {"deviceName": self.name, **ace},
        }
        data = json_body(doc)
        out = (
            (
                f'--{BOUNDARY}\r\nContent-Type: application/json; charset="UTF-8"\r\n'
                f"Content-Length: {len(data)}\r\n\r\n"
            ).encode()
            + data
            + b"\r\n"
        )
        if picture:
            out += (
                (
                    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="Picture"; '
                    f'filename="Picture.jpg"\r\nContent-Type: image/jpeg\r\n'
                    f"Content-Length: {len(picture)}\r\n\r\n"
                ).encode()
                + picture
                + b"\r\n"
            )
        return out

    def face_event(self, user_id: str | None, name: str, granted: bool, similarity: float) -> bytes:
        ace: dict[str, Any] = {
            "majorEventType": 5,
            "subEventType": 75 if granted else 76,
            "doorNo": 1,
            "currentVerifyMode": "cardOrFace",
            "similarity": round(similarity * 100),
        }
        if user_id:
            ace.update({"employeeNoString": user_id, "name": name})
        return self._event(ace)

    def card_event(self, card: str, user_id: str | None, name: str, granted: bool) -> bytes:
        minor = 1 if granted else (8 if user_id else 9)
        ace: dict[str, Any] = {
            "majorEventType": 5,
            "subEventType": minor,
            "doorNo": 1,
            "cardNo": card,
        }
        if user_id:
            ace.update({"employeeNoString": user_id, "name": name})
        return self._event(ace)

    def heartbeat_part(self) -> bytes:
        doc = json_body(
            {
                "ipAddress": "127.0.0.1",
                "dateTime": self.library.stamp(),
                "eventType": "videoloss",
                "eventState": "inactive",
                "eventDescription": "videoloss alarm",
            }
        )
        return (
            (
                f"--{BOUNDARY}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(doc)}\r\n\r\n"
            ).encode()
            + doc
            + b"\r\n"
        )


def face_b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
