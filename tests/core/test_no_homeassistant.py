"""core/ is the HA-free domain library: no module there may import homeassistant."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).parents[2] / "custom_components" / "smart_community" / "core"


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_core_has_modules() -> None:
    assert len(list(CORE.rglob("*.py"))) > 1


def test_no_core_module_imports_homeassistant() -> None:
    offenders = [
        f"{path.relative_to(CORE)} imports {name}"
        for path in sorted(CORE.rglob("*.py"))
        for name in _imported_modules(path)
        if name == "homeassistant" or name.startswith("homeassistant.")
    ]
    assert offenders == []


def test_the_check_catches_an_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from homeassistant.core import HomeAssistant\n")
    assert "homeassistant.core" in _imported_modules(bad)
