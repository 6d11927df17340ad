"""Simulated access terminals on loopback for the demo and the benchmark.

    .venv/bin/python -m tools.simulator.terminals --hikvision 2 --dahua 1 [--port 18080]
        [--user admin --password 12345abc] [--max-faces 20000] [--engine]
        [--timezone Asia/Shanghai]
    .venv/bin/python -m tools.simulator.terminals --register tools/demo/register.csv
        --port 18080 --engine --map terminals.json --present FACES_DIR --every 20

Prints one line per terminal: ``READY <vendor> <url> [<device code>]``. With ``--register``
every access terminal of the register whose 接入方式 is ``isapi`` (Hikvision) or ``dahua``
(Dahua) is played, in register order, on consecutive ports from ``--port``; ``--map`` writes
``{device code: {"vendor", "url", "username", "password", "building", "unit"}}`` once all
listen (what the community's options need). ``--engine`` makes the terminals recognise faces
with the project's face engine (the prepared models), so a photo of an enrolled resident opens the
door: ``POST <url>/simulator/present`` with a JPEG body (or ``?card=N``). ``--present DIR``
shows a random photo below ``DIR`` at a random terminal every ``--every`` seconds (people
walking up to the unit doors). ``POST <url>/simulator/control`` ``{"offline_seconds": 60}``
unplugs a terminal for a while.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import random
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from .dahua import DahuaTerminal
from .hikvision import HikvisionTerminal
from .library import TerminalLibrary
from .recognition import engine_checks
from .server import SimulatedTerminal

TERMINAL_KIND = "access_terminal"
VENDORS: dict[str, tuple[str, type[SimulatedTerminal]]] = {
    "isapi": ("hikvision", HikvisionTerminal),
    "dahua": ("dahua", DahuaTerminal),
}


def register_terminals(path: Path) -> list[dict[str, str]]:
    """Code, name, transport, building and unit of the register's Hikvision and Dahua
    terminals, in register order."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        kind = (row.get("设备种类") or row.get("device_kind") or "").strip()
        transport = (row.get("接入方式") or row.get("transport") or "").strip().lower()
        if kind == TERMINAL_KIND and transport in VENDORS:
            found.append(
                {
                    "code": (row.get("设备编码") or row.get("device_code") or "").strip(),
                    "name": (row.get("设备名称") or "").strip(),
                    "transport": transport,
                    "building": (row.get("楼栋") or "").strip(),
                    "unit": (row.get("单元") or "").strip(),
                }
            )
    return found


async def _walk(
    terminals: list[SimulatedTerminal], photos: list[Path], every: float, rng: random.Random
) -> None:
    """Someone walks up to a terminal and shows their face, now and then."""
    while True:
        await asyncio.sleep(every * rng.uniform(0.5, 1.5))
        terminal = rng.choice(terminals)
        picture = rng.choice(photos)
        user_id, granted = await terminal.async_present_face(picture.read_bytes())
        print(
            f"PRESENT {terminal.device_code or terminal.url} {picture.parent.name}/{picture.name}"
            f" -> {'granted' if granted else 'refused'} {user_id or ''}",
            flush=True,
        )


async def _serve(args: argparse.Namespace) -> None:
    matcher, face_check = engine_checks() if args.engine else (None, None)
    plan: list[dict[str, str]]
    if args.register:
        plan = register_terminals(args.register)
    else:
        plan = [{"transport": "isapi"}] * args.hikvision + [{"transport": "dahua"}] * args.dahua
    terminals: list[SimulatedTerminal] = []
    mapping: dict[str, dict[str, str]] = {}
    port = args.port
    for row in plan:
        code, name = row.get("code", ""), row.get("name", "")
        vendor, kind = VENDORS[row["transport"]]
        library = TerminalLibrary(max_faces=args.max_faces, zone=ZoneInfo(args.timezone))
        if matcher is not None:
            library.matcher, library.face_check = matcher, face_check
        terminal = kind(
            username=args.user,
            password=args.password,
            port=port,
            library=library,
            device_code=code,
            name=name,
        )
        await terminal.start()
        terminals.append(terminal)
        if code:
            mapping[code] = {
                "vendor": vendor,
                "url": terminal.url,
                "username": args.user,
                "password": args.password,
                "building": row.get("building", ""),
                "unit": row.get("unit", ""),
            }
        print(f"READY {vendor} {terminal.url} {code}".rstrip(), flush=True)
        port = port + 1 if port else 0
    if args.map:
        temporary = args.map.with_suffix(".tmp")
        temporary.write_text(json.dumps(mapping, ensure_ascii=False, indent=2), encoding="utf-8")
        temporary.replace(args.map)
    walker = None
    if args.present and terminals:
        photos = sorted(p for p in args.present.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg"))
        if photos:
            walker = asyncio.create_task(
                _walk(terminals, photos, args.every, random.Random(args.seed))
            )
    try:
        await asyncio.Event().wait()
    finally:
        if walker is not None:
            walker.cancel()
        for terminal in terminals:
            await terminal.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hikvision", type=int, default=1)
    parser.add_argument("--dahua", type=int, default=0)
    parser.add_argument("--register", type=Path, help="play the register's isapi / dahua terminals")
    parser.add_argument("--map", type=Path, help="write the terminals' URLs and accounts here")
    parser.add_argument("--port", type=int, default=0, help="first port (0: any free port)")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="12345abc")
    parser.add_argument("--max-faces", type=int, default=20_000)
    parser.add_argument("--engine", action="store_true", help="recognise with the face engine")
    parser.add_argument("--present", type=Path, help="photos shown at random terminals")
    parser.add_argument("--every", type=float, default=20.0, help="seconds between two shows")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--timezone",
        default="Asia/Shanghai",
        help="the terminals' wall clock (the community's zone, not the machine's)",
    )
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
