"""Transports: one file each, all created from :data:`TRANSPORTS` for every community.

To add a transport: a value in ``core.devices.Transport`` (the register's 接入方式), a core
decoder in ``core/protocols/``, a class here implementing ``base.DeviceTransport``, and a
line in :data:`TRANSPORTS` (see CONTRIBUTING.md).
"""

from __future__ import annotations

from collections.abc import Mapping

from homeassistant.core import HomeAssistant, callback

from ..core.devices import Transport
from .base import TransportFactory
from .gat1400 import Gat1400Transport, Gat1400View
from .isapi import IsapiTransport, IsapiView
from .mqtt import MqttTransport
from .rs485 import Rs485Transport

TRANSPORTS: Mapping[Transport, TransportFactory] = {
    Transport.MQTT: MqttTransport,
    Transport.GAT1400: Gat1400Transport,
    Transport.ISAPI: IsapiTransport,
    Transport.RS485: Rs485Transport,
}


@callback
def async_register_views(hass: HomeAssistant) -> None:
    """The push receivers on HA's web server (once per HA run)."""
    hass.http.register_view(Gat1400View())
    hass.http.register_view(IsapiView())
