"""``scripts/falling-objects VIDEO --facade FACADE.json``: throws in a video, one JSON line each.

Each line: ``{"video", "start_s", "end_s", "floor", "floor_low", "floor_high", "column",
"origin_px": [x, y], "confidence"}``, then ``{"summary": {"frames", "seconds", "throws", "fps"}}``
(``fps``: frames analysed per second of wall time; ``video_fps``: the video's own rate). With
``--evidence DIR`` each throw's MP4 clip and keyframe JPEG are written there too. A video that
cannot be read or a facade file that is wrong exits with status 2 and the reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..video.source import VideoError
from .facade import Facade, FacadeError
from .monitor import SessionSummary, analyse


def _print(obj: dict[str, object]) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="falling-objects", description="Detect objects thrown from a building in a video."
    )
    parser.add_argument("video", help="a video file, or any URL FFmpeg opens (rtsp://, http://)")
    parser.add_argument("--facade", required=True, type=Path, help="the facade calibration JSON")
    parser.add_argument("--evidence", type=Path, help="write each throw's clip and keyframe here")
    args = parser.parse_args(argv)
    try:
        facade = Facade.load(args.facade)
    except FacadeError as err:
        print(f"falling-objects: facade: {err}", file=sys.stderr)
        return 2
    if "://" not in args.video and not Path(args.video).is_file():
        print(f"falling-objects: {args.video}: no such file", file=sys.stderr)
        return 2
    summary = SessionSummary()
    try:
        for evidence in analyse(
            args.video,
            facade,
            camera=Path(args.video).stem,
            evidence_dir=args.evidence,
            summary=summary,
        ):
            line: dict[str, object] = {"video": args.video, **evidence.throw.as_json()}
            if args.evidence is not None:
                line["clip"] = str(evidence.clip_path) if evidence.clip_path else None
                line["keyframe"] = str(evidence.keyframe_path) if evidence.keyframe_path else None
            _print(line)
    except VideoError as err:
        print(f"falling-objects: {err}", file=sys.stderr)
        return 2
    except ValueError as err:  # a calibration that does not fit this video
        print(f"falling-objects: {err}", file=sys.stderr)
        return 2
    _print({"summary": summary.as_json()})
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # piped into head: the reader has what it wanted
        sys.stderr.close()
        raise SystemExit(0) from None
