"""A terminal (or gateway) that speaks the project's MQTT access commands, without a broker:
``handle(payload)`` takes a ``.../command`` payload and returns the ``command_result`` event
payload it publishes, keeping a :class:`TerminalLibrary` like the HTTP terminals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.mqtt_access import (
    AccessCommand,
    AccessRequest,
    decode_access_command,
    result_payload,
)

from .library import LibraryRefusal, SimUser, TerminalLibrary

FAR_PAST = datetime(2000, 1, 1)
FAR_FUTURE = datetime(2037, 12, 31, 23, 59, 59)


class MqttAccessTerminal:
    """Executes each command id once (a repeated id gets the first answer again)."""

    def __init__(self, library: TerminalLibrary | None = None) -> None:
        self.library = library or TerminalLibrary()
        self._answers: dict[str, bytes] = {}
        self.windows: dict[str, tuple[datetime | None, datetime | None]] = {}

    def handle(self, payload: bytes) -> bytes | None:
        try:
            request = decode_access_command(payload)
        except DecodeError:
            return None  # not an access command: another part of the device handles it
        if request.id not in self._answers:
            self._answers[request.id] = self._execute(request)
        return self._answers[request.id]

    def _execute(self, request: AccessRequest) -> bytes:
        params = request.params
        try:
            extra = self._run(request.command, params)
        except LibraryRefusal as refusal:
            return result_payload(
                request,
                ok=False,
                reason=refusal.message,
                capacity=refusal.key.endswith("_full") or None,
            )
        return result_payload(request, ok=True, **extra)

    def _run(self, command: AccessCommand, params: dict[str, Any]) -> dict[str, Any]:
        lib = self.library
        if command is AccessCommand.PERSON_UPSERT:
            begin, end = params.get("valid_from"), params.get("valid_until")
            user = SimUser(
                user_id=params["user_id"],
                name=params["name"],
                user_type=params.get("user_type", "normal"),
                enabled=begin is not None or end is not None,
                begin=begin.replace(tzinfo=None) if begin else FAR_PAST,
                end=end.replace(tzinfo=None) if end else FAR_FUTURE,
            )
            self.windows[user.user_id] = (begin, end)
            if user.user_id in lib.users:
                lib.update_user(user)
            else:
                lib.add_user(user)
        elif command is AccessCommand.PERSON_DELETE:
            if params["user_id"] in lib.users:
                lib.remove_user(params["user_id"])
        elif command is AccessCommand.FACE_SET:
            lib.set_face(params["user_id"], params["image"], replace=True)
        elif command is AccessCommand.FACE_DELETE:
            lib.faces.pop(params["user_id"], None)
        elif command is AccessCommand.CARD_ADD:
            if lib.card_owner.get(params["card"]) != params["user_id"]:
                lib.add_card(params["user_id"], params["card"])
        elif command is AccessCommand.CARD_DELETE:
            if params["card"] in lib.card_owner:
                lib.remove_card(params["card"])
        elif command is AccessCommand.PERSON_LIST:
            users = list(lib.users.values())
            offset, limit = params.get("offset", 0), params.get("limit", 100)
            return {
                "total": len(users),
                "persons": [
                    {
                        "user_id": u.user_id,
                        "name": u.name,
                        "user_type": u.user_type,
                        "valid_from": _iso(self.windows.get(u.user_id, (None, None))[0]),
                        "valid_until": _iso(self.windows.get(u.user_id, (None, None))[1]),
                        "cards": sorted(u.cards),
                        "face": u.user_id in lib.faces,
                    }
                    for u in users[offset : offset + limit]
                ],
            }
        return {}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
