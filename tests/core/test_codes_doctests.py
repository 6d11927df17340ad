"""The examples in the code modules' docstrings stay true."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from custom_components.smart_community.core.codes import (
    community,
    contact_phone,
    device_name,
    division,
    gb28181,
)


@pytest.mark.parametrize("module", [community, contact_phone, device_name, division, gb28181])
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
