"""Every fuzz target runs on its seeds and on every input that ever crashed a decoder.

The inputs in ``tests/data/payloads/malformed/`` named ``fuzz_*`` are crashes the fuzzer
found (see the README's security model); each target must now pass all of them, so a
regression fails here in a second, without atheris.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from tests.fuzz import TARGETS
from tests.fuzz.seeds import crash_inputs, seed_inputs


def _target(name: str) -> ModuleType:
    return importlib.import_module(f"tests.fuzz.targets.{name}")


@pytest.mark.parametrize("name", TARGETS)
def test_target_passes_its_seeds_and_every_kept_crash(name: str) -> None:
    target = _target(name)
    seeds = seed_inputs(target)
    assert seeds, f"{name} has no seed inputs"
    for data in seeds:
        target.one_input(data)
    for path in crash_inputs():
        target.one_input(path.read_bytes())


def test_every_kept_crash_is_named_after_its_target() -> None:
    kept = [path.name for path in crash_inputs() if path.name.startswith("fuzz_")]
    assert kept
    for name in kept:
        assert any(name.startswith(f"fuzz_{target}_") for target in TARGETS), name
