"""Config flow: every branch of user, reconfigure, zeroconf and options steps."""

from __future__ import annotations

from collections.abc import Generator
from ipaddress import ip_address
from pathlib import Path
from unittest.mock import AsyncMock, patch

import pytest
from homeassistant.config_entries import SOURCE_USER, SOURCE_ZEROCONF, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import (
    CONF_COMMUNITY_CODE,
    CONF_COMMUNITY_NAME,
    CONF_MANAGERS,
    CONF_MQTT_PREFIX,
    CONF_NOTIFY_TARGETS,
    CONF_OPTIONAL_SYSTEMS,
    CONF_PUSH_SECRET,
    CONF_RECORDS_URL,
    CONF_RETENTION_DAYS,
    CONF_TIER,
    DOMAIN,
)

CODE = "340104001001001"
USER_INPUT = {
    CONF_COMMUNITY_NAME: " 华府骏苑 ",
    CONF_COMMUNITY_CODE: "340104 001001 001",
    CONF_TIER: "medium",
    CONF_OPTIONAL_SYSTEMS: ["patrol", "iot", "patrol"],
}


@pytest.fixture(autouse=True)
def no_setup() -> Generator[AsyncMock]:
    """The flow is tested alone; set-up has its own tests."""
    with patch("custom_components.smart_community.async_setup_entry", return_value=True) as mock:
        yield mock


def _entry(hass: HomeAssistant) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=CODE,
        title="华府骏苑",
        data={
            CONF_COMMUNITY_NAME: "华府骏苑",
            CONF_COMMUNITY_CODE: CODE,
            CONF_TIER: "standard",
            CONF_OPTIONAL_SYSTEMS: [],
        },
    )
    entry.add_to_hass(hass)
    return entry


async def test_user_creates_community(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], USER_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "华府骏苑"
    data = dict(result["data"])
    # Devices' push passwords are derived from a secret made for each community.
    secret = bytes.fromhex(data.pop(CONF_PUSH_SECRET))
    assert len(secret) == 32
    assert data == {
        CONF_COMMUNITY_NAME: "华府骏苑",
        CONF_COMMUNITY_CODE: CODE,
        CONF_TIER: "medium",
        CONF_OPTIONAL_SYSTEMS: ["iot", "patrol"],
    }
    assert result["result"].unique_id == CODE


@pytest.mark.parametrize(
    ("code", "reason_part"),
    [
        ("34010400100100", "15 digits"),
        ("34010400100100X", "digits only"),
        ("999999001001001", "division"),
        ("340104001001000", "sequence"),
    ],
)
async def test_user_bad_code_says_why(hass: HomeAssistant, code: str, reason_part: str) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, CONF_COMMUNITY_CODE: code}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_COMMUNITY_CODE: "invalid_community_code"}
    assert reason_part in result["description_placeholders"]["reason"]
    # the user fixes it in the same flow
    result = await hass.config_entries.flow.async_configure(result["flow_id"], USER_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_blank_name(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, CONF_COMMUNITY_NAME: "   "}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_COMMUNITY_NAME: "name_required"}


