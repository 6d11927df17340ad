"""Protocol tests import core modules only.

``custom_components.smart_community``'s ``__init__`` is the HA integration; when it cannot be
imported (HA glue mid-change) the core library is still testable, so fall back to bare
package modules for the two parents. When it imports, nothing changes.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

ROOT = Path(__file__).parents[3]


def _bare_parents() -> None:
    for name, path in (
        ("custom_components", ROOT / "custom_components"),
        ("custom_components.smart_community", ROOT / "custom_components" / "smart_community"),
    ):
        module = types.ModuleType(name)
        module.__path__ = [str(path)]
        sys.modules[name] = module


try:
    import custom_components.smart_community  # noqa: F401
except Exception:  # any failure of the HA glue
    for stale in [m for m in sys.modules if m.startswith("custom_components")]:
        del sys.modules[stale]
    _bare_parents()
