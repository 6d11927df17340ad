"""The integration's imports point one way and never in a circle.

const ← core ← issues ← transports/base ← hub ← transports ← features ← runtime ←
entity / services / platforms / diagnostics / console ← integration (``__init__``).
A module may import its own layer or a lower one; the whole graph has no cycle, so no
function-level import is needed to hide one (ruff's PLC0415 is on).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "custom_components" / "smart_community"
NAME = "custom_components.smart_community"

# Lower layers first; a module belongs to the layer of its longest matching prefix.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("const", "core"),
    ("issues", "permissions"),
    ("transports.base",),
    ("hub",),
    ("transports",),
    ("features",),
    ("runtime",),
    (
        "entity",
        "services",
        "diagnostics",
        "config_flow",
        "websocket",
        "panel",
        "views",
        "logbook",
        "binary_sensor",
        "camera",
        "cover",
        "event",
        "lock",
        "notify",
        "sensor",
        "todo",
    ),
    ("integration", "__init__"),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts) or "__init__"


@cache
def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in PACKAGE.rglob("*.py")
        if "frontend" not in path.parts and "node_modules" not in path.parts
    }


def _layer(module: str) -> int:
    best: tuple[int, int] | None = None  # (prefix length, layer)
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best[1]


def _resolve(module: str, node: ast.ImportFrom) -> list[str]:
    """The package-relative modules an ``import from`` names."""
    if node.level == 0:
        if not (node.module or "").startswith(NAME + "."):
            return []
        base = (node.module or "")[len(NAME) + 1 :]
    else:
        parts = module.split(".")
        is_package = _modules()[module].name == "__init__.py"
        anchor = parts if is_package else parts[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, node.module] if node.module else anchor)
    known = _modules()
    names = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}" if base else alias.name
        names.append(candidate if candidate in known else base)
    return [name.removesuffix(".__init__") for name in names if name]


def _imports(module: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.update(_resolve(module, node))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(NAME + "."):
                    found.add(alias.name[len(NAME) + 1 :])
    return {name for name in found if name and name != module}


GRAPH = {module: _imports(module, path) for module, path in _modules().items()}


def test_every_module_has_a_layer() -> None:
    for module in GRAPH:
        _layer(module)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down(module: str) -> None:
    upward = sorted(
        imported
        for imported in GRAPH[module]
        if imported in GRAPH and _layer(imported) > _layer(module)
    )
    assert upward == [], f"{module} (layer {_layer(module)}) imports higher layers: {upward}"


def test_core_imports_only_core() -> None:
    for module, imports in GRAPH.items():
        if module.startswith("core."):
            outside = sorted(i for i in imports if not i.startswith("core") and i in GRAPH)
            assert outside == [], f"{module} imports {outside}"


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for imported in sorted(GRAPH.get(module, ())):
            if imported not in GRAPH:
                continue
            if state.get(imported) == 1:
                cycle = [*stack[stack.index(imported) :], imported]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if state.get(imported) is None:
                visit(imported)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_the_graph_is_read() -> None:
    """A parser that finds nothing would pass everything above."""
    assert "hub" in GRAPH["runtime"]
    assert "transports.base" in GRAPH["hub"]
    assert "core.site" in GRAPH["hub"]
    assert len(GRAPH) > 150
