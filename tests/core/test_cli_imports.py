"""Command-line tools load the HA-free core by its real name, without Home Assistant."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
CLI_MODULES = (
    "custom_components.smart_community.core.protocols.decode_cli",
    "custom_components.smart_community.core.register.check",
    "custom_components.smart_community.core.recognition.cli",
    "custom_components.smart_community.core.recognition.voice.cli",
    "tools.simulator.cli",
    "tools.viewlib.server",
    "tools.models.prepare",
    "custom_components.smart_community.core.falling.cli",
    "tools.falling",
)


@pytest.mark.parametrize("module", CLI_MODULES)
def test_a_tool_imports_no_home_assistant(module: str) -> None:
    probe = (
        f"import importlib, sys; importlib.import_module({module!r}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'homeassistant'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_home_assistant_still_finds_its_entry_points() -> None:
    """The package __init__ hands HA its entry points on first use (PEP 562)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import custom_components.smart_community as c; "
            "print(callable(c.async_setup_entry), c.PLATFORMS[0], hasattr(c, 'nope'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "binary_sensor", "False"]


def test_home_assistant_gets_its_entry_points_at_import_time() -> None:
    """HA imports the package in its executor: nothing may be left to import on the event loop."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, homeassistant, custom_components.smart_community as c; "
            "from stdnum import numdb; "
            "print('custom_components.smart_community.integration' in sys.modules, "
            "'async_setup_entry' in vars(c), 'cn/loc' in numdb._open_databases)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # ... and the division table the config flow checks codes against is read already.
    assert result.stdout.split() == ["True", "True", "True"]
