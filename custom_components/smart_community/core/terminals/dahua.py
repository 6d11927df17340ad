"""Dahua access terminals over the HTTP API (CGI with HTTP Digest).

Users: ``POST /cgi-bin/AccessUser.cgi?action=insertMulti`` / ``updateMulti`` with
``{"UserList": [{UserID, UserName, UserType, UserStatus, Authority, Doors, TimeSections,
ValidFrom, ValidTo}]}`` (times ``YYYY-MM-DD HH:MM:SS``, the terminal's local time; it refuses
outside them itself), ``GET ...?action=removeMulti&UserIDList[0]=...``; listing with
``startFind`` → ``doFind&Token=&Offset=&Count=`` (``{"Info": [...]}``) → ``stopFind``.
Cards: ``AccessCard.cgi`` (``CardList`` of ``{UserID, CardNo, CardType, CardStatus}``,
``removeMulti&CardNoList[0]=``). Faces: ``AccessFace.cgi`` (``FaceList`` of
``{UserID, PhotoData: [base64 JPEG]}``, ``removeMulti&UserIDList[0]=``). Door:
``GET /cgi-bin/accessControl.cgi?action=openDoor&channel=1&Type=Remote``.

Answers: ``OK`` on success; a refusal is ``Error`` followed by the device's reason
(``Error\\r\\nBad Request!``), HTTP 400 on most firmware; newer firmware may answer JSON
``{"error": {"code", "message"}}``. HTTP 5xx, 503 and ``Busy`` are worth retrying.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from ..protocols.documents import load_json
from ..protocols.errors import DecodeError
from ..protocols.keys import as_list, pick, pick_str
from .client import DeviceUser, HttpTerminal, window_from_span, window_span
from .errors import BadDeviceAnswer, DeviceRefused, DeviceUnavailable
from .http import Answer
from .models import Operation, OpKind, TerminalUser, UserKind, ValidityWindow

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
PAGE = 100
MAX_PAGES = 1000
_CAPACITY_WORDS = ("full", "exceed", "no space", "nospace", "limit", "insufficient")
_EXISTS_WORDS = ("exist", "repeat", "duplicate")
_MISSING_WORDS = ("not exist", "notexist", "not found", "no such")
USER_TYPE = {UserKind.NORMAL: 0, UserKind.VISITOR: 2}  # 0 general, 2 guest


class DahuaAnswer:
    """``OK`` or the device's refusal."""

    def __init__(self, answer: Answer, what: str) -> None:
        self.answer = answer
        self.what = what
        text = answer.text().strip()
        self.ok = answer.status == 200 and text.upper().startswith("OK")
        self.reason = _reason(text) or f"HTTP {answer.status}"

    def raise_error(self) -> None:
        status = self.answer.status
        lower = self.reason.lower()
        if status >= 500 or status == 429 or "busy" in lower:
            raise DeviceUnavailable(f"{self.what}: {self.reason}")
        if status == 200 and not self.answer.text().strip():
            raise BadDeviceAnswer(f"{self.what}: empty answer")
        if status == 200 and not self.answer.text().lstrip().lower().startswith(("error", "{")):
            raise BadDeviceAnswer(f"{self.what}: unexpected answer {self.answer.text()[:80]!r}")
        raise DeviceRefused(
            self.reason,
            code=str(status),
            capacity=any(word in lower for word in _CAPACITY_WORDS),
        )

    @property
    def says_exists(self) -> bool:
        return not self.ok and any(word in self.reason.lower() for word in _EXISTS_WORDS)

    @property
    def says_missing(self) -> bool:
        return not self.ok and any(word in self.reason.lower() for word in _MISSING_WORDS)


def _reason(text: str) -> str:
    if text.startswith("{"):
        try:
            data = load_json(text)
        except DecodeError:
            return text[:200]
        error = pick(data, "error")
        if isinstance(error, Mapping):
            return " ".join(
                item for item in (pick_str(error, "code"), pick_str(error, "message")) if item
            )
        return text[:200]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0].lower() == "error":
        lines = lines[1:]
    return " ".join(lines)[:200]


