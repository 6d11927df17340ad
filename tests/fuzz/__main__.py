"""``scripts/fuzz``: run fuzz targets, each in its own libFuzzer process.

    scripts/fuzz --quick                  every target for a few seconds (scripts/test)
    scripts/fuzz isapi --seconds 600      one target for ten minutes
    scripts/fuzz --list                   the targets

The corpus each run grows is kept in ``.cache/fuzz/corpus/TARGET`` (the next run starts from
it); an input that crashes is written to ``.cache/fuzz/crashes/`` and the run fails. Make
it a regression test: copy it to ``tests/data/payloads/malformed/`` and fix the decoder.
"""

from __future__ import annotations

import argparse
import importlib
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tests.fuzz.seeds import ROOT

from . import TARGETS
from .seeds import seed_inputs

QUICK_SECONDS = 10
QUICK_SEED = 20261130  # the quick run fuzzes the same inputs on every machine
QUICK_RUNS = 20000  # inputs per target in the quick run (a few seconds each)
CACHE = ROOT / ".cache" / "fuzz"
DICTIONARY = Path(__file__).with_name("tokens.dict")
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")
_ARTIFACT = re.compile(r"(?:Test unit written to|written to) (\S+)")


def _write_seeds(target: str, folder: Path) -> int:
    module = importlib.import_module(f"tests.fuzz.targets.{target}")
    seeds = seed_inputs(module)
    for index, data in enumerate(seeds):
        (folder / f"seed-{index}").write_bytes(data)
    return max((len(data) for data in seeds), default=0)


def run_target(target: str, seconds: int, *, verbose: bool, quick: bool = False) -> bool:
    """Fuzz one target for ``seconds``; True when nothing crashed.

    The quick run (CI) is repeatable: a fixed seed, a fixed number of inputs and no corpus
    kept from earlier runs, so the same commit always fuzzes the same inputs. Longer runs
    grow a corpus under .cache/fuzz and explore further each time.
    """
    crashes = CACHE / "crashes"
    crashes.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix=f"fuzz-{target}-") as seed_dir,
        tempfile.TemporaryDirectory(prefix=f"fuzz-{target}-corpus-") as scratch,
    ):
        corpus = Path(scratch) if quick else CACHE / "corpus" / target
        corpus.mkdir(parents=True, exist_ok=True)
        longest = _write_seeds(target, Path(seed_dir))
        repeatable = [f"-seed={QUICK_SEED}", f"-runs={QUICK_RUNS}"] if quick else []
        command = [
            sys.executable,
            "-m",
            "tests.fuzz.child",
            target,
            str(corpus),
            seed_dir,
            *repeatable,
            f"-max_total_time={seconds}",
            "-timeout=10",  # one input may take this long: beyond it the decoder is not linear
            "-rss_limit_mb=2048",
            f"-max_len={max(4096, longest)}",
            f"-artifact_prefix={crashes}/{target}-",
            f"-dict={DICTIONARY}",
            "-print_final_stats=1",
        ]
        started = time.monotonic()
        result = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=seconds + 120,
            check=False,
        )
    output = result.stdout + result.stderr
    elapsed = time.monotonic() - started
    done = _DONE.search(output)
    runs = done.group(1) if done else "?"
    if result.returncode == 0:
        print(f"fuzz {target}: {runs} inputs in {elapsed:.0f} s, no crash", flush=True)
        if verbose:
            print(output)
        return True
    print(f"fuzz {target}: FAILED (exit {result.returncode}) after {elapsed:.0f} s", flush=True)
    print("\n".join(output.splitlines()[-60:]))
    for artifact in _ARTIFACT.findall(output):
        print(f"fuzz {target}: crashing input kept in {artifact}")
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="scripts/fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=", ".join(TARGETS))
    parser.add_argument("--seconds", type=int, default=60, help="per target (default 60)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SECONDS} s per target")
    parser.add_argument("--list", action="store_true", help="list the targets")
    parser.add_argument("--verbose", action="store_true", help="libFuzzer's own output too")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(TARGETS))
        return 0
    unknown = sorted(set(args.targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; --list shows them")
    seconds = QUICK_SECONDS if args.quick else args.seconds
    failed = [
        target
        for target in args.targets or TARGETS
        if not run_target(target, seconds, verbose=args.verbose, quick=args.quick)
    ]
    if failed:
        print(f"fuzz: crashes in {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
