"""The examples in the module docstrings are true."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from custom_components.smart_community.core.docking import backoff, digest, ids, jpeg


@pytest.mark.parametrize("module", [backoff, digest, ids, jpeg], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
