"""The models directory layout, as ``core/recognition/model_files.py`` reads it.

Repeated here so that ``scripts/models`` never imports the integration package (whose
``__init__`` pulls in Home Assistant: 1.5 s for a no-op); ``tests/core/recognition/test_layout.py``
keeps the two identical.
"""

from __future__ import annotations

import os
from pathlib import Path

FACE_DETECTOR = "faces/retinaface_mnet025.onnx"
FACE_EMBEDDER_SFACE = "faces/sface_2021dec_int8bq.onnx"
FACE_EMBEDDER_FACENET = "faces/facenet512.onnx"
FACE_EMBEDDER = FACE_EMBEDDER_SFACE  # the default; FaceNet stays prepared as an option
PLATE_DETECTOR = "plates/clp_det.onnx"
PLATE_OCR = "plates/ppocrv6_rec_small.onnx"
PLATE_OCR_ALT = "plates/clp_rec.onnx"
PLATE_OCR_ALT_DICT = "plates/clp_dict.txt"
PLATE_TEXT_DETECTOR = "plates/ppocrv4_det.onnx"  # fallback plate finder (text lines)
PLATE_OCR_SECOND = "plates/ppocrv4_rec.onnx"  # second opinion on the province character
CELEBRITY_FACES = "datasets/celebrity5"
SAMPLE_FACES = "datasets/face_recognition"
# voiceprint: Resemblyzer's GE2E weights (legacy torch file, read without torch) and real
# recorded meeting speech of several speakers for tests and the benchmark
VOICE_ENCODER = "voice/resemblyzer_ge2e.pt"
VOICE_SAMPLES = "datasets/ami_pyannote"
FOREIGN_PLATES = "datasets/plates_foreign"  # real photos of non-Chinese plates (negatives)
STAMP = "manifest.json"


def default_models_dir() -> Path:
    """``SC_MODELS_DIR`` if set, else ``.models`` at the repository root."""
    env = os.environ.get("SC_MODELS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / ".models"
