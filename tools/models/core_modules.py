"""Load ``core/recognition`` modules by path, without importing the integration package.

The integration's ``__init__`` imports Home Assistant (1.5 s): ``scripts/models`` must stay a
0.1 s no-op, so it loads the recognition package under a private name whose parent is never
executed. Only modules that import nothing outside ``core/recognition`` may be loaded this way.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

RECOGNITION = (
    Path(__file__).resolve().parents[2] / "custom_components/smart_community/core/recognition"
)
PACKAGE = "_sc_recognition"


def recognition_module(name: str) -> ModuleType:
    """``core/recognition/<name>.py`` as ``_sc_recognition.<name>``."""
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            PACKAGE, RECOGNITION / "__init__.py", submodule_search_locations=[str(RECOGNITION)]
        )
        assert spec is not None and spec.loader is not None
        package = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = package
        spec.loader.exec_module(package)
    return importlib.import_module(f"{PACKAGE}.{name}")
