"""The console panel's sources, toolchain and built bundle (frontend/, Node.js)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FRONTEND = ROOT / "frontend"
BUNDLE = ROOT / "custom_components" / "smart_community" / "frontend" / "smart-community-panel.js"
NODE = shutil.which("node") or "/usr/bin/node"


def require_toolchain() -> None:
    """Fail (not skip) when the panel's toolchain is missing: bootstrap installs it."""
    if not Path(NODE).exists():
        pytest.fail("node is not installed: run scripts/bootstrap (Debian package nodejs)")
    if not (FRONTEND / "node_modules" / "esbuild").is_dir():
        pytest.fail("frontend/node_modules is missing: run scripts/bootstrap (npm ci)")


def run_node(
    *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run node in frontend/ and capture its output."""
    require_toolchain()
    return subprocess.run(
        [NODE, *args],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
