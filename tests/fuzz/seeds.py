"""The seed inputs of a target: its payload files, or what its ``seeds()`` builds."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


PAYLOADS = ROOT / "tests" / "data" / "payloads"
MALFORMED = PAYLOADS / "malformed"


def seed_inputs(module: ModuleType) -> list[bytes]:
    """Seeds of a target module (``SEEDS`` patterns under the payloads, or ``seeds()``)."""
    if hasattr(module, "seeds"):
        return list(module.seeds())
    files: list[Path] = []
    for pattern in module.SEEDS:
        files += sorted(path for path in PAYLOADS.glob(pattern) if path.is_file())
    return [path.read_bytes() for path in files]


def crash_inputs() -> list[Path]:
    """Inputs that once crashed a decoder (kept as regression tests), and other bad bodies."""
    return sorted(path for path in MALFORMED.iterdir() if path.is_file())
