"""Load the HA-free core library without the integration's ``__init__`` (no HA import).

Command-line tools, the simulator and the fuzz processes need only ``...smart_community.core``;
the package's ``__init__`` imports Home Assistant, which costs seconds and proves nothing.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_core_only() -> None:
    """Make ``custom_components.smart_community`` a bare namespace for its submodules."""
    for name, path in (
        ("custom_components", ROOT / "custom_components"),
        ("custom_components.smart_community", ROOT / "custom_components" / "smart_community"),
    ):
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [str(path)]
            sys.modules[name] = module
