"""``python -m tools.simulator --register FILE [--broker HOST:PORT] [--http URL] ...``."""

from __future__ import annotations

import sys
import types
from pathlib import Path


def _core_only() -> None:
    """Load the HA-free core library without the integration's ``__init__`` (no HA import)."""
    root = Path(__file__).resolve().parents[2]
    for name, path in (
        ("custom_components", root / "custom_components"),
        ("custom_components.smart_community", root / "custom_components" / "smart_community"),
    ):
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [str(path)]
            sys.modules[name] = module


if __name__ == "__main__":
    _core_only()
    from .cli import main

    sys.exit(main())
