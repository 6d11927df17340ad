"""Command line of the simulator."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from .register import read_register
from .runner import Options, Simulator
from .scenarios import Roster


def parse_args(argv: Sequence[str] | None = None) -> Options:
    """Options from the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.simulator",
        description="Simulate a smart community's devices from its register.",
    )
    parser.add_argument(
        "--register",
        type=Path,
        required=True,
        help="register CSV (设备编码, 设备种类, 接入方式, 接入地址 ...)",
    )
    parser.add_argument("--broker", help="MQTT broker HOST:PORT")
    parser.add_argument("--rate", type=float, default=1.0, help="scenarios per second")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--duration", type=float, help="stop after this many seconds")
    parser.add_argument("--count", type=int, help="stop after this many scenarios")
    parser.add_argument("--http", help="base URL for GA/T 1400 and ISAPI devices")
    parser.add_argument(
        "--isapi-path",
        default="/api/smart_community/isapi/{address}",
        help="ISAPI push path under --http; {address} is the register's 接入地址",
    )
    parser.add_argument(
        "--credentials",
        type=Path,
        help="JSON of smart_community.device_credentials: each GA/T 1400 / ISAPI device's "
        "own digest user and password",
    )
    parser.add_argument(
        "--push-secret",
        help="the community's push secret (hex): derive each device's password from it",
    )
    parser.add_argument("--gat1400-user", help="a shared platform user instead of each device's")
    parser.add_argument("--gat1400-password")
    parser.add_argument("--isapi-user", help="a shared platform user instead of each device's")
    parser.add_argument("--isapi-password")
    parser.add_argument("--mqtt-user")
    parser.add_argument("--mqtt-password")
    parser.add_argument("--images", type=Path, help="directory of JPEGs to use as pictures")
    parser.add_argument(
        "--faces", type=Path, help="face photos (any depth below) for the face captures"
    )
    parser.add_argument(
        "--people",
        type=Path,
        help="JSON of the people HA knows ({residents: [{id, name, building, unit, plate?, "
        "face?}], visitors: [{id, name, plate?, face?}], guards: [{id, name}]}): they pass the "
        "doors, drive the cars and patrol",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the messages as JSON lines instead of sending them",
    )
    parser.add_argument(
        "--start",
        type=datetime.fromisoformat,
        help="simulated start time (ISO 8601); default: the wall clock",
    )
    parser.add_argument(
        "--hold", type=float, default=3.0, help="seconds a commanded barrier stays open"
    )
    parser.add_argument(
        "--drain",
        type=float,
        default=10.0,
        help="seconds to let running scenarios finish after the last one",
    )
    args = parser.parse_args(argv)
    if not args.dry_run and not args.broker and not args.http:
        parser.error("give --broker and/or --http, or --dry-run")
    if args.rate <= 0:
        parser.error("--rate must be positive")
    roster = None
    if args.people is not None:
        try:
            roster = Roster.from_json(json.loads(args.people.read_text(encoding="utf-8")))
        except (OSError, ValueError) as err:
            parser.error(f"--people {args.people}: {err}")
    start = args.start
    if args.dry_run and start is None:
        start = datetime.fromisoformat("2024-01-30T08:00:00+08:00")
    return Options(
        register=args.register,
        broker=args.broker,
        rate=args.rate,
        seed=args.seed,
        duration=args.duration,
        count=args.count,
        http=args.http,
        isapi_path=args.isapi_path,
        passwords=_passwords(args.credentials),
        push_secret=bytes.fromhex(args.push_secret) if args.push_secret else None,
        gat1400_user=args.gat1400_user,
        gat1400_password=args.gat1400_password,
        isapi_user=args.isapi_user,
        isapi_password=args.isapi_password,
        mqtt_user=args.mqtt_user,
        mqtt_password=args.mqtt_password,
        images=args.images,
        faces=args.faces,
        roster=roster,
        dry_run=args.dry_run,
        start=start,
        hold=args.hold,
        drain=args.drain,
    )


def _passwords(path: Path | None) -> dict[str, str]:
    """Device code → password from a saved ``device_credentials`` response."""
    if path is None:
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    devices = data.get("service_response", data).get("devices", [])
    return {str(item["username"]): str(item["password"]) for item in devices}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the simulator; exit status 0, or 2 for a bad register."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    options = parse_args(argv)
    try:
        devices = read_register(options.register)
    except (OSError, UnicodeDecodeError) as err:
        print(f"simulator: cannot read {options.register}: {err}", file=sys.stderr)
        return 2
    if not devices:
        print("simulator: no mqtt, gat1400 or isapi devices in the register", file=sys.stderr)
        return 2
    sent = Simulator(devices, options).run()
    logging.getLogger(__name__).info("%d messages from %d devices", sent, len(devices))
    return 0
