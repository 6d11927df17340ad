"""How HA reaches each access terminal: settings kept in the config entry, and their options step.

The register (which goes to the police) names a terminal's place and its 接入方式; the base
URL, operator account and password of a Hikvision or Dahua terminal are the community's own
secrets, kept in the entry's options under ``terminals`` (redacted in diagnostics)::

    {"34010449011348001029": {"vendor": "auto", "base_url": "http://10.34.1.33",
                              "username": "admin", "password": "…", "doors": 1,
                              "events": true}}

``vendor`` is ``auto`` (from the register row: 接入方式 ``isapi`` → Hikvision, ``dahua`` →
Dahua, ``mqtt`` → the MQTT schema, else the manufacturer), a vendor to override it, or
``off`` (the terminal's library is left alone). The options flow's *terminals* step edits one
terminal at a time and checks the credentials against the terminal before it keeps them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.util import dt as dt_util
from yarl import URL

from ..core.devices import DeviceKind
from ..core.register.row import RegisterRow
from ..core.terminals import AuthenticationFailed, TerminalError, Unreachable, Vendor
from ..core.terminals.client import TerminalClient
from ..core.terminals.dahua import DahuaTerminal
from ..core.terminals.hikvision import IsapiTerminal
from ..core.terminals.http import DigestHttp
from ..core.terminals.specs import TerminalConnection, vendor_of

_LOGGER = logging.getLogger(__name__)

CONF_TERMINALS = "terminals"
VENDOR_AUTO = "auto"
VENDOR_OFF = "off"
VENDOR_CHOICES = (VENDOR_AUTO, *(vendor.value for vendor in Vendor), VENDOR_OFF)
MAX_DOORS = 8
PROBE_TIMEOUT = 10.0
HTTP_VENDORS = frozenset({Vendor.HIKVISION, Vendor.DAHUA})


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminalSetting:
    """One terminal's connection settings (one value of ``options["terminals"]``)."""

    vendor: str = VENDOR_AUTO
    base_url: str = ""
    username: str = ""
    password: str = ""
    doors: int = 1
    events: bool = True

    @property
    def off(self) -> bool:
        """The integration leaves this terminal's library alone."""
        return self.vendor == VENDOR_OFF

    def vendor_for(self, row: RegisterRow) -> Vendor | None:
        """The vendor protocol: the override, else what the register row says."""
        if self.off:
            return None
        if self.vendor != VENDOR_AUTO:
            return Vendor(self.vendor)
        return vendor_of(row)

    def connection(self) -> TerminalConnection | None:
        """What the core's spec builder takes (``None`` for ``off``)."""
        if self.off:
            return None
        return TerminalConnection(
            base_url=self.base_url,
            username=self.username,
            password=self.password,
            vendor=None if self.vendor == VENDOR_AUTO else Vendor(self.vendor),
            doors=self.doors,
            events=self.events,
        )

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "vendor": self.vendor,
            "base_url": self.base_url,
            "username": self.username,
            "password": self.password,
            "doors": self.doors,
            "events": self.events,
        }

    @classmethod
    def from_json(cls, data: Any) -> TerminalSetting | None:
        """A stored setting, ``None`` when it is not one (edited by hand, another version)."""
        if not isinstance(data, Mapping):
            return None
        vendor = data.get("vendor", VENDOR_AUTO)
        doors = data.get("doors", 1)
        if vendor not in VENDOR_CHOICES or isinstance(doors, bool) or not isinstance(doors, int):
            return None
        texts = [data.get(key, "") for key in ("base_url", "username", "password")]
        if not all(isinstance(text, str) for text in texts):
            return None
        return cls(
            vendor=vendor,
            base_url=texts[0],
            username=texts[1],
            password=texts[2],
            doors=min(max(doors, 1), MAX_DOORS),
            events=data.get("events", True) is not False,
        )


