"""One fuzz target in its own libFuzzer process (started by ``python -m tests.fuzz``).

``python -m tests.fuzz.child TARGET [libFuzzer options and corpus folders]``
"""

from __future__ import annotations

import importlib
import sys


def main() -> None:
    """Instrument the integration's modules, then hand ``one_input`` to libFuzzer."""
    target = sys.argv[1]
    import atheris

    with atheris.instrument_imports(include=["custom_components.smart_community"]):
        module = importlib.import_module(f"tests.fuzz.targets.{target}")
    atheris.Setup([sys.argv[0], *sys.argv[2:]], module.one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
