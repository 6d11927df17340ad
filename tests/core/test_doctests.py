"""The examples in core's docstrings stay true: every module that has one is run."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

CORE = Path(__file__).parents[2] / "custom_components" / "smart_community" / "core"
PACKAGE = "custom_components.smart_community.core"


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        if ">>> " in path.read_text(encoding="utf-8"):
            relative = path.relative_to(CORE).with_suffix("")
            names.append(".".join((PACKAGE, *relative.parts)).removesuffix(".__init__"))
    return names


MODULES = _modules_with_examples()


def test_the_examples_are_found() -> None:
    assert len(MODULES) >= 10  # codes, digest, site, docking ... a broken scan finds none


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