def settings_from_options(options: Mapping[str, Any]) -> dict[str, TerminalSetting]:
    """Every usable terminal setting of the entry's options (broken ones are logged, skipped)."""
    raw = options.get(CONF_TERMINALS) or {}
    settings: dict[str, TerminalSetting] = {}
    if not isinstance(raw, Mapping):
        _LOGGER.warning("Terminal settings ignored: not a mapping")
        return settings
    for code, data in raw.items():
        setting = TerminalSetting.from_json(data)
        if setting is None:
            _LOGGER.warning("Terminal settings of %s ignored: not understood", str(code)[:40])
        else:
            settings[str(code)] = setting
    return settings


def setting_errors(setting: TerminalSetting, vendor: Vendor | None) -> dict[str, str]:
    """Field errors of one terminal's form (``vendor``: what the setting resolves to)."""
    if setting.off or vendor is Vendor.MQTT:
        return {}
    if vendor is None:
        return {"vendor": "vendor_unknown"}
    errors: dict[str, str] = {}
    try:
        url = URL(setting.base_url)
    except ValueError:
        url = None
    if (
        url is None
        or url.scheme not in ("http", "https")
        or not url.host
        or url.user is not None
        or url.query_string
        or url.fragment
        or url.path not in ("", "/")
    ):
        errors["base_url"] = "invalid_terminal_url"
    if not setting.username:
        errors["username"] = "username_required"
    if not setting.password:
        errors["password"] = "password_required"
    if not 1 <= setting.doors <= MAX_DOORS:
        errors["doors"] = "invalid_doors"
    return errors


def http_client(
    session: Any, vendor: Vendor, setting: TerminalSetting, *, timeout: float
) -> TerminalClient:
    """A vendor client for one HTTP terminal (the options check and the door opener)."""
    http = DigestHttp(
        session, setting.base_url, setting.username, setting.password, timeout=timeout
    )
    zone = dt_util.get_default_time_zone()
    if vendor is Vendor.DAHUA:
        return DahuaTerminal(http, zone=zone, doors=setting.doors)
    return IsapiTerminal(http, zone=zone, doors=setting.doors)


async def probe_error(session: Any, vendor: Vendor, setting: TerminalSetting) -> str | None:
    """``None`` when the terminal answers with these credentials, else the form's error key."""
    client = http_client(session, vendor, setting, timeout=PROBE_TIMEOUT)
    try:
        await client.probe()
    except AuthenticationFailed:
        return "invalid_auth"
    except Unreachable as err:
        _LOGGER.info("Terminal at %s did not answer the check: %s", setting.base_url, err)
        return "cannot_connect"
    except TerminalError as err:  # it answered, with something that is not its protocol
        _LOGGER.info("Terminal at %s answered the check oddly: %s", setting.base_url, err)
        return "not_a_terminal"
    return None


# --- the options flow's terminals step ----------------------------------------------------

PICK = "terminal"
CHECK = "check_connection"


def _suggested(value: Any) -> dict[str, Any]:
    return {"suggested_value": value}


