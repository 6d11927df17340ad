"""HA test fixtures: custom integrations enabled; HA deprecation and blocking-call reports fail."""

from __future__ import annotations

import logging
from collections.abc import Generator
from unittest.mock import patch

import pytest

# Phrases HA's frame / deprecation helpers log when an integration uses an API that a
# later release removes. Users run newer HA than the tests: any of them is a defect.
_DEPRECATION_MARKERS = (
    "deprecated",
    "will stop working",
    "which will be removed",
    "is using a deprecated",
    "detected blocking call",  # I/O on the event loop is a defect too
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let HA load custom_components/smart_community in every HA test."""


@pytest.fixture(autouse=True)
def no_model_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the package registry: the weights' index is a folder that is not
    there (offline at once, no socket); tests of the download serve their own index."""
    monkeypatch.setenv("SC_MODELS_INDEX", "file:///nonexistent-smart-community-index/simple")
    monkeypatch.delenv("SC_MODELS_DIR", raising=False)


@pytest.fixture(autouse=True)
def no_listening_http_server() -> Generator[None]:
    """The console's panel loads HA's frontend, which starts the web server; tests reach the
    app through aiohttp's test client instead of a listening socket."""
    with patch("homeassistant.components.http.start_http_server_and_save_config"):
        yield


@pytest.fixture(autouse=True)
def fail_on_ha_deprecation(caplog: pytest.LogCaptureFixture) -> Generator[None]:
    """Fail a test when HA reported a deprecated API or blocking I/O in smart_community."""
    caplog.set_level(logging.WARNING)
    yield
    offenders = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.levelno >= logging.WARNING
        and "smart_community" in record.getMessage()
        and any(marker in record.getMessage().lower() for marker in _DEPRECATION_MARKERS)
    ]
    assert offenders == [], f"HA deprecation reports: {offenders}"


import shutil  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

from freezegun.api import FrozenDateTimeFactory  # noqa: E402
from homeassistant.core import HomeAssistant  # noqa: E402
from pytest_homeassistant_custom_component.common import MockConfigEntry  # noqa: E402

from custom_components.smart_community.const import (  # noqa: E402
    CONF_COMMUNITY_CODE,
    CONF_COMMUNITY_NAME,
    CONF_OPTIONAL_SYSTEMS,
    CONF_PUSH_SECRET,
    CONF_TIER,
    DOMAIN,
)

ROOT = Path(__file__).parents[2]
DEMO_REGISTER = ROOT / "tools" / "demo" / "register.csv"
COMMUNITY_CODE = "340104001001001"
PUSH_SECRET = bytes(range(32))  # the demo community's secret in tests (devices' passwords)


#: The wall clock of every test that depends on "now" (access windows, fees, today's counts,
#: retention, the daily purge): a Wednesday, 10:00 in Hefei. Tests must not depend on the day
#: or the hour they run, so the clock is moved here before the community is set up (timers
#: such as the daily purge are scheduled from the clock at set-up).
TEST_NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.fixture
def frozen_clock(freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    """HA's clock stopped at :data:`TEST_NOW` (move it with ``freezer.move_to`` / ``tick``)."""
    freezer.move_to(TEST_NOW)
    return freezer


@pytest.fixture
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A private HA config folder per test."""
    hass.config.config_dir = str(tmp_path)
    return tmp_path


@pytest.fixture
def community_entry(hass: HomeAssistant, config_dir: Path) -> MockConfigEntry:
    """The demo community, its register already in place (not set up yet)."""
    target = config_dir / DOMAIN / COMMUNITY_CODE / "register.csv"
    target.parent.mkdir(parents=True)
    shutil.copy(DEMO_REGISTER, target)
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=COMMUNITY_CODE,
        title="华府骏苑",
        data={
            CONF_COMMUNITY_NAME: "华府骏苑",
            CONF_COMMUNITY_CODE: COMMUNITY_CODE,
            CONF_TIER: "high",
            CONF_OPTIONAL_SYSTEMS: ["iot", "patrol"],
            CONF_PUSH_SECRET: PUSH_SECRET.hex(),
        },
        minor_version=2,
    )
    entry.add_to_hass(hass)
    return entry


@pytest.fixture
async def loaded_entry(hass: HomeAssistant, community_entry: MockConfigEntry) -> MockConfigEntry:
    """The demo community set up (without MQTT: commands need a transport test)."""
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    return community_entry
