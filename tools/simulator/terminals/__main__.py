"""Simulated access terminals on loopback for the demo and the benchmark.

    .venv/bin/python -m tools.simulator.terminals --hikvision 2 --dahua 1 [--port 18080]
        [--user admin --password 12345abc] [--max-faces 20000] [--engine]

Prints one line per terminal: ``READY <vendor> <url>``. ``--engine`` makes the terminals
recognise faces with the project's face engine (the prepared models), so a photo of an enrolled
resident opens the door: ``POST <url>/simulator/present`` with a JPEG body (or ``?card=N``).
``POST <url>/simulator/control`` ``{"offline_seconds": 60}`` unplugs a terminal for a while.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from .dahua import DahuaTerminal
from .hikvision import HikvisionTerminal
from .library import TerminalLibrary
from .recognition import engine_checks


async def _serve(args: argparse.Namespace) -> None:
    matcher, face_check = engine_checks() if args.engine else (None, None)
    terminals = []
    port = args.port
    for vendor, count, kind in (
        ("hikvision", args.hikvision, HikvisionTerminal),
        ("dahua", args.dahua, DahuaTerminal),
    ):
        for _ in range(count):
            library = TerminalLibrary(max_faces=args.max_faces)
            if matcher is not None:
                library.matcher, library.face_check = matcher, face_check
            terminal = kind(username=args.user, password=args.password, port=port, library=library)
            await terminal.start()
            terminals.append(terminal)
            print(f"READY {vendor} {terminal.url}", flush=True)
            port = port + 1 if port else 0
    try:
        await asyncio.Event().wait()
    finally:
        for terminal in terminals:
            await terminal.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hikvision", type=int, default=1)
    parser.add_argument("--dahua", type=int, default=0)
    parser.add_argument("--port", type=int, default=0, help="first port (0: any free port)")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="12345abc")
    parser.add_argument("--max-faces", type=int, default=20_000)
    parser.add_argument("--engine", action="store_true", help="recognise with the face engine")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    from tools.simulator.__main__ import _core_only

    _core_only()
    sys.exit(main())