async def test_user_same_code_twice_aborts(hass: HomeAssistant) -> None:
    _entry(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], USER_INPUT)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_changes_name_and_tier_not_code(
    hass: HomeAssistant, config_dir: Path
) -> None:
    entry = _entry(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert CONF_COMMUNITY_CODE not in result["data_schema"].schema
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_COMMUNITY_NAME: "华府骏苑二期",
            CONF_TIER: "high",
            CONF_OPTIONAL_SYSTEMS: ["perimeter"],
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "华府骏苑二期"
    assert entry.data[CONF_TIER] == "high"
    assert entry.data[CONF_COMMUNITY_CODE] == CODE
    # The flow reloads the community with its new name: let that finish before the test ends
    # (it left HA's storage writer scheduled otherwise).
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_reconfigure_blank_name_is_an_error(hass: HomeAssistant) -> None:
    entry = _entry(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_COMMUNITY_NAME: " ", CONF_TIER: "high"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_COMMUNITY_NAME: "name_required"}
    assert entry.title == "华府骏苑"


def _zeroconf(props: dict[str, str]) -> ZeroconfServiceInfo:
    return ZeroconfServiceInfo(
        ip_address=ip_address("127.0.0.1"),
        ip_addresses=[ip_address("127.0.0.1")],
        hostname="gateway.local.",
        name="gateway._smart-community._tcp.local.",
        port=8080,
        type="_smart-community._tcp.local.",
        properties=props,
    )


async def test_zeroconf_gateway_prefills_the_form(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=_zeroconf({"community_code": CODE, "name": "华府骏苑", "tier": "high"}),
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    schema = result["data_schema"].schema
    defaults = {
        str(key): key.default() for key in schema if callable(getattr(key, "default", None))
    }
    assert defaults[CONF_COMMUNITY_CODE] == CODE
    assert defaults[CONF_TIER] == "high"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_COMMUNITY_NAME: "华府骏苑", CONF_COMMUNITY_CODE: CODE, CONF_TIER: "high"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_TIER] == "high"


async def test_zeroconf_unknown_tier_falls_back_to_standard(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=_zeroconf({"community_code": CODE}),
    )
    schema = result["data_schema"].schema
    defaults = {
        str(key): key.default() for key in schema if callable(getattr(key, "default", None))
    }
    assert defaults[CONF_TIER] == "standard"
    assert defaults[CONF_COMMUNITY_NAME] == CODE


async def test_zeroconf_without_a_community_code_aborts(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_zeroconf({"name": "camera"})
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_a_gateway"


async def test_zeroconf_known_community_aborts(hass: HomeAssistant) -> None:
    _entry(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_zeroconf({"community_code": CODE})
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_options_flow(hass: HomeAssistant) -> None:
    entry = _entry(hass)
    hass.services.async_register("notify", "mobile_app_guard_phone", AsyncMock())
    await hass.auth.async_create_user("管理员", group_ids=["system-admin"])  # the owner
    manager = await hass.auth.async_create_user("物业经理", group_ids=["system-users"])
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    # Property managers are chosen among the users who are not administrators already.
    managers = next(
        selector for key, selector in result["data_schema"].schema.items() if key == CONF_MANAGERS
    )
    assert managers.config["options"] == [{"value": manager.id, "label": "物业经理"}]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_RETENTION_DAYS: 90,
            CONF_RECORDS_URL: "x://nowhere",
            CONF_MQTT_PREFIX: "/community/",
            CONF_NOTIFY_TARGETS: ["notify.mobile_app_guard_phone"],
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_RECORDS_URL: "invalid_records_url"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_RETENTION_DAYS: 90,
            CONF_RECORDS_URL: " postgresql://sc@127.0.0.1/sc ",
            CONF_MQTT_PREFIX: "/community/",
            CONF_NOTIFY_TARGETS: ["notify.mobile_app_guard_phone"],
            CONF_MANAGERS: [manager.id],
        },
    )
    # Second step: police data docking; an empty upstream URL leaves it off.
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "docking"
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_RETENTION_DAYS: 90,
        CONF_RECORDS_URL: "postgresql://sc@127.0.0.1/sc",
        CONF_MQTT_PREFIX: "community",
        CONF_NOTIFY_TARGETS: ["notify.mobile_app_guard_phone"],
        CONF_MANAGERS: [manager.id],
        "models_dir": "",
        "push_username": "",
        "push_password": "",
        "require_liveness": True,
        "terminal_min_similarity": 0.8,
        **DOCKING_OFF,
    }


async def test_options_refuse_retention_below_the_standard(hass: HomeAssistant) -> None:
    from homeassistant.data_entry_flow import InvalidData

    entry = _entry(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_RETENTION_DAYS: 29, CONF_MQTT_PREFIX: "community"}
        )


DOCKING_OFF = {
    "docking_url": "",
    "docking_username": "",
    "docking_password": "",
    "docking_platform_id": "",
    "docking_receivers": [],
    "docking_kinds": ["faces", "motor_vehicles"],
    "docking_allow_archives": False,
    "docking_alarm_minutes": 60,
}
PLATFORM_ID = "34010449002000000001"


async def _docking_step(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_RETENTION_DAYS: 30, CONF_MQTT_PREFIX: "community"}
    )
    assert result["step_id"] == "docking"
    return str(result["flow_id"])


async def test_options_docking_to_the_police_view_library(hass: HomeAssistant) -> None:
    entry = _entry(hass)
    flow_id = await _docking_step(hass, entry)
    result = await hass.config_entries.options.async_configure(
        flow_id,
        {
            "docking_url": " http://10.1.2.3:8088 ",
            "docking_username": "police",
            "docking_password": "s3cret",
            "docking_platform_id": f" {PLATFORM_ID} ",
            "docking_kinds": ["faces", "motor_vehicles", "persons"],
            "docking_allow_archives": True,
            "docking_alarm_minutes": 15.0,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["docking_url"] == "http://10.1.2.3:8088"
    assert entry.options["docking_platform_id"] == PLATFORM_ID
    assert entry.options["docking_alarm_minutes"] == 15
    assert entry.options["docking_kinds"] == ["faces", "motor_vehicles", "persons"]
    assert entry.options["docking_allow_archives"] is True


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("docking_platform_id", "3401044900200000000", "invalid_platform_id"),  # 19 digits
        ("docking_platform_id", "34010449972008001001", "invalid_platform_id"),  # type 200 at 97
        ("docking_url", "ftp://10.1.2.3/", "invalid_docking_url"),
        ("docking_url", "http://police:s3cret@10.1.2.3:8088", "invalid_docking_url"),
        ("docking_kinds", ["faces", "persons"], "persons_need_archives"),
    ],
)
async def test_options_docking_refuses(
    hass: HomeAssistant, field: str, value: object, error: str
) -> None:
    entry = _entry(hass)
    flow_id = await _docking_step(hass, entry)
    data = {
        "docking_url": "http://10.1.2.3:8088",
        "docking_platform_id": PLATFORM_ID,
        "docking_alarm_minutes": 60,
        field: value,
    }
    result = await hass.config_entries.options.async_configure(flow_id, data)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "docking"
    assert result["errors"] == {field: error}
    assert "docking_url" not in entry.options
