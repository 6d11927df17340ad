"""Run the reference view library: ``python -m tools.viewlib --port 8088 --user U --password P``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .server import ViewLibrary


async def _serve(args: argparse.Namespace) -> None:
    library = ViewLibrary(
        username=args.user, password=args.password, host=args.host, port=args.port
    )
    await library.start()
    print(f"view library listening on {library.url} (GET /stats, POST /control)", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await library.stop()


def main() -> None:
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(description="Reference GA/T 1400 view library")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
