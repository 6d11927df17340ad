"""Browser tests: the dashboards rendered by a real HA in headless Chromium."""

from __future__ import annotations

import pytest

# The demo community fixtures (not the autouse ones: the browser test runs no in-process HA).
from tests.ha.conftest import community_entry, config_dir, loaded_entry  # noqa: F401


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: starts a real HA and headless Chromium (about 20-60 s)"
    )
