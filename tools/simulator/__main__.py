"""``python -m tools.simulator --register FILE [--broker HOST:PORT] [--http URL] ...``."""

from __future__ import annotations

import sys

from ..core_only import load_core_only

if __name__ == "__main__":
    load_core_only()
    from .cli import main

    sys.exit(main())
