"""Import the HA-free core without the integration's ``__init__`` (which imports Home Assistant).

The fuzz processes start once per target: skipping Home Assistant saves seconds each, and
proves the decoders need nothing of it (as ``scripts/decode`` does).
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def stub_integration_package() -> None:
    """Make ``custom_components.smart_community`` a bare namespace for its submodules."""
    for name, path in (
        ("custom_components", ROOT / "custom_components"),
        ("custom_components.smart_community", ROOT / "custom_components" / "smart_community"),
    ):
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [str(path)]
            sys.modules[name] = module
