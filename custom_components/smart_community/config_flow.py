"""Config flow: a community (name, 15-digit code, tier and optional systems), options, discovery."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.core import callback
from homeassistant.helpers import entity_registry as er
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
    TimeSelector,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from yarl import URL

from .const import (
    CONF_COMMUNITY_CODE,
    CONF_COMMUNITY_NAME,
    CONF_DAILY_CAP,
    CONF_DOCKING_ALARM_MINUTES,
    CONF_DOCKING_ALLOW_ARCHIVES,
    CONF_DOCKING_KINDS,
    CONF_DOCKING_PASSWORD,
    CONF_DOCKING_PLATFORM_ID,
    CONF_DOCKING_RECEIVERS,
    CONF_DOCKING_URL,
    CONF_DOCKING_USERNAME,
    CONF_FALLING_FACADES,
    CONF_FREE_MINUTES,
    CONF_HOURLY_RATE,
    CONF_MANAGERS,
    CONF_MODELS_DIR,
    CONF_MQTT_PREFIX,
    CONF_NIGHT_END,
    CONF_NIGHT_RATE,
    CONF_NIGHT_START,
    CONF_NOTIFY_TARGETS,
    CONF_OPTIONAL_SYSTEMS,
    CONF_PARKING_SPACES,
    CONF_PUSH_PASSWORD,
    CONF_PUSH_SECRET,
    CONF_PUSH_USERNAME,
    CONF_RECORDS_URL,
    CONF_REQUIRE_LIVENESS,
    CONF_RETENTION_DAYS,
    CONF_TEMPORARY_VEHICLES,
    CONF_TERMINAL_MIN_SIMILARITY,
    CONF_TIER,
    DEFAULT_DAILY_CAP,
    DEFAULT_DOCKING_ALARM_MINUTES,
    DEFAULT_FREE_MINUTES,
    DEFAULT_HOURLY_RATE,
    DEFAULT_MQTT_PREFIX,
    DEFAULT_NIGHT_END,
    DEFAULT_NIGHT_START,
    DEFAULT_PARKING_SPACES,
    DEFAULT_RETENTION_DAYS,
    DEFAULT_TERMINAL_MIN_SIMILARITY,
    DOMAIN,
    DockingKind,
    OptionalSystem,
    Tier,
)
from .core.codes import gb28181
from .core.codes.community import parse as parse_community_code
from .core.codes.exceptions import ValidationError as CommunityCodeError
from .core.credentials import new_secret
from .core.falling.facade import Facade, FacadeError, format_corners, parse_corners
from .core.site import RegisteredDevice
from .core.standard import MIN_RETENTION_DAYS
from .features.falling import analysed_cameras, facades_of
from .features.terminal_settings import TerminalOptionsSteps

_TIER_SELECTOR = SelectSelector(
    SelectSelectorConfig(
        options=[tier.value for tier in Tier],
        translation_key="tier",
        mode=SelectSelectorMode.LIST,
    )
)
_OPTIONAL_SELECTOR = SelectSelector(
    SelectSelectorConfig(
        options=[system.value for system in OptionalSystem],
        translation_key="optional_systems",
        multiple=True,
        mode=SelectSelectorMode.LIST,
    )
)


def _community_schema(defaults: dict[str, Any]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(
                CONF_COMMUNITY_NAME, default=defaults.get(CONF_COMMUNITY_NAME, "")
            ): TextSelector(),
            vol.Required(
                CONF_COMMUNITY_CODE, default=defaults.get(CONF_COMMUNITY_CODE, "")
            ): TextSelector(),
            vol.Required(CONF_TIER, default=defaults.get(CONF_TIER, Tier.STANDARD.value)): (
                _TIER_SELECTOR
            ),
            vol.Optional(
                CONF_OPTIONAL_SYSTEMS, default=defaults.get(CONF_OPTIONAL_SYSTEMS, [])
            ): _OPTIONAL_SELECTOR,
        }
    )


def _check_community(
    user_input: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """Normalise the form; return (data, errors, description placeholders)."""
    errors: dict[str, str] = {}
    placeholders: dict[str, str] = {"reason": ""}
    data = dict(user_input)
    data[CONF_COMMUNITY_NAME] = str(user_input[CONF_COMMUNITY_NAME]).strip()
    if not data[CONF_COMMUNITY_NAME]:
        errors[CONF_COMMUNITY_NAME] = "name_required"
    try:
        code = parse_community_code(str(user_input[CONF_COMMUNITY_CODE]))
    except CommunityCodeError as err:
        errors[CONF_COMMUNITY_CODE] = "invalid_community_code"
        placeholders["reason"] = str(err)
    else:
        data[CONF_COMMUNITY_CODE] = code.code
    data[CONF_OPTIONAL_SYSTEMS] = sorted(set(user_input.get(CONF_OPTIONAL_SYSTEMS, [])))
    return data, errors, placeholders


class SmartCommunityConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create one config entry per community."""

    VERSION = 1
    MINOR_VERSION = 2  # 1.2: the community's push secret in the entry data

    def __init__(self) -> None:
        """Start with no discovered community."""
        self._discovered: dict[str, Any] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> SmartCommunityOptionsFlow:
        """Options: retention, records store, MQTT prefix, notify targets."""
        return SmartCommunityOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the community's name, code and tier."""
        errors: dict[str, str] = {}
        placeholders = {"reason": ""}
        if user_input is not None:
            # The division table is a file read: off the event loop.
            data, errors, placeholders = await self.hass.async_add_executor_job(
                _check_community, user_input
            )
            if not errors:
                await self.async_set_unique_id(data[CONF_COMMUNITY_CODE])
                self._abort_if_unique_id_configured()
                # Devices authenticate with passwords derived from this (never shown as such).
                data[CONF_PUSH_SECRET] = new_secret().hex()
                return self.async_create_entry(title=data[CONF_COMMUNITY_NAME], data=data)
        return self.async_show_form(
            step_id="user",
            data_schema=_community_schema(user_input or self._discovered),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the name, tier or optional systems; the code identifies the community."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        placeholders = {"reason": ""}
        if user_input is not None:
            data, errors, placeholders = await self.hass.async_add_executor_job(
                _check_community,
                {**user_input, CONF_COMMUNITY_CODE: entry.data[CONF_COMMUNITY_CODE]},
            )
            if not errors:
                return self.async_update_reload_and_abort(
                    entry, title=data[CONF_COMMUNITY_NAME], data=data
                )
        schema = vol.Schema(
            {
                key: value
                for key, value in _community_schema(
                    {**entry.data, **(user_input or {})}
                ).schema.items()
                if key != CONF_COMMUNITY_CODE
            }
        )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=schema,
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """A community gateway announced itself (``_smart-community._tcp``)."""
        props = discovery_info.properties
        try:
            code = await self.hass.async_add_executor_job(
                parse_community_code, str(props.get("community_code", ""))
            )
        except CommunityCodeError:
            return self.async_abort(reason="not_a_gateway")
        await self.async_set_unique_id(code.code)
        self._abort_if_unique_id_configured()
        name = str(props.get("name") or code.code)
        self._discovered = {
            CONF_COMMUNITY_NAME: name,
            CONF_COMMUNITY_CODE: code.code,
            CONF_TIER: props.get("tier") if props.get("tier") in set(Tier) else Tier.STANDARD.value,
        }
        self.context["title_placeholders"] = {"name": name}
        return await self.async_step_user()


CONF_CAMERA = "camera"
CONF_CORNERS = "corners"
CONF_FACADE_REMOVE = "remove"
_FACADE_NUMBERS = (
    ("floors", 1, 200, 1),
    ("lowest_floor", -10, 300, 1),
    ("columns", 1, 200, 1),
    ("floor_height_m", 1.5, 10.0, 0.1),
)
_FACADE_FIELDS: dict[Any, Any] = {
    vol.Required(CONF_CORNERS): TextSelector(TextSelectorConfig(multiline=True))
}
for _key, _low, _high, _step in _FACADE_NUMBERS:
    _FACADE_FIELDS[vol.Required(_key)] = NumberSelector(
        NumberSelectorConfig(min=_low, max=_high, step=_step, mode=NumberSelectorMode.BOX)
    )
_FACADE_FIELDS[vol.Optional(CONF_FACADE_REMOVE, default=False)] = BooleanSelector()
_FACADE_SCHEMA = vol.Schema(_FACADE_FIELDS)


def facade_from_form(form: dict[str, Any], size: tuple[int, int] | None) -> Facade:
    """The calibration a form describes (corners clicked on a ``size`` picture)."""
    data: dict[str, Any] = {
        "corners": parse_corners(str(form.get(CONF_CORNERS, ""))),
        **{key: form.get(key) for key, *_ in _FACADE_NUMBERS},
    }
    for key in ("floors", "lowest_floor", "columns"):
        if isinstance(data[key], float) and data[key].is_integer():
            data[key] = int(data[key])
    if size is not None:
        data["image_size"] = list(size)
    facade = Facade.from_mapping(data)
    if size is not None:
        x0, y0, x1, y1 = facade.bounds()
        if x1 <= 0 or y1 <= 0 or x0 >= size[0] or y0 >= size[1]:
            raise FacadeError(f"corners: the facade is outside the {size[0]}×{size[1]} picture")
    return facade


def _facade_form(stored: Any) -> dict[str, Any]:
    """A stored calibration as the form shows it (defaults for a new one)."""
    try:
        facade = Facade.from_mapping(stored)
    except FacadeError:
        return {"lowest_floor": 1, "floor_height_m": 3.0}
    return {
        CONF_CORNERS: format_corners(facade.corners),
        "floors": facade.floors,
        "lowest_floor": facade.lowest_floor,
        "columns": facade.columns,
        "floor_height_m": facade.floor_height_m,
    }


def _suggested(options: dict[str, Any], key: str, default: Any) -> dict[str, Any]:
    return {"suggested_value": options.get(key, default)}


def _parking_fields(options: dict[str, Any]) -> dict[Any, Any]:
    """Car park capacity and the temporary-parking tariff (CNY); absent keys use defaults."""
    money = NumberSelector(
        NumberSelectorConfig(min=0, max=1000, step=0.5, mode=NumberSelectorMode.BOX)
    )
    return {
        vol.Optional(
            CONF_PARKING_SPACES,
            description=_suggested(options, CONF_PARKING_SPACES, DEFAULT_PARKING_SPACES),
        ): NumberSelector(
            NumberSelectorConfig(min=0, max=100000, step=1, mode=NumberSelectorMode.BOX)
        ),
        vol.Optional(
            CONF_FREE_MINUTES,
            description=_suggested(options, CONF_FREE_MINUTES, DEFAULT_FREE_MINUTES),
        ): NumberSelector(
            NumberSelectorConfig(
                min=0, max=1440, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="min"
            )
        ),
        vol.Optional(
            CONF_HOURLY_RATE,
            description=_suggested(options, CONF_HOURLY_RATE, DEFAULT_HOURLY_RATE),
        ): money,
        vol.Optional(
            CONF_DAILY_CAP, description=_suggested(options, CONF_DAILY_CAP, DEFAULT_DAILY_CAP)
        ): money,
        vol.Optional(
            CONF_NIGHT_RATE, description=_suggested(options, CONF_NIGHT_RATE, None)
        ): money,
        vol.Optional(
            CONF_NIGHT_START,
            description=_suggested(options, CONF_NIGHT_START, DEFAULT_NIGHT_START),
        ): TimeSelector(),
        vol.Optional(
            CONF_NIGHT_END, description=_suggested(options, CONF_NIGHT_END, DEFAULT_NIGHT_END)
        ): TimeSelector(),
        vol.Optional(
            CONF_TEMPORARY_VEHICLES,
            description=_suggested(options, CONF_TEMPORARY_VEHICLES, True),
        ): BooleanSelector(),
    }


def _docking_schema(options: dict[str, Any]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Optional(CONF_DOCKING_URL, default=options.get(CONF_DOCKING_URL, "")): TextSelector(
                TextSelectorConfig(type=TextSelectorType.URL)
            ),
            vol.Optional(
                CONF_DOCKING_USERNAME, default=options.get(CONF_DOCKING_USERNAME, "")
            ): TextSelector(),
            vol.Optional(
                CONF_DOCKING_PASSWORD, default=options.get(CONF_DOCKING_PASSWORD, "")
            ): TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD)),
            vol.Optional(
                CONF_DOCKING_PLATFORM_ID, default=options.get(CONF_DOCKING_PLATFORM_ID, "")
            ): TextSelector(),
            vol.Optional(
                CONF_DOCKING_RECEIVERS, default=options.get(CONF_DOCKING_RECEIVERS, [])
            ): TextSelector(TextSelectorConfig(type=TextSelectorType.URL, multiple=True)),
            vol.Optional(
                CONF_DOCKING_KINDS,
                default=options.get(
                    CONF_DOCKING_KINDS, [DockingKind.FACES.value, DockingKind.MOTOR_VEHICLES.value]
                ),
            ): SelectSelector(
                SelectSelectorConfig(
                    options=[kind.value for kind in DockingKind],
                    translation_key="docking_kinds",
                    multiple=True,
                    mode=SelectSelectorMode.LIST,
                )
            ),
            vol.Optional(
                CONF_DOCKING_ALLOW_ARCHIVES,
                default=options.get(CONF_DOCKING_ALLOW_ARCHIVES, False),
            ): BooleanSelector(),
            vol.Required(
                CONF_DOCKING_ALARM_MINUTES,
                default=options.get(CONF_DOCKING_ALARM_MINUTES, DEFAULT_DOCKING_ALARM_MINUTES),
            ): NumberSelector(
                NumberSelectorConfig(
                    min=1, max=10080, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="min"
                )
            ),
        }
    )


