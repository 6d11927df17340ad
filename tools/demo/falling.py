"""The demo's falling-object camera: a rendered clip with throws, looped over RTSP.

``scripts/develop`` runs::

    python -m tools.demo.falling prepare .cache/falling-demo       # loop.mp4, facade.json, truth
    python -m tools.rtsp_relay .cache/falling-demo/loop.mp4 --port 8554 --path falling &
    python -m tools.demo.falling register config/demo/register.csv rtsp://127.0.0.1:8554/falling

and hands ``facade.json`` to ``tools.demo.setup_demo --falling-facade`` (the options flow's
calibration step: importing this module needs neither numpy nor PyAV, only rendering does).
The stream is rendered once (under a minute, cached): 30 s at 1280x720 with three throws
from known windows (``truth.json``), birds, leaves, a person on a balcony and lights, then
90 s of the same facade without a throw.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

FALLING_CAMERA = "34010449011328001045"  # 蜀山区华府骏苑3栋南侧高空抛物摄像机
STREAM_HEADING = "视频流地址"
CODE_HEADING = "设备编码"


def prepare(
    folder: Path,
    *,
    seed: int = 17,
    seconds: float = 30.0,
    quiet_seconds: float = 90.0,
    size: tuple[int, int] = (1280, 720),
) -> Path:
    """Render the demo stream into ``folder`` unless it is there; the looped file's path.

    ``clip.mp4`` has the throws (``truth.json``); ``loop.mp4`` is that clip followed by
    ``quiet_seconds`` of the same facade with birds, leaves and lights but no throw, so that
    the looped camera throws every two minutes, as a demo's guard can follow, instead of three
    alarms every 30 s piling up."""
    loop = folder / "loop.mp4"
    if loop.is_file() and (folder / "facade.json").is_file():
        return loop
    from tools.falling.clip import ClipRenderer, ClipSpec  # noqa: PLC0415  (numpy, PyAV)
    from tools.falling.encode import write_mp4  # noqa: PLC0415

    width, height = size
    spec = ClipSpec(seed=seed, seconds=seconds, throws=3, width=width, height=height, night=False)
    renderer = ClipRenderer(spec)
    folder.mkdir(parents=True, exist_ok=True)
    write_mp4(folder / "clip.part.mp4", renderer.frames(), spec.fps)
    truth = renderer.truth()
    (folder / "facade.json").write_text(json.dumps(truth["facade"], indent=1) + "\n")
    (folder / "truth.json").write_text(json.dumps(truth, indent=1) + "\n")
    (folder / "clip.part.mp4").replace(folder / "clip.mp4")
    parts = [folder / "clip.mp4"]
    if quiet_seconds > 0:
        quiet = replace(spec, seconds=quiet_seconds, throws=0)
        write_mp4(folder / "quiet.mp4", ClipRenderer(quiet).frames(), quiet.fps)
        parts.append(folder / "quiet.mp4")
    listing = folder / "loop.txt"
    listing.write_text("".join(f"file '{part.name}'\n" for part in parts))
    concat = ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing)]
    subprocess.run([*concat, "-c", "copy", "-f", "mp4", str(folder / "loop.part.mp4")], check=True)
    (folder / "loop.part.mp4").replace(loop)
    return loop


def with_stream(register: Path, url: str, code: str = FALLING_CAMERA) -> None:
    """Give ``code`` the stream ``url`` in a register CSV (adding the 视频流地址 column)."""
    with register.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    headings, body = lines[0], lines[1:]
    if STREAM_HEADING not in headings:
        headings.append(STREAM_HEADING)
        body = [[*line, ""] for line in body]
    column, key = headings.index(STREAM_HEADING), headings.index(CODE_HEADING)
    if not any(line[key] == code for line in body):
        raise SystemExit(f"{register}: no device {code}")
    for line in body:
        if line[key] == code:
            line[column] = url
    with register.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows([headings, *body])


def calibration_answers(facade_file: Path, code: str = FALLING_CAMERA) -> list[dict[str, Any]]:
    """The options flow's answers that calibrate the camera with ``facade_file``."""
    facade = json.loads(facade_file.read_text(encoding="utf-8"))
    return [
        {"camera": code},
        {
            "corners": "  ".join(f"{x:g},{y:g}" for x, y in facade["corners"]),
            "floors": facade["floors"],
            "lowest_floor": facade.get("lowest_floor", 1),
            "columns": facade["columns"],
            "floor_height_m": facade.get("floor_height_m", 3.0),
        },
        {},
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.demo.falling", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("prepare", help="render the demo clip (once)")
    make.add_argument("folder", type=Path)
    reg = sub.add_parser("register", help="give the falling-object camera a stream URL")
    reg.add_argument("register", type=Path)
    reg.add_argument("url")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        print(prepare(args.folder))
    else:
        with_stream(args.register, args.url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
