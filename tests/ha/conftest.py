"""HA test fixtures: custom integrations enabled, HA deprecation reports fail the test."""

from __future__ import annotations

from collections.abc import Generator
import logging

import pytest

# Phrases HA's frame / deprecation helpers log when an integration uses an API that a
# later release removes. Users run newer HA than the tests: any of them is a defect.
_DEPRECATION_MARKERS = (
    "deprecated",
    "will stop working",
    "which will be removed",
    "is using a deprecated",
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let HA load custom_components/smart_community in every HA test."""


@pytest.fixture(autouse=True)
def fail_on_ha_deprecation(caplog: pytest.LogCaptureFixture) -> Generator[None]:
    """Fail a test when HA reported a deprecated API used by smart_community."""
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
