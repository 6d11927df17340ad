"""Smart Safe Community (智慧平安小区) for Home Assistant.

Home Assistant's entry points live in :mod:`.integration`. When Home Assistant imports this
package (it does so in its executor, with ``homeassistant`` already loaded) they are imported
right away, so that nothing is imported later on the event loop; otherwise they are loaded on
first use (PEP 562), so that ``custom_components.smart_community.core`` — the HA-free domain —
is importable by command-line tools, tools and benchmarks without importing Home Assistant.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

_ENTRY_POINTS = frozenset(
    {
        "CONFIG_SCHEMA",
        "PLATFORMS",
        "async_setup",
        "async_setup_entry",
        "async_migrate_entry",
        "async_unload_entry",
        "async_remove_entry",
        "async_remove_config_entry_device",
    }
)


def __getattr__(name: str) -> Any:
    """Home Assistant asks for its entry points: they come from ``integration``."""
    if name in _ENTRY_POINTS:
        return getattr(import_module(f"{__name__}.integration"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if "homeassistant" in sys.modules:
    _integration = import_module(f"{__name__}.integration")
    globals().update({name: getattr(_integration, name) for name in _ENTRY_POINTS})
