"""The committed panel bundle is what the sources build, small, and built from pinned packages."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from .conftest import BUNDLE, FRONTEND, run_node

MAX_GZIPPED_BYTES = 350 * 1024


def test_bundle_is_a_fresh_build_of_the_sources(tmp_path: Path) -> None:
    fresh = tmp_path / "panel.js"
    result = run_node("build.mjs", "--outfile", str(fresh))
    assert result.returncode == 0, result.stderr
    assert fresh.read_bytes() == BUNDLE.read_bytes(), (
        "the bundle is stale: run scripts/build-frontend"
    )


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        target = tmp_path / name / "panel.js"
        assert run_node("build.mjs", "--outfile", str(target)).returncode == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_bundle_has_no_build_paths_or_timestamps() -> None:
    text = BUNDLE.read_text(encoding="utf-8")
    assert str(FRONTEND) not in text
    assert "/work/" not in text and "node_modules" not in text
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", text), "a timestamp in the bundle"


def test_bundle_defines_the_panel_element_as_one_module() -> None:
    text = BUNDLE.read_text(encoding="utf-8")
    assert '"smart-community-panel"' in text
    assert not re.search(r"^\s*import\s", text, re.MULTILINE), (
        "the bundle must not import other files"
    )


def test_bundle_is_at_most_350_kb_gzipped() -> None:
    size = len(gzip.compress(BUNDLE.read_bytes(), compresslevel=9))
    assert size <= MAX_GZIPPED_BYTES, f"{size / 1024:.1f} KB gzipped"


def test_typescript_is_strict_and_type_checks() -> None:
    config = json.loads((FRONTEND / "tsconfig.json").read_text(encoding="utf-8"))
    assert config["compilerOptions"]["strict"] is True
    for project in (".", "test"):
        result = run_node("node_modules/typescript/bin/tsc", "--noEmit", "-p", project)
        assert result.returncode == 0, result.stdout + result.stderr


def test_dependencies_are_pinned_exactly_and_locked() -> None:
    package = json.loads((FRONTEND / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    pinned = {**package["dependencies"], **package["devDependencies"]}
    for name, version in pinned.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version} is not an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
    for name, entry in lock["packages"].items():
        if name:
            assert entry.get("integrity", "").startswith("sha512-"), f"{name} has no integrity hash"
