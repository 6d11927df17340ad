"""The panel's own tests: unit tests in Node and every view in headless Chromium (Debian's
/usr/bin/chromium through playwright-core) against a backend double that answers per the
contract. One pytest test per test file; screenshots go to artifacts/panel/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import FRONTEND, ROOT, run_node

SOURCES = sorted((FRONTEND / "test").glob("*/*.test.ts"))
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def built() -> Iterator[Path]:
    """Panel, test page and tests built once (inside frontend/: node_modules resolve there)."""
    out = FRONTEND / ".test-build" / f"pytest-{os.getpid()}"
    shutil.rmtree(out, ignore_errors=True)
    result = run_node("test/run.mjs", "--build-only", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    yield out
    shutil.rmtree(out, ignore_errors=True)


def test_there_are_tests_for_every_view() -> None:
    names = {source.name for source in SOURCES}
    for view in (
        "live",
        "people",
        "visitors",
        "records",
        "trajectory",
        "strangers",
        "parking",
        "devices",
        "panel",
    ):
        assert f"{view}.test.ts" in names


@pytest.mark.parametrize("source", SOURCES, ids=[f"{s.parent.name}/{s.stem}" for s in SOURCES])
def test_panel(source: Path, built: Path) -> None:
    if source.parent.name == "browser" and not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run scripts/bootstrap (Debian package chromium)")
    compiled = built / "tests" / source.parent.name / source.name.replace(".ts", ".mjs")
    env = {
        **os.environ,
        "SC_HARNESS_DIR": str(built),
        "SC_REPO_DIR": str(ROOT),
        "SC_ARTIFACTS_DIR": str(ROOT / "artifacts" / "panel"),
    }
    result = run_node("--test", "--test-reporter=spec", str(compiled), env=env, timeout=240)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
