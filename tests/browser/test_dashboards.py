"""The dashboards: generated from the register, every entity real, rendered without warnings."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest
import yaml
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tools.dashboards import build
from tools.dashboards.check import CHROMIUM, run_check

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "artifacts" / "dashboards"


def _documents() -> dict[str, dict]:
    return {
        name: yaml.safe_load((ROOT / "dashboards" / name).read_text(encoding="utf-8"))
        for name in ("manager.yaml", "guard.yaml")
    }


def test_dashboards_are_what_the_register_builds() -> None:
    assert build.main(["--check"]) == 0, "run: .venv/bin/python -m tools.dashboards.build"


async def test_every_dashboard_entity_is_an_entity_of_the_demo(
    hass: HomeAssistant, enable_custom_integrations: None, loaded_entry: MockConfigEntry
) -> None:
    """The build's entity-ID rule against an in-process HA (fast; the browser test is slower)."""
    for name, document in _documents().items():
        referenced = build.referenced_entities(document)
        assert len(referenced) > 20, name
        missing = sorted(entity for entity in referenced if hass.states.get(entity) is None)
        assert missing == [], f"{name}: {missing}"


@pytest.mark.browser
def test_dashboards_render_in_chromium(mosquitto_port: int, socket_enabled: None) -> None:
    """A real HA, both dashboards in headless Chromium: no warnings, screenshots saved."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run scripts/bootstrap (Debian package chromium)")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    started = time.monotonic()
    result = asyncio.run(run_check(mosquitto_port, ARTIFACTS))
    assert result.missing_entities == {"manager.yaml": [], "guard.yaml": []}
    views = {
        view.url.rsplit("/", 2)[-2] + "/" + view.url.rsplit("/", 1)[-1]: view
        for view in result.views
    }
    assert set(views) == {
        "community-manager/overview",
        "community-manager/gates",
        "community-manager/alarms",
        "community-manager/devices",
        "community-guard/duty",
    }
    for name, view in views.items():
        assert view.cards > 0, f"{name} rendered no cards"
        assert view.problems == [], f"{name}: {view.problems}"
        assert view.screenshot.stat().st_size > 10_000, name
    assert time.monotonic() - started < 120
