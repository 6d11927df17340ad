"""Check that the prepared models behave, not only that their bytes arrived.

The converted FaceNet is not byte-reproducible (tf2onnx stamps the graph), so it is verified
by behaviour: known photos must give known answers, with both bundled embedders (SFace, the
default, and FaceNet). ``python -m tools.models.verify [--dir]``;
``prepare`` runs it after every rebuild and fails when a check fails.
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
from pathlib import Path

from custom_components.smart_community.core.recognition import model_files as mf
from custom_components.smart_community.core.recognition.faces.engine import (
    FaceEngine,
    FaceEngineOptions,
)
from custom_components.smart_community.core.recognition.plates.engine import PlateEngine
from tools.models.plate_synth import render_scene


def verify(models_dir: Path) -> list[str]:
    """Failed checks (empty when everything behaves)."""
    failures: list[str] = []
    samples = models_dir / mf.SAMPLE_FACES
    for embedder in ("sface", "facenet"):
        with tempfile.TemporaryDirectory() as gallery:
            options = FaceEngineOptions.preset(embedder, keep_clusters=False)
            faces = FaceEngine(models_dir, Path(gallery), options)
            if not faces.enroll("obama", (samples / "obama.jpg").read_bytes()).accepted:
                failures.append(f"face ({embedder}): obama.jpg was not enrolled")
            same = faces.identify((samples / "obama2.jpg").read_bytes())
            if not same or same[0].person_id != "obama":
                failures.append(f"face ({embedder}): obama2.jpg was not identified as obama")
            other = faces.identify((samples / "biden.jpg").read_bytes())
            if not other or other[0].person_id is not None:
                failures.append(f"face ({embedder}): biden.jpg was matched to someone")
    rng = random.Random(11)
    scene = render_scene(rng, "皖A12345", "blue", plate_width=(220, 220), tilt=0.03)
    buffer = io.BytesIO()
    scene.image.save(buffer, format="JPEG", quality=90)
    read = PlateEngine(models_dir).read(buffer.getvalue())
    if read is None or (read.plate, read.colour) != ("皖A12345", "blue"):
        failures.append(f"plate: read {read.plate if read else None} for 皖A12345")
    failures += _verify_two_row_plate(models_dir)
    return failures


def _verify_two_row_plate(models_dir: Path) -> list[str]:
    """A two-row yellow plate, read row by row (exercises the PP-OCRv4 files too)."""
    scene = render_scene(
        random.Random(12), "鲁B8K231", "yellow", plate_width=(180, 180), tilt=0.02, two_row=True
    )
    buffer = io.BytesIO()
    scene.image.save(buffer, format="JPEG", quality=90)
    read = PlateEngine(models_dir).read(buffer.getvalue())
    if read is None or (read.plate, read.rows) != ("鲁B8K231", 2):
        return [f"plate: read {read.plate if read else None} for the two-row 鲁B8K231"]
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=mf.default_models_dir())
    failures = verify(parser.parse_args().dir)
    for failure in failures:
        print(f"verify: FAILED {failure}")
    print("verify: ok" if not failures else f"verify: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
