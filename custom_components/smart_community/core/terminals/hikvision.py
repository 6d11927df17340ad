"""Hikvision access terminals over ISAPI (HTTP Digest, JSON bodies with ``?format=json``).

Users: ``POST /ISAPI/AccessControl/UserInfo/Record``, ``PUT .../UserInfo/Modify``,
``PUT .../UserInfo/Delete`` (``UserInfoDelCond.EmployeeNoList``), ``POST .../UserInfo/Search``
(``UserInfoSearchCond``, at most 30 a page, ``responseStatusStrg`` OK / MORE / NO MATCH).
``UserInfo.Valid`` = ``{enable, beginTime, endTime, timeType: local}``: with ``enable`` the
terminal itself refuses outside the window. ``employeeNo`` is our user id.

Faces: ``POST /ISAPI/Intelligent/FDLib/FaceDataRecord?format=json`` as multipart form: a
``FaceDataRecord`` JSON part ``{faceLibType: blackFD, FDID: "1", FPID: <employeeNo>}`` then the
JPEG part ``img``; a user who already has a face answers ``deviceUserAlreadyExistFace`` and the
face is replaced with ``PUT .../FDSetUp``. Delete: ``PUT .../FDSearch/Delete`` with the FPID.

Cards: ``POST /ISAPI/AccessControl/CardInfo/Record``, ``PUT .../CardInfo/Delete``,
``POST .../CardInfo/Search``. Door: ``PUT /ISAPI/AccessControl/RemoteControl/door/<n>`` with
``<RemoteControlDoor><cmd>open</cmd></RemoteControlDoor>``.

Every write answers a ``ResponseStatus`` (``statusCode``, ``statusString``,
``subStatusCode``, ``errorCode``, ``errorMsg``): 1 is OK; 2 (busy), 3 (device error) and
7 (reboot required) are worth retrying; 4 (invalid operation), 5 (bad format) and 6 (invalid
content) are refusals, reported with the device's own ``subStatusCode`` and ``errorMsg``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..protocols.documents import load_document
from ..protocols.errors import DecodeError
from ..protocols.keys import as_list, pick, pick_str
from .client import DeviceUser, HttpTerminal, window_from_span, window_span
from .errors import BadDeviceAnswer, DeviceRefused, DeviceUnavailable
from .http import Answer, FormPart, form_data
from .models import Operation, OpKind, TerminalUser, UserKind, ValidityWindow

USER_RECORD = "/ISAPI/AccessControl/UserInfo/Record?format=json"
USER_MODIFY = "/ISAPI/AccessControl/UserInfo/Modify?format=json"
USER_DELETE = "/ISAPI/AccessControl/UserInfo/Delete?format=json"
USER_SEARCH = "/ISAPI/AccessControl/UserInfo/Search?format=json"
FACE_RECORD = "/ISAPI/Intelligent/FDLib/FaceDataRecord?format=json"
FACE_SETUP = "/ISAPI/Intelligent/FDLib/FDSetUp?format=json"
FACE_DELETE = "/ISAPI/Intelligent/FDLib/FDSearch/Delete?format=json&FDID=1&faceLibType=blackFD"
CARD_RECORD = "/ISAPI/AccessControl/CardInfo/Record?format=json"
CARD_DELETE = "/ISAPI/AccessControl/CardInfo/Delete?format=json"
CARD_SEARCH = "/ISAPI/AccessControl/CardInfo/Search?format=json"
DEVICE_INFO = "/ISAPI/System/deviceInfo"
ALERT_STREAM = "/ISAPI/Event/notification/alertStream"
PAGE = 30  # UserInfo/Search's maxResults limit on current firmware
MAX_PAGES = 2000  # 60,000 records: more than any terminal holds; stops a device that never ends
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
FACE_LIBRARY = {"faceLibType": "blackFD", "FDID": "1"}

OK_CODE = 1
RETRY_CODES = frozenset({2, 3, 7})  # Device Busy, Device Error, Reboot Required
EXISTS = frozenset({"employeeNoAlreadyExist", "deviceUserAlreadyExist"})
NOT_FOUND = frozenset(
    {"employeeNoNotExist", "deviceUserNotExist", "userNotExist", "cardNoNotExist", "FPIDNotExist"}
)
FACE_EXISTS = "deviceUserAlreadyExistFace"
CARD_EXISTS = "cardNoAlreadyExist"
_CAPACITY_WORDS = ("full", "exceed", "upperlimit", "maxnum", "nomemory", "numerror")


class IsapiStatus:
    """A parsed ``ResponseStatus``."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        code = pick(data, "statusCode")
        try:
            self.code = int(code)
        except (TypeError, ValueError):
            raise BadDeviceAnswer(
                f"ResponseStatus without a numeric statusCode: {code!r}"
            ) from None
        self.status = pick_str(data, "statusString") or ""
        self.sub = pick_str(data, "subStatusCode") or ""
        self.error_code = pick_str(data, "errorCode") or ""
        self.message = pick_str(data, "errorMsg") or ""

    @property
    def ok(self) -> bool:
        return self.code == OK_CODE

    def reason(self) -> str:
        words = [self.sub or self.status or f"statusCode {self.code}"]
        if self.message and self.message != self.sub:
            words.append(self.message)
        return ": ".join(words)

    def raise_error(self, what: str) -> None:
        """Turn a failed status into the right exception."""
        if self.code in RETRY_CODES:
            raise DeviceUnavailable(f"{what}: {self.reason()}")
        words = f"{self.sub} {self.message}".lower().replace(" ", "")
        raise DeviceRefused(
            self.reason(),
            code=self.sub or str(self.code),
            capacity=any(word in words for word in _CAPACITY_WORDS),
        )


