"""Calibrate the 人证核验 threshold: chip-photo face against live face (SFace cosine).

An ID card's chip holds a 102 x 126 JPEG portrait. Each labelled photo of the recognition test
set (``datasets/celebrity5``, one folder per person) is rendered as such a portrait (the face
cropped with ISO-like margins, scaled to 102 x 126, JPEG quality 75) and compared with every
*other* photo as the live one: same person = genuine pair, different person = impostor pair.
The threshold is the lowest with a false-accept rate of at most ``--far`` on impostor pairs.

    .venv/bin/python -m tools.models.idcheck_calibration [--far 0.001]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from custom_components.smart_community.core.recognition import model_files as mf
from custom_components.smart_community.core.recognition.faces.calibration import calibrate
from custom_components.smart_community.core.recognition.faces.engine import FaceEngine
from custom_components.smart_community.core.recognition.imaging import decode_image
from custom_components.smart_community.core.terminals.idcheck import EngineEmbedder

CHIP_SIZE = (102, 126)


def chip_photo(engine: FaceEngine, data: bytes) -> bytes | None:
    """The photo rendered as an ID card chip portrait (``None`` without a face)."""
    rgb = decode_image(data)
    faces = engine.detect(rgb)
    if not faces:
        return None
    face = max(faces, key=lambda f: f.width * f.height)
    x1, y1, x2, y2 = face.box
    width = (x2 - x1) * 1.9
    height = width * CHIP_SIZE[1] / CHIP_SIZE[0]
    cx = (x1 + x2) / 2
    top = y1 - (height - (y2 - y1)) * 0.45
    crop = Image.fromarray(rgb).crop(
        (int(cx - width / 2), int(top), int(cx + width / 2), int(top + height))
    )
    out = io.BytesIO()
    crop.resize(CHIP_SIZE, Image.Resampling.LANCZOS).save(out, format="JPEG", quality=75)
    return out.getvalue()


def pair_scores(root: Path, engine: FaceEngine) -> tuple[np.ndarray, np.ndarray]:
    embedder = EngineEmbedder(engine)
    chips: list[tuple[str, str, np.ndarray]] = []
    lives: list[tuple[str, str, np.ndarray]] = []
    for path in sorted(root.glob("*/*/*")):
        person = path.parent.name
        data = path.read_bytes()
        live, _ = embedder.embed(data, chip=False)
        if live is not None:
            lives.append((person, path.name, live))
        rendered = chip_photo(engine, data)
        chip = embedder.embed(rendered, chip=True)[0] if rendered else None
        if chip is not None:
            chips.append((person, path.name, chip))
    genuine, impostor = [], []
    for person, name, chip in chips:
        for other, other_name, live in lives:
            if other_name == name and other == person:
                continue
            (genuine if other == person else impostor).append(float(np.dot(chip, live)))
    return np.array(genuine), np.array(impostor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--far", type=float, default=0.001)
    args = parser.parse_args(argv)
    models = mf.default_models_dir()
    engine = FaceEngine(models, models / "idcheck-gallery-unused")
    genuine, impostor = pair_scores(models / mf.CELEBRITY_FACES, engine)
    result = calibrate(genuine, impostor, target_far=args.far)
    print(f"pairs: {result.genuine_pairs} genuine, {result.impostor_pairs} impostor")
    print(f"threshold at FAR {args.far:.1%}: {result.threshold:.3f} (FRR {result.frr:.1%})")
    print(f"EER {result.eer:.1%} at {result.eer_threshold:.3f}; impostor max {impostor.max():.3f}")
    print(f"pair accuracy {result.pair_accuracy:.2%} at {result.best_accuracy_threshold:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
