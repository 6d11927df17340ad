"""Terminals (and gateways) that speak the project's MQTT schema: access commands published by
HA, acknowledgements coming back as ``command_result`` events.

The HA side only publishes (``publish(topic, payload)``) and hands every ``command_result``
event of the terminal to :meth:`MqttTerminal.feed_result`; an acknowledgement that does not
come within ``timeout`` makes the operation a "try again later".
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import tzinfo
from typing import Any

from ..devices import DeviceKind
from ..protocols.errors import DecodeError, EncodeError
from ..protocols.keys import pick, pick_str
from ..protocols.mqtt_access import (
    AccessCommand,
    AccessResult,
    access_result,
    build_access_command,
)
from ..protocols.mqtt_commands import build_command
from ..protocols.mqtt_schema import Channel, topic_for
from ..protocols.timeparse import LOCAL_ZONE, parse_time
from .client import DeviceUser
from .errors import BadDeviceAnswer, DeviceRefused, DeviceUnavailable, Unreachable
from .models import Operation, OpKind, UserKind, ValidityWindow

type Publish = Callable[[str, bytes], Awaitable[None]]
LIST_PAGE = 200
MAX_PAGES = 500


class MqttTerminal:
    """One terminal behind ``<prefix>/<device_code>``."""

    def __init__(
        self,
        publish: Publish,
        prefix: str,
        device_code: str,
        *,
        timeout: float = 15.0,
        zone: tzinfo = LOCAL_ZONE,
    ) -> None:
        self._publish = publish
        self.topic = topic_for(prefix, device_code, Channel.COMMAND)
        self.device_code = device_code
        self._timeout = timeout
        self.zone = zone
        self._waiting: dict[str, asyncio.Future[AccessResult]] = {}

    def feed_result(self, fields: Mapping[str, Any]) -> bool:
        """A ``command_result`` of this terminal; ``True`` when it answered one of ours."""
        try:
            result = access_result(fields)
        except DecodeError:
            return False
        future = self._waiting.get(result.command_id)
        if future is None or future.done():
            return False
        future.set_result(result)
        return True

    async def apply(self, op: Operation, face: bytes | None = None) -> None:
        user = op.user
        if op.kind in (OpKind.ADD_USER, OpKind.MODIFY_USER):
            await self._call(
                AccessCommand.PERSON_UPSERT,
                user_id=user.user_id,
                person_id=user.person_id,
                name=user.name,
                user_type=user.kind.value,
                valid_from=user.window.begin,
                valid_until=user.window.end,
            )
        elif op.kind is OpKind.DELETE_USER:
            await self._call(AccessCommand.PERSON_DELETE, user_id=user.user_id)
        elif op.kind is OpKind.SET_FACE:
            if not face:
                raise DeviceRefused("no photo to send", code="noPhoto")
            await self._call(
                AccessCommand.FACE_SET,
                user_id=user.user_id,
                image=face,
                face_digest=user.face.digest if user.face else None,
            )
        elif op.kind is OpKind.DELETE_FACE:
            await self._call(AccessCommand.FACE_DELETE, user_id=user.user_id)
        elif op.kind is OpKind.SET_CARD:
            await self._call(AccessCommand.CARD_ADD, user_id=user.user_id, card=op.card)
        elif op.kind is OpKind.DELETE_CARD:
            await self._call(AccessCommand.CARD_DELETE, user_id=user.user_id, card=op.card)

    async def list_users(self) -> list[DeviceUser]:
        users: list[DeviceUser] = []
        for _ in range(MAX_PAGES):
            result = await self._call(AccessCommand.PERSON_LIST, offset=len(users), limit=LIST_PAGE)
            users.extend(self._user(item) for item in result.persons)
            if not result.persons or (result.total is not None and len(users) >= result.total):
                return users
        raise BadDeviceAnswer(f"person_list: more than {MAX_PAGES} pages")

    async def probe(self) -> None:
        await self._call(AccessCommand.PERSON_LIST, offset=0, limit=1)

    async def open_door(self, door: int = 1) -> None:
        command = build_command(DeviceKind.ACCESS_TERMINAL, "unlock", door=str(door))
        await self._wait(command.id, command.to_payload())

    # -- helpers ----------------------------------------------------------------------

    def _user(self, item: Mapping[str, Any]) -> DeviceUser:
        user_id = pick_str(item, "user_id")
        if not user_id:
            raise BadDeviceAnswer("person_list entry without user_id")
        cards = item.get("cards", [])
        if not isinstance(cards, list):
            raise BadDeviceAnswer("person_list cards must be a list")
        try:
            begin, end = (
                parse_time(value, field=name) if isinstance(value, str) and value else None
                for name, value in (
                    ("valid_from", item.get("valid_from")),
                    ("valid_until", item.get("valid_until")),
                )
            )
            window = ValidityWindow(begin, end)
        except (DecodeError, ValueError) as err:
            raise BadDeviceAnswer(f"person_list: {err}") from err
        return DeviceUser(
            user_id=user_id,
            name=pick_str(item, "name") or "",
            kind=UserKind.VISITOR if pick(item, "user_type") == "visitor" else UserKind.NORMAL,
            window=window,
            cards=frozenset(str(card) for card in cards),
            has_face=item.get("face") is True,
        )

    async def _call(self, command: AccessCommand, **params: Any) -> AccessResult:
        try:
            request = build_access_command(command, **params)
        except EncodeError as err:
            raise DeviceRefused(f"cannot encode {command.value}: {err}", code="encode") from err
        return await self._wait(request.id, request.to_payload())

    async def _wait(self, command_id: str, payload: bytes) -> AccessResult:
        future: asyncio.Future[AccessResult] = asyncio.get_running_loop().create_future()
        self._waiting[command_id] = future
        try:
            try:
                await self._publish(self.topic, payload)
            except Exception as err:  # the broker connection is HA's: any failure is transient
                raise Unreachable(f"publish failed: {type(err).__name__} {err}") from err
            try:
                result = await asyncio.wait_for(future, self._timeout)
            except TimeoutError:
                raise Unreachable(f"no acknowledgement within {self._timeout:.0f} s") from None
        finally:
            self._waiting.pop(command_id, None)
        if result.ok:
            return result
        if result.retry:
            raise DeviceUnavailable(result.reason or "terminal asks to retry")
        raise DeviceRefused(result.reason or "refused", code="refused", capacity=result.capacity)