def parse_document(answer: Answer, what: str) -> Any:
    """The JSON / XML body of an answer, or :class:`BadDeviceAnswer`."""
    try:
        return load_document(answer.body)
    except DecodeError as err:
        if answer.status >= 500:
            raise DeviceUnavailable(f"{what}: HTTP {answer.status}") from err
        raise BadDeviceAnswer(f"{what}: HTTP {answer.status}, {err.reason}") from err


def response_status(answer: Answer, what: str) -> IsapiStatus:
    """The ``ResponseStatus`` of a write's answer (JSON or XML, bare or wrapped)."""
    document = parse_document(answer, what)
    if not isinstance(document, Mapping):
        raise BadDeviceAnswer(f"{what}: answer is not an object")
    inner = pick(document, "ResponseStatus")
    return IsapiStatus(inner if isinstance(inner, Mapping) else document)


class IsapiTerminal(HttpTerminal):
    """A Hikvision access terminal (``DS-K1T…`` face terminals, access controllers)."""

    # -- the sync engine's calls ----------------------------------------------------

    async def apply(self, op: Operation, face: bytes | None = None) -> None:
        user = op.user
        body: dict[str, Any]
        if op.kind is OpKind.ADD_USER:
            status = await self._write("POST", USER_RECORD, self._user_body(user), op)
            if status.sub in EXISTS:  # our earlier add arrived, its answer did not
                await self._expect("PUT", USER_MODIFY, self._user_body(user), op)
            elif not status.ok:
                status.raise_error(op.describe())
        elif op.kind is OpKind.MODIFY_USER:
            status = await self._write("PUT", USER_MODIFY, self._user_body(user), op)
            if status.sub in NOT_FOUND:
                await self._expect("POST", USER_RECORD, self._user_body(user), op)
            elif not status.ok:
                status.raise_error(op.describe())
        elif op.kind is OpKind.DELETE_USER:
            body = {"UserInfoDelCond": {"EmployeeNoList": [{"employeeNo": user.user_id}]}}
            await self._expect("PUT", USER_DELETE, body, op, tolerate=NOT_FOUND)
        elif op.kind is OpKind.SET_FACE:
            await self._set_face(op, face)
        elif op.kind is OpKind.DELETE_FACE:
            body = {"FPID": [{"value": user.user_id}]}
            await self._expect("PUT", FACE_DELETE, body, op, tolerate=NOT_FOUND)
        elif op.kind is OpKind.SET_CARD:
            await self._set_card(op)
        elif op.kind is OpKind.DELETE_CARD:
            body = {"CardInfoDelCond": {"CardNoList": [{"cardNo": op.card or ""}]}}
            await self._expect("PUT", CARD_DELETE, body, op, tolerate=NOT_FOUND)

    async def list_users(self) -> list[DeviceUser]:
        records = await self._search(
            USER_SEARCH, "UserInfoSearchCond", "UserInfoSearch", "UserInfo"
        )
        cards: dict[str, set[str]] = {}
        for card in await self._search(
            CARD_SEARCH, "CardInfoSearchCond", "CardInfoSearch", "CardInfo"
        ):
            owner = pick_str(card, "employeeNo")
            number = pick_str(card, "cardNo")
            if owner and number:
                cards.setdefault(owner, set()).add(number)
        users: list[DeviceUser] = []
        for record in records:
            user_id = pick_str(record, "employeeNo")
            if not user_id:
                raise BadDeviceAnswer("UserInfo without employeeNo")
            users.append(
                DeviceUser(
                    user_id=user_id,
                    name=pick_str(record, "name") or "",
                    kind=UserKind.VISITOR
                    if pick_str(record, "userType") == "visitor"
                    else UserKind.NORMAL,
                    window=self._window(pick(record, "Valid")),
                    cards=frozenset(cards.get(user_id, ())),
                    has_face=_int(pick(record, "numOfFace")) > 0,
                )
            )
        return users

    async def probe(self) -> None:
        answer = await self.http.request("GET", DEVICE_INFO)
        if answer.status != 200:
            raise DeviceUnavailable(f"deviceInfo: HTTP {answer.status}")
        parse_document(answer, "deviceInfo")

    async def open_door(self, door: int = 1) -> None:
        self.check_door(door)
        body = b"<RemoteControlDoor><cmd>open</cmd></RemoteControlDoor>"
        answer = await self.http.request(
            "PUT",
            f"/ISAPI/AccessControl/RemoteControl/door/{door}",
            body=body,
            content_type="application/xml",
        )
        status = response_status(answer, f"open door {door}")
        if not status.ok:
            status.raise_error(f"open door {door}")

    # -- bodies -----------------------------------------------------------------------

    def _user_body(self, user: TerminalUser) -> dict[str, Any]:
        enabled, begin, end = window_span(user.window, self.zone)
        doors = ",".join(str(n) for n in range(1, self.doors + 1))
        return {
            "UserInfo": {
                "employeeNo": user.user_id,
                "name": user.name[:32],
                "userType": user.kind.value,
                "Valid": {
                    "enable": enabled,
                    "beginTime": begin.strftime(TIME_FORMAT),
                    "endTime": end.strftime(TIME_FORMAT),
                    "timeType": "local",
                },
                "doorRight": doors,
                "RightPlan": [
                    {"doorNo": n, "planTemplateNo": "1"} for n in range(1, self.doors + 1)
                ],
            }
        }

    def _window(self, valid: Any) -> ValidityWindow | None:
        if not isinstance(valid, Mapping):
            return None
        enable = pick(valid, "enable")
        enabled = enable in (True, "true", "1", 1)
        begin, end = (_parse_time(pick_str(valid, name)) for name in ("beginTime", "endTime"))
        return window_from_span(enabled, self._local(begin), self._local(end), self.zone)

    def _local(self, moment: datetime | None) -> datetime | None:
        if moment is None or moment.tzinfo is None:
            return moment
        return moment.astimezone(self.zone).replace(tzinfo=None)

    # -- requests ---------------------------------------------------------------------

    async def _set_face(self, op: Operation, face: bytes | None) -> None:
        if not face:
            raise DeviceRefused("no photo to send", code="noPhoto")
        meta = json.dumps({**FACE_LIBRARY, "FPID": op.user.user_id}).encode()
        body, content_type = await form_data(
            [
                FormPart("FaceDataRecord", meta, "application/json"),
                FormPart("img", face, "image/jpeg", filename=f"{op.user.user_id}.jpg"),
            ]
        )
        answer = await self.http.request("POST", FACE_RECORD, body=body, content_type=content_type)
        status = self._status(answer, op)
        if status.sub == FACE_EXISTS:
            answer = await self.http.request(
                "PUT", FACE_SETUP, body=body, content_type=content_type
            )
            status = self._status(answer, op)
        if not status.ok:
            status.raise_error(op.describe())

    async def _set_card(self, op: Operation) -> None:
        body = {
            "CardInfo": {"employeeNo": op.user.user_id, "cardNo": op.card, "cardType": "normalCard"}
        }
        status = await self._write("POST", CARD_RECORD, body, op)
        if status.sub == CARD_EXISTS:
            holders = await self._search(
                CARD_SEARCH,
                "CardInfoSearchCond",
                "CardInfoSearch",
                "CardInfo",
                extra={"CardNoList": [{"cardNo": op.card}]},
            )
            if any(pick_str(card, "employeeNo") == op.user.user_id for card in holders):
                return  # ours already: an earlier send arrived
            raise DeviceRefused(
                f"{CARD_EXISTS}: card {op.card} belongs to another user", code=CARD_EXISTS
            )
        if not status.ok:
            status.raise_error(op.describe())

    async def _write(self, method: str, path: str, body: Any, op: Operation) -> IsapiStatus:
        answer = await self.http.request(
            method,
            path,
            body=json.dumps(body, ensure_ascii=False).encode(),
            content_type="application/json",
        )
        return self._status(answer, op)

    async def _expect(
        self,
        method: str,
        path: str,
        body: Any,
        op: Operation,
        *,
        tolerate: frozenset[str] = frozenset(),
    ) -> None:
        status = await self._write(method, path, body, op)
        if not status.ok and status.sub not in tolerate:
            status.raise_error(op.describe())

    def _status(self, answer: Answer, op: Operation) -> IsapiStatus:
        if answer.status >= 500 and not answer.body.strip():
            raise DeviceUnavailable(f"{op.describe()}: HTTP {answer.status}")
        return response_status(answer, op.describe())

    async def _search(
        self,
        path: str,
        condition: str,
        result: str,
        items: str,
        *,
        extra: Mapping[str, Any] | None = None,
    ) -> list[Mapping[str, Any]]:
        search_id = uuid.uuid4().hex
        found: list[Mapping[str, Any]] = []
        position = 0
        for _ in range(MAX_PAGES):
            body = {
                condition: {
                    "searchID": search_id,
                    "searchResultPosition": position,
                    "maxResults": PAGE,
                    **(extra or {}),
                }
            }
            answer = await self.http.request(
                "POST", path, body=json.dumps(body).encode(), content_type="application/json"
            )
            document = parse_document(answer, path)
            page = pick(document, result) if isinstance(document, Mapping) else None
            if not isinstance(page, Mapping):
                status = response_status(answer, path)
                if status.ok:
                    raise BadDeviceAnswer(f"{path}: answer without {result}")
                status.raise_error(path)
                return found
            state = (pick_str(page, "responseStatusStrg") or "").upper()
            batch = [item for item in as_list(pick(page, items)) if isinstance(item, Mapping)]
            found.extend(batch)
            if state != "MORE":
                return found
            if not batch:
                raise BadDeviceAnswer(f"{path}: MORE without records")
            position += len(batch)
        raise BadDeviceAnswer(f"{path}: more than {MAX_PAGES} pages")


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadDeviceAnswer(f"unreadable time {text!r}") from None
    return moment
