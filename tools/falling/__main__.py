"""``python -m tools.falling render OUT_DIR --seed N [...]``: a clip.mp4, facade.json and
truth.json (the throws' release times, floors, columns, origins) from a seed."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .clip import ClipRenderer, ClipSpec
from .encode import write_mp4


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.falling")
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render", help="render one clip with its ground truth")
    render.add_argument("out", type=Path)
    render.add_argument("--seed", type=int, default=1)
    render.add_argument("--seconds", type=float, default=10.0)
    render.add_argument("--throws", type=int, default=1)
    render.add_argument("--night", action="store_true", default=None)
    render.add_argument("--day", dest="night", action="store_false")
    render.add_argument("--rain", type=float, default=0.0)
    render.add_argument("--width", type=int, default=1920)
    render.add_argument("--height", type=int, default=1080)
    render.add_argument("--jolts", type=int, default=0)
    args = parser.parse_args(argv)
    spec = ClipSpec(
        seed=args.seed,
        seconds=args.seconds,
        throws=args.throws,
        night=args.night,
        rain=args.rain,
        width=args.width,
        height=args.height,
        jolts=args.jolts,
    )
    renderer = ClipRenderer(spec)
    args.out.mkdir(parents=True, exist_ok=True)
    write_mp4(args.out / "clip.mp4", renderer.frames(), spec.fps)
    truth = renderer.truth()
    (args.out / "facade.json").write_text(json.dumps(truth["facade"], indent=1) + "\n")
    (args.out / "truth.json").write_text(json.dumps(truth, indent=1) + "\n")
    print(args.out / "clip.mp4")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
