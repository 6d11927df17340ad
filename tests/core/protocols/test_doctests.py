"""The examples in the protocol helpers' docstrings stay true."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from custom_components.smart_community.core.protocols import numbers, rs485, timeparse


@pytest.mark.parametrize("module", [numbers, timeparse, rs485])
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