class DahuaTerminal(HttpTerminal):
    """A Dahua access terminal (ASI series face terminals, access controllers)."""

    async def apply(self, op: Operation, face: bytes | None = None) -> None:
        user = op.user
        uid = quote(user.user_id)
        if op.kind in (OpKind.ADD_USER, OpKind.MODIFY_USER):
            first, second = (
                ("insertMulti", "updateMulti")
                if op.kind is OpKind.ADD_USER
                else ("updateMulti", "insertMulti")
            )
            body = {"UserList": [self._user(user)]}
            answer = await self._post("AccessUser", first, body, op)
            if answer.says_exists or answer.says_missing:
                answer = await self._post("AccessUser", second, body, op)
            if not answer.ok:
                answer.raise_error()
        elif op.kind is OpKind.DELETE_USER:
            # Cards and face go first: some firmware keeps them when only the user goes.
            for card in sorted(user.cards):
                await self._get("AccessCard", f"removeMulti&CardNoList[0]={quote(card)}", op, True)
            if user.face is not None:
                await self._get("AccessFace", f"removeMulti&UserIDList[0]={uid}", op, True)
            await self._get("AccessUser", f"removeMulti&UserIDList[0]={uid}", op, True)
        elif op.kind is OpKind.SET_FACE:
            if not face:
                raise DeviceRefused("no photo to send", code="noPhoto")
            body = {
                "FaceList": [
                    {"UserID": user.user_id, "PhotoData": [base64.b64encode(face).decode()]}
                ]
            }
            answer = await self._post("AccessFace", "insertMulti", body, op)
            if answer.says_exists:
                answer = await self._post("AccessFace", "updateMulti", body, op)
            if not answer.ok:
                answer.raise_error()
        elif op.kind is OpKind.DELETE_FACE:
            await self._get("AccessFace", f"removeMulti&UserIDList[0]={uid}", op, True)
        elif op.kind is OpKind.SET_CARD:
            body = {
                "CardList": [
                    {"UserID": user.user_id, "CardNo": op.card, "CardType": 0, "CardStatus": 0}
                ]
            }
            answer = await self._post("AccessCard", "insertMulti", body, op)
            if answer.says_exists:
                cards = await self._find("AccessCard", {"CardNo": op.card or ""})
                if any(pick_str(card, "UserID") == user.user_id for card in cards):
                    return
            if not answer.ok:
                answer.raise_error()
        elif op.kind is OpKind.DELETE_CARD:
            card = quote(op.card or "")
            await self._get("AccessCard", f"removeMulti&CardNoList[0]={card}", op, True)

    async def list_users(self) -> list[DeviceUser]:
        users = await self._find("AccessUser", {})
        cards: dict[str, set[str]] = {}
        for card in await self._find("AccessCard", {}):
            owner, number = pick_str(card, "UserID"), pick_str(card, "CardNo")
            if owner and number:
                cards.setdefault(owner, set()).add(number)
        faces = {pick_str(face, "UserID") for face in await self._find("AccessFace", {})}
        out: list[DeviceUser] = []
        for record in users:
            user_id = pick_str(record, "UserID")
            if not user_id:
                raise BadDeviceAnswer("AccessUser record without UserID")
            out.append(
                DeviceUser(
                    user_id=user_id,
                    name=pick_str(record, "UserName") or "",
                    kind=UserKind.VISITOR if pick(record, "UserType") == 2 else UserKind.NORMAL,
                    window=self._window(record),
                    cards=frozenset(cards.get(user_id, ())),
                    has_face=user_id in faces,
                )
            )
        return out

    async def probe(self) -> None:
        answer = await self.http.request("GET", "/cgi-bin/magicBox.cgi?action=getSystemInfo")
        if answer.status != 200:
            raise DeviceUnavailable(f"getSystemInfo: HTTP {answer.status}")

    async def open_door(self, door: int = 1) -> None:
        self.check_door(door)
        answer = await self.http.request(
            "GET", f"/cgi-bin/accessControl.cgi?action=openDoor&channel={door}&Type=Remote"
        )
        result = DahuaAnswer(answer, f"open door {door}")
        if not result.ok:
            result.raise_error()

    # -- helpers ----------------------------------------------------------------------

    def _user(self, user: TerminalUser) -> dict[str, Any]:
        _, begin, end = window_span(user.window, self.zone)
        return {
            "UserID": user.user_id,
            "UserName": user.name[:32],
            "UserType": USER_TYPE[user.kind],
            "UserStatus": 0,
            "Authority": 2,  # 2 = general user (1 = administrator)
            "Doors": list(range(self.doors)),
            "TimeSections": [255] * self.doors,
            "ValidFrom": begin.strftime(TIME_FORMAT),
            "ValidTo": end.strftime(TIME_FORMAT),
        }

    def _window(self, record: Mapping[str, Any]) -> ValidityWindow | None:
        begin, end = pick_str(record, "ValidFrom"), pick_str(record, "ValidTo")
        if begin is None and end is None:
            return None
        try:
            first = datetime.strptime(begin, TIME_FORMAT) if begin else None
            last = datetime.strptime(end, TIME_FORMAT) if end else None
        except ValueError:
            raise BadDeviceAnswer(f"unreadable validity {begin!r} .. {end!r}") from None
        return window_from_span(True, first, last, self.zone)

    async def _post(self, cgi: str, action: str, body: Any, op: Operation) -> DahuaAnswer:
        answer = await self.http.request(
            "POST",
            f"/cgi-bin/{cgi}.cgi?action={action}",
            body=json.dumps(body, ensure_ascii=False).encode(),
            content_type="application/json",
        )
        return DahuaAnswer(answer, f"{op.describe()} ({cgi} {action})")

    async def _get(self, cgi: str, query: str, op: Operation, tolerate_missing: bool) -> None:
        answer = DahuaAnswer(
            await self.http.request("GET", f"/cgi-bin/{cgi}.cgi?action={query}"),
            f"{op.describe()} ({cgi})",
        )
        if not answer.ok and not (tolerate_missing and answer.says_missing):
            answer.raise_error()

    async def _find(self, cgi: str, condition: Mapping[str, str]) -> list[Mapping[str, Any]]:
        base = f"/cgi-bin/{cgi}.cgi?action="
        start = await self.http.request(
            "POST",
            base + "startFind",
            body=json.dumps({"Condition": dict(condition)}).encode(),
            content_type="application/json",
        )
        started = self._json(start, f"{cgi} startFind")
        token = pick(started, "Token")
        if not isinstance(token, int | str) or isinstance(token, bool):
            raise BadDeviceAnswer(f"{cgi} startFind: no Token")
        total = pick(started, "Total")
        found: list[Mapping[str, Any]] = []
        try:
            for _ in range(MAX_PAGES):
                page = self._json(
                    await self.http.request(
                        "GET", f"{base}doFind&Token={token}&Offset={len(found)}&Count={PAGE}"
                    ),
                    f"{cgi} doFind",
                )
                batch = [row for row in as_list(pick(page, "Info")) if isinstance(row, Mapping)]
                found.extend(batch)
                if len(batch) < PAGE or (isinstance(total, int) and len(found) >= total):
                    return found
            raise BadDeviceAnswer(f"{cgi}: more than {MAX_PAGES} pages")
        finally:
            await self.http.request("GET", f"{base}stopFind&Token={token}")

    @staticmethod
    def _json(answer: Answer, what: str) -> Mapping[str, Any]:
        if answer.status >= 500:
            raise DeviceUnavailable(f"{what}: HTTP {answer.status}")
        if answer.status != 200:
            DahuaAnswer(answer, what).raise_error()
        try:
            data = load_json(answer.body)
        except DecodeError as err:
            raise BadDeviceAnswer(f"{what}: {err.reason}") from err
        if not isinstance(data, Mapping):
            raise BadDeviceAnswer(f"{what}: answer is not an object")
        return data
