"""MQTT messages (events, state, availability) and the commands a device reads back."""

from __future__ import annotations

import contextlib
from datetime import datetime

from custom_components.smart_community.core.devices import DeviceKind
from custom_components.smart_community.core.protocols.decode_cli import split_mqtt_file
from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.mqtt_commands import decode_command
from custom_components.smart_community.core.protocols.mqtt_schema import decode_mqtt
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from ..checks import check_events

SEEDS = ("mqtt_*", "malformed/mqtt_*")
NOW = datetime(2025, 1, 1, tzinfo=LOCAL_ZONE)


def one_input(data: bytes) -> None:
    try:
        messages = split_mqtt_file(data)
    except DecodeError:
        messages = [("sc/34010400001320000001/event", data)]
    for topic, payload in messages:
        with contextlib.suppress(DecodeError):
            check_events([decode_mqtt(topic, payload, now=NOW)])
        for kind in (DeviceKind.TURNSTILE, DeviceKind.PLATE_CAMERA, None):
            with contextlib.suppress(DecodeError):
                decode_command(payload, kind)
