"""What every transport is, and what a transport needs of its community.

A transport (MQTT, GA/T 1400 push, ISAPI push, RS485 ...) is one object per community: it
starts with the community and stops with it, turns what its devices send into decoded
events for the hub, and carries commands back to its devices. The hub accepts an event only
from the transport the register names for the device (a device is tied to its transport),
so each transport says who it is with every event it delivers.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util.hass_dict import HassKey

from ..const import CONF_PUSH_PASSWORD, CONF_PUSH_SECRET, CONF_PUSH_USERNAME, DOMAIN
from ..core.credentials import device_password
from ..core.devices import DeviceKind, Transport
from ..core.events import DeviceEvent
from ..core.site import RegisteredDevice, Site


@dataclass(frozen=True, slots=True)
class EventOrigin:
    """Who delivered an event: the transport and, where it has one, the sender's address."""

    transport: Transport
    peer: str | None = None  # IP address (HTTP), topic (MQTT), port#address (RS485)

    def __str__(self) -> str:
        """``isapi from 10.34.1.21`` for log lines."""
        return f"{self.transport.value} from {self.peer}" if self.peer else self.transport.value


#: Answers a voice terminal's request payload (the reply to publish; None: no answer).
type VoiceRequestHandler = Callable[[RegisteredDevice, bytes], Awaitable[dict[str, Any] | None]]


class Community(Protocol):
    """What a transport needs of its community (the hub provides it)."""

    hass: HomeAssistant
    entry: ConfigEntry[Any]
    community_code: str
    community_name: str
    site: Site
    voice_handler: VoiceRequestHandler | None  # None while recognition is not running

    @property
    def data_dir(self) -> Path:
        """The community's folder."""

    def resolve(self, device_id: str) -> RegisteredDevice | None:
        """The register device an id names (code or register address)."""

    def async_process_event(self, event: DeviceEvent, origin: EventOrigin) -> bool:
        """Apply a decoded event; False when refused."""

    def note_rejected(self) -> None:
        """Count an event refused before it reached the hub (undecodable, unauthenticated)."""


class DeviceTransport(Protocol):
    """One transport of one community."""

    kind: Transport

    async def async_start(self) -> None:
        """Open connections, subscribe, register receivers."""

    async def async_stop(self) -> None:
        """Close everything (the community unloads)."""

    async def async_send_command(
        self, device: RegisteredDevice, command: str, params: Mapping[str, Any]
    ) -> None:
        """Send one command; raise HomeAssistantError when the device did not take it."""


type TransportFactory = Callable[[Community], DeviceTransport]


class PushCredentials:
    """Who may push to a community's receivers, and with which digest password.

    Every device of the register has its own password, derived from the community's secret
    (``core/credentials.py``); an optional shared user (the options' push user) stands for a
    lower platform that pushes for every device of one transport.
    """

    def __init__(
        self,
        site: Site,
        entry: ConfigEntry[Any],
        admits: Callable[[RegisteredDevice], bool],
    ) -> None:
        """The credentials of the devices of ``site`` that ``admits`` lets push."""
        self.site = site
        self.admits = admits
        data, options = entry.data, entry.options
        self._secret = bytes.fromhex(str(data.get(CONF_PUSH_SECRET, "")))
        self.shared_user = str(options.get(CONF_PUSH_USERNAME) or "") or None
        self._shared_password = str(options.get(CONF_PUSH_PASSWORD) or "")
        if self.shared_user and not self._shared_password:
            self.shared_user = None  # a user without a password opens nothing

    @classmethod
    def of_transport(cls, community: Community, transport: Transport) -> PushCredentials:
        """The devices the register connects by ``transport``, and gateways."""
        return cls(
            community.site,
            community.entry,
            lambda device: device.transport is transport or device.kind is DeviceKind.GATEWAY,
        )

    def device(self, code: str) -> RegisteredDevice | None:
        """A device that may push here, by its code."""
        device = self.site.get(code)
        return device if device is not None and self.admits(device) else None

    def password_for(self, username: str) -> str | None:
        """The digest password of ``username`` (a device code or the shared user)."""
        if self.shared_user is not None and hmac.compare_digest(
            username.encode(), self.shared_user.encode()
        ):
            return self._shared_password
        if not self._secret or self.device(username) is None:
            return None
        return device_password(self._secret, username)

    def is_shared(self, username: str) -> bool:
        """The shared platform user."""
        return self.shared_user is not None and username == self.shared_user


class PushReceiver:
    """A transport that devices reach through a view of HA's web server.

    The views are registered once per HA run; they find the community by its code in an
    index in ``hass.data`` (the one process-wide state the integration keeps there).
    """

    index_key: HassKey[dict[str, Any]]

    def __init__(self, community: Community) -> None:
        """Bound to one community."""
        self.community = community
        self.hass = community.hass

    async def async_start(self) -> None:
        """Reachable through the view while the community is loaded."""
        self.hass.data.setdefault(self.index_key, {})[self.community.community_code] = self

    async def async_stop(self) -> None:
        """No longer reachable."""
        index = self.hass.data.get(self.index_key, {})
        if index.get(self.community.community_code) is self:
            del index[self.community.community_code]

    async def async_send_command(
        self, device: RegisteredDevice, command: str, params: Mapping[str, Any]
    ) -> None:
        """Push receivers carry no commands."""
        raise no_commands(device)


def command_failed(device: RegisteredDevice, command: str, reason: str) -> HomeAssistantError:
    """The translated error of a command the device did not take."""
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="command_failed",
        translation_placeholders={"device": device.name, "command": command, "reason": reason},
    )


def no_commands(device: RegisteredDevice) -> HomeAssistantError:
    """The translated error for a device whose transport only receives."""
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="no_command_transport",
        translation_placeholders={"device": device.name, "transport": device.transport},
    )
