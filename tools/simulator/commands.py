"""How simulated devices answer the hub's MQTT commands.

Access terminals also keep a library of their own and answer the 门禁授权 commands
(``person_upsert``, ``face_set`` ... of ``core/protocols/mqtt_access.py``) like a terminal
speaking the project's MQTT schema (``terminals/mqtt.py``).
"""

from __future__ import annotations

import json

from custom_components.smart_community.core.devices import DeviceKind
from custom_components.smart_community.core.protocols.documents import load_json
from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.mqtt_commands import (
    CommandName,
    decode_command,
)

from .register import SimDevice
from .scenarios import Outgoing, SimEvent
from .terminals.mqtt import MqttAccessTerminal

# The libraries of the simulated MQTT access terminals, by device code (one process).
ACCESS_LIBRARIES: dict[str, MqttAccessTerminal] = {}


def _result(
    device: SimDevice, command_id: str, command: str, ok: bool, reason: str = ""
) -> Outgoing:
    fields: dict[str, object] = {"command_id": command_id, "command": command, "ok": ok}
    if reason:
        fields["reason"] = reason
    return Outgoing(device, "event", event=SimEvent("command_result", fields))


def answer_command(device: SimDevice, payload: bytes, *, hold: float = 3.0) -> list[Outgoing]:
    """The messages a device publishes after receiving ``payload`` on its command topic."""
    if device.kind is DeviceKind.ACCESS_TERMINAL:
        terminal = ACCESS_LIBRARIES.setdefault(device.code, MqttAccessTerminal())
        if (answer := terminal.handle(payload)) is not None:
            fields = json.loads(answer)
            kind = fields.pop("type")
            return [Outgoing(device, "event", event=SimEvent(kind, fields))]
    try:
        command = decode_command(payload, device.kind)
    except DecodeError as err:
        try:
            document = load_json(payload)
        except DecodeError:
            return []
        command_id = document.get("id") if isinstance(document, dict) else None
        if not isinstance(command_id, str):
            return []
        return [_result(device, command_id, str(document.get("command")), False, err.reason)]
    done = _result(device, command.id, command.command.value, True)
    name = command.command
    if device.kind is DeviceKind.BARRIER:
        if name is CommandName.OPEN:
            return [
                done,
                Outgoing(device, "state", 0.05, state={"barrier": "moving"}),
                Outgoing(device, "state", 1.0, state={"barrier": "open"}),
                Outgoing(device, "state", 1.0 + hold, state={"barrier": "moving"}),
                Outgoing(device, "state", 2.0 + hold, state={"barrier": "closed"}),
            ]
        if name is CommandName.CLOSE:
            return [
                done,
                Outgoing(device, "state", 0.05, state={"barrier": "moving"}),
                Outgoing(device, "state", 1.0, state={"barrier": "closed"}),
            ]
        return [done, Outgoing(device, "state", 0.05, state={"barrier": "stopped"})]
    if device.kind is DeviceKind.TURNSTILE:
        direction = str(command.params.get("direction", "in"))
        return [
            done,
            Outgoing(device, "state", 0.05, state={"door": "open"}),
            Outgoing(
                device,
                "event",
                1.0,
                event=SimEvent("passage", {"direction": direction, "method": "remote"}),
            ),
            Outgoing(device, "state", 1.5, state={"door": "closed"}),
        ]
    if device.kind is DeviceKind.ACCESS_TERMINAL:
        duration = float(command.params.get("duration_s", 5))
        return [
            done,
            Outgoing(device, "state", 0.05, state={"door": "open", "locked": False}),
            Outgoing(device, "state", duration, state={"door": "closed", "locked": True}),
        ]
    return [done]  # plate kit display / voice: shown or spoken