def _docking_errors(docking: dict[str, Any]) -> dict[str, str]:
    """Field errors of the docking step; an empty URL turns docking off (nothing to check)."""
    url = docking[CONF_DOCKING_URL]
    if not url:
        return {}
    errors: dict[str, str] = {}
    parsed = URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host or parsed.user:
        errors[CONF_DOCKING_URL] = "invalid_docking_url"
    if not gb28181.is_valid(str(docking.get(CONF_DOCKING_PLATFORM_ID) or "").strip()):
        errors[CONF_DOCKING_PLATFORM_ID] = "invalid_platform_id"
    if DockingKind.PERSONS in docking.get(CONF_DOCKING_KINDS, []) and not docking.get(
        CONF_DOCKING_ALLOW_ARCHIVES
    ):
        errors[CONF_DOCKING_KINDS] = "persons_need_archives"
    return errors


class SmartCommunityOptionsFlow(TerminalOptionsSteps):
    """Options of a community that can change without re-creating it (general, docking,
    then the access terminals' connections)."""

    _general: dict[str, Any]
    _facades: dict[str, Any]
    _camera: str

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Retention, records store URL, MQTT topic prefix and who gets notified."""
        errors: dict[str, str] = {}
        if user_input is not None:
            url = str(user_input.get(CONF_RECORDS_URL, "")).strip()
            if url and not url.startswith(("sqlite:///", "postgresql://", "postgres://")):
                errors[CONF_RECORDS_URL] = "invalid_records_url"
            if not errors:
                self._general = {
                    **user_input,
                    CONF_RECORDS_URL: url,
                    CONF_RETENTION_DAYS: int(user_input[CONF_RETENTION_DAYS]),
                    CONF_MQTT_PREFIX: str(user_input[CONF_MQTT_PREFIX]).strip("/ "),
                }
                return await self.async_step_docking()
        options = {**self.config_entry.options, **(user_input or {})}
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_RETENTION_DAYS,
                    default=options.get(CONF_RETENTION_DAYS, DEFAULT_RETENTION_DAYS),
                ): NumberSelector(
                    NumberSelectorConfig(
                        min=MIN_RETENTION_DAYS,
                        max=3650,
                        step=1,
                        mode=NumberSelectorMode.BOX,
                        unit_of_measurement="d",
                    )
                ),
                vol.Optional(
                    CONF_RECORDS_URL, default=options.get(CONF_RECORDS_URL, "")
                ): TextSelector(),
                vol.Required(
                    CONF_MQTT_PREFIX, default=options.get(CONF_MQTT_PREFIX, DEFAULT_MQTT_PREFIX)
                ): TextSelector(),
                vol.Optional(
                    CONF_MODELS_DIR, default=options.get(CONF_MODELS_DIR, "")
                ): TextSelector(),
                vol.Optional(
                    CONF_PUSH_USERNAME, default=options.get(CONF_PUSH_USERNAME, "")
                ): TextSelector(),
                vol.Optional(
                    CONF_PUSH_PASSWORD, default=options.get(CONF_PUSH_PASSWORD, "")
                ): TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD)),
                vol.Optional(
                    CONF_NOTIFY_TARGETS, default=options.get(CONF_NOTIFY_TARGETS, [])
                ): SelectSelector(
                    SelectSelectorConfig(
                        options=self._notify_services(),
                        multiple=True,
                        custom_value=True,
                        mode=SelectSelectorMode.DROPDOWN,
                    )
                ),
                vol.Optional(
                    CONF_REQUIRE_LIVENESS, default=options.get(CONF_REQUIRE_LIVENESS, True)
                ): BooleanSelector(),
                vol.Optional(
                    CONF_TERMINAL_MIN_SIMILARITY,
                    default=options.get(
                        CONF_TERMINAL_MIN_SIMILARITY, DEFAULT_TERMINAL_MIN_SIMILARITY
                    ),
                ): NumberSelector(
                    NumberSelectorConfig(min=0.5, max=1.0, step=0.01, mode=NumberSelectorMode.BOX)
                ),
                vol.Optional(CONF_MANAGERS, default=options.get(CONF_MANAGERS, [])): SelectSelector(
                    SelectSelectorConfig(
                        options=await self._manager_choices(),
                        multiple=True,
                        mode=SelectSelectorMode.DROPDOWN,
                    )
                ),
                **_parking_fields(options),
            }
        )
        return self.async_show_form(step_id="init", data_schema=schema, errors=errors)

    async def async_step_docking(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Police data docking: upstream view library, our platform code, what may leave."""
        errors: dict[str, str] = {}
        if user_input is not None:
            docking = {
                **user_input,
                CONF_DOCKING_URL: str(user_input.get(CONF_DOCKING_URL) or "").strip(),
            }
            errors = _docking_errors(docking)
            if not errors:
                docking[CONF_DOCKING_ALARM_MINUTES] = int(docking[CONF_DOCKING_ALARM_MINUTES])
                docking[CONF_DOCKING_PLATFORM_ID] = str(
                    docking.get(CONF_DOCKING_PLATFORM_ID) or ""
                ).strip()
                self._general = {**self._general, **docking}
                return await self.async_step_terminals()
        options = {**self.config_entry.options, **(user_input or {})}
        return self.async_show_form(
            step_id="docking", data_schema=_docking_schema(options), errors=errors
        )

    async def _manager_choices(self) -> list[SelectOptionDict]:
        """People who can be property managers: active users who are not administrators
        (administrators hold every permission already)."""
        return [
            SelectOptionDict(value=user.id, label=user.name or user.id)
            for user in sorted(
                await self.hass.auth.async_get_users(), key=lambda user: user.name or ""
            )
            if user.is_active and not user.system_generated and not user.is_admin
        ]

    # --- falling-object cameras: a facade calibration each --------------------------------

    async def _terminals_done(self) -> ConfigFlowResult:
        """After the access terminals: the falling-object cameras' calibrations, if any."""
        if self._cameras():
            return await self.async_step_falling_camera()
        return self._finish()

    def _finish(self) -> ConfigFlowResult:
        data = dict(self._general)
        if self._facades:
            data[CONF_FALLING_FACADES] = self._facades
        return self.async_create_entry(data=data)

    def _cameras(self) -> dict[str, RegisteredDevice]:
        """The register's falling-object cameras with a stream (the entry must be loaded)."""
        if not hasattr(self, "_facades"):
            self._facades = dict(facades_of(self.config_entry.options))
        if self.config_entry.state is not ConfigEntryState.LOADED:
            return {}
        site = self.config_entry.runtime_data.site
        return {device.code: device for device in analysed_cameras(list(site))}

    async def async_step_falling_camera(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Which falling-object camera to calibrate; empty to finish."""
        cameras = self._cameras()
        if user_input is not None:
            code = user_input.get(CONF_CAMERA)
            if not code:
                return self._finish()
            if code in cameras:
                self._camera = code
                return await self.async_step_facade()
        options = [
            SelectOptionDict(
                value=code,
                label=f"{device.name} {'✓' if code in self._facades else '—'}",
            )
            for code, device in cameras.items()
        ]
        return self.async_show_form(
            step_id="falling_camera",
            data_schema=vol.Schema(
                {
                    vol.Optional(CONF_CAMERA): SelectSelector(
                        SelectSelectorConfig(options=options, mode=SelectSelectorMode.LIST)
                    )
                }
            ),
            description_placeholders={
                "calibrated": str(sum(1 for code in cameras if code in self._facades)),
                "cameras": str(len(cameras)),
            },
        )

    async def async_step_facade(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """The facade's corners in the camera's picture, floors and window columns."""
        code = self._camera
        device = self._cameras()[code]
        feature = self.config_entry.runtime_data.falling
        size = feature.picture_size(code)
        errors: dict[str, str] = {}
        placeholders = {
            "camera": device.name,
            "size": f"{size[0]}×{size[1]}" if size else "?",
            "picture": self._picture(code),
            "reason": "",
        }
        if user_input is not None:
            if user_input.get(CONF_FACADE_REMOVE):
                self._facades.pop(code, None)
                return await self.async_step_falling_camera()
            try:
                facade = facade_from_form(user_input, size)
            except FacadeError as err:
                errors["base"] = "invalid_facade"
                placeholders["reason"] = str(err)
            else:
                self._facades[code] = facade.to_mapping()
                return await self.async_step_falling_camera()
        current = {**_facade_form(self._facades.get(code)), **(user_input or {})}
        return self.async_show_form(
            step_id="facade",
            data_schema=self.add_suggested_values_to_schema(_FACADE_SCHEMA, current),
            errors=errors,
            description_placeholders=placeholders,
        )

    def _picture(self, code: str) -> str:
        """A markdown picture of the camera's current view (through HA's camera proxy)."""
        entity_id = er.async_get(self.hass).async_get_entity_id("camera", DOMAIN, f"{code}_camera")
        state = self.hass.states.get(entity_id) if entity_id else None
        picture = state.attributes.get("entity_picture") if state else None
        return f"![camera view]({picture})" if picture else ""

    def _notify_services(self) -> list[str]:
        """Mobile-app and other notify services known to HA, as choices."""
        return sorted(
            f"notify.{service}"
            for service in self.hass.services.async_services_for_domain("notify")
        )