class TerminalOptionsSteps(OptionsFlow):
    """The *terminals* and *terminal* steps of the options flow.

    ``_general`` holds what the earlier steps gathered; the terminals step adds the
    terminal settings to it and hands over to ``_terminals_done`` (the flow's next step).
    """

    _general: dict[str, Any]
    _terminal_settings: dict[str, dict[str, Any]]
    _editing: str = ""

    def _rows(self) -> dict[str, RegisterRow]:
        """The register's access terminals, when the community is loaded."""
        runtime = getattr(self.config_entry, "runtime_data", None)
        site = getattr(runtime, "site", None)
        if site is None:
            return {}
        return {
            device.code: device.row for device in site if device.kind is DeviceKind.ACCESS_TERMINAL
        }

    async def _terminals_done(self) -> ConfigFlowResult:
        """Called when the manager leaves the terminals step: the flow goes on from here."""
        raise NotImplementedError

    async def _leave_terminals(self) -> ConfigFlowResult:
        if self._terminal_settings:
            self._general = {**self._general, CONF_TERMINALS: self._terminal_settings}
        return await self._terminals_done()

    def _label(self, code: str, row: RegisterRow) -> str:
        stored = TerminalSetting.from_json(self._terminal_settings.get(code))
        if stored is None:
            state = "—"
        elif stored.off:
            state = VENDOR_OFF
        else:
            vendor = stored.vendor_for(row)
            state = f"{vendor.value if vendor else '?'} {stored.base_url}".strip()
        return f"{row.name} ({code}) · {state}"

    async def async_step_terminals(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick a terminal to set up; submit without one to save the options."""
        if not hasattr(self, "_terminal_settings"):
            stored = self.config_entry.options.get(CONF_TERMINALS)
            self._terminal_settings = dict(stored) if isinstance(stored, Mapping) else {}
        rows = self._rows()
        if not rows:
            return await self._leave_terminals()
        if user_input is not None:
            picked = str(user_input.get(PICK) or "")
            if not picked:
                return await self._leave_terminals()
            if picked in rows:
                self._editing = picked
                return await self.async_step_terminal()
        options = [
            SelectOptionDict(value=code, label=self._label(code, row))
            for code, row in sorted(rows.items())
        ]
        return self.async_show_form(
            step_id="terminals",
            data_schema=vol.Schema(
                {
                    vol.Optional(PICK): SelectSelector(
                        SelectSelectorConfig(options=options, mode=SelectSelectorMode.DROPDOWN)
                    )
                }
            ),
            description_placeholders={"count": str(len(rows))},
        )

    async def async_step_terminal(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One terminal's vendor, address, account and doors, checked against the terminal."""
        code = self._editing
        row = self._rows().get(code)
        if row is None:
            return await self.async_step_terminals()
        current = TerminalSetting.from_json(self._terminal_settings.get(code)) or TerminalSetting()
        errors: dict[str, str] = {}
        if user_input is not None:
            setting = TerminalSetting(
                vendor=str(user_input.get("vendor", VENDOR_AUTO)),
                base_url=str(user_input.get("base_url") or "").strip().rstrip("/"),
                username=str(user_input.get("username") or "").strip(),
                # A password is never shown again: left empty, the stored one stays.
                password=str(user_input.get("password") or "") or current.password,
                doors=int(user_input.get("doors", 1)),
                events=bool(user_input.get("events", True)),
            )
            vendor = setting.vendor_for(row)
            errors = setting_errors(setting, vendor)
            if not errors and vendor in HTTP_VENDORS and user_input.get(CHECK, True):
                assert vendor is not None
                error = await probe_error(async_get_clientsession(self.hass), vendor, setting)
                if error is not None:
                    errors["base"] = error
            if not errors:
                if vendor is Vendor.MQTT or setting.off:  # nothing of the HTTP form is used
                    setting = TerminalSetting(vendor=setting.vendor, doors=setting.doors)
                self._terminal_settings = {**self._terminal_settings, code: setting.to_json()}
                self._editing = ""
                return await self.async_step_terminals()
            current = setting
        resolved = vendor_of(row)
        schema = vol.Schema(
            {
                vol.Required("vendor", default=current.vendor): SelectSelector(
                    SelectSelectorConfig(
                        options=list(VENDOR_CHOICES),
                        translation_key="terminal_vendor",
                        mode=SelectSelectorMode.DROPDOWN,
                    )
                ),
                vol.Optional("base_url", description=_suggested(current.base_url)): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.URL)
                ),
                vol.Optional("username", description=_suggested(current.username)): TextSelector(),
                vol.Optional("password"): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.PASSWORD)
                ),
                vol.Required("doors", default=current.doors): NumberSelector(
                    NumberSelectorConfig(min=1, max=MAX_DOORS, step=1, mode=NumberSelectorMode.BOX)
                ),
                vol.Required("events", default=current.events): BooleanSelector(),
                vol.Required(CHECK, default=True): BooleanSelector(),
            }
        )
        return self.async_show_form(
            step_id="terminal",
            data_schema=schema,
            errors=errors,
            description_placeholders={
                "device": row.name,
                "code": code,
                "transport": row.transport.value,
                "vendor": resolved.value if resolved else "?",
            },
        )
