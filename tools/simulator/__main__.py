"""``python -m tools.simulator --register FILE [--broker HOST:PORT] [--http URL] ...``."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
