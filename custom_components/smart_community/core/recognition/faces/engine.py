"""FaceEngine: the one object the HA layer calls (from an executor thread)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .. import model_files as mf
from ..imaging import RGB, decode_image
from .align import align_face
from .clusters import ClusterStore
from .detector import DetectedFace, FaceDetector
from .embedder import FACENET_SPEC, SFACE_SPEC, Embedder, EmbedderSpec
from .gallery import Gallery
from .liveness import FrameEvidence
from .quality import QualityReport, QualityThresholds, assess

type BundledEmbedder = Literal["sface", "facenet"]


@dataclass(frozen=True, kw_only=True)
class FaceEngineOptions:
    """Defaults calibrated for the bundled SFace (see tools/models/README.md).

    ``FaceEngineOptions.preset("facenet")`` gives the bundled FaceNet with its own thresholds;
    thresholds are cosine similarities and only mean something for the model they were
    calibrated on (``scripts/faces calibrate``).
    """

    embedder_model: Path | None = None  # None: ``embedder_file`` in models_dir
    embedder_file: str = mf.FACE_EMBEDDER_SFACE
    embedder: EmbedderSpec = SFACE_SPEC
    # SFace on the celebrity set: no impostor pair >= 0.34 (FAR 0.1 % at 0.323), EER 0.8 % at
    # 0.264; 0.36 is also OpenCV Zoo's cosine threshold for SFace (LFW).
    match_threshold: float = 0.36
    min_margin: float = 0.05  # best person minus second-best person
    cluster_threshold: float = 0.40  # a little stricter: merging two strangers is the worse error
    quality: QualityThresholds = field(default_factory=QualityThresholds)
    detector_max_side: int = 640
    keep_clusters: bool = True

    @classmethod
    def preset(cls, name: BundledEmbedder = "sface", **changes: Any) -> FaceEngineOptions:
        """Options for one bundled embedder (model file, input spec, thresholds) + ``changes``."""
        return replace(cls(**PRESETS[name]), **changes)


# Per bundled embedder: what differs from the dataclass defaults.
PRESETS: dict[str, dict[str, Any]] = {
    "sface": {},
    # FaceNet 512-d: FAR 0.1 % at 0.624, EER 5.4 % at 0.381 on the celebrity set
    "facenet": {
        "embedder_file": mf.FACE_EMBEDDER_FACENET,
        "embedder": FACENET_SPEC,
        "match_threshold": 0.55,
        "min_margin": 0.05,
        "cluster_threshold": 0.55,
    },
}


@dataclass(frozen=True, kw_only=True)
class FaceResult:
    box: tuple[float, float, float, float]
    score: float
    landmarks: NDArray[np.float64]
    quality: QualityReport
    person_id: str | None  # None: unknown (or quality too poor to decide)
    similarity: float
    margin: float
    second_person_id: str | None
    cluster_id: str | None  # anon cluster of an unknown, good-quality face
    embedding: NDArray[np.float32] | None

    @property
    def evidence(self) -> FrameEvidence:
        return FrameEvidence(self.person_id or self.cluster_id, self.box, self.landmarks)


@dataclass(frozen=True, kw_only=True)
class EnrolResult:
    person_id: str
    accepted: bool
    reason: str
    quality: QualityReport | None = None
    similarity_to_others: float | None = None  # best similarity to another enrolled person


class FaceEngine:
    def __init__(
        self, models_dir: Path, gallery_dir: Path, options: FaceEngineOptions | None = None
    ) -> None:
        self.options = options or FaceEngineOptions()
        self._detector = FaceDetector(
            mf.model_path(models_dir, mf.FACE_DETECTOR), max_side=self.options.detector_max_side
        )
        embedder_path = self.options.embedder_model or mf.model_path(
            models_dir, self.options.embedder_file
        )
        self._embedder = Embedder(embedder_path, self.options.embedder)
        self._gallery_dir = gallery_dir
        self._gallery: Gallery | None = None
        self._clusters: ClusterStore | None = None
        self._lock = threading.Lock()

    # -- stores, opened once the embedding size is known ---------------------------------
    def _dim(self) -> int:
        probe = np.zeros((*self._embedder.input_size[::-1], 3), dtype=np.uint8)
        return int(self._embedder.embed(probe).shape[0])

    @property
    def gallery(self) -> Gallery:
        if self._gallery is None:
            with self._lock:
                if self._gallery is None:
                    self._gallery = Gallery(self._gallery_dir, self._dim())
        return self._gallery

    @property
    def clusters(self) -> ClusterStore:
        if self._clusters is None:
            dim = self.gallery.dim
            with self._lock:
                if self._clusters is None:
                    self._clusters = ClusterStore(
                        self._gallery_dir / "clusters", dim, self.options.cluster_threshold
                    )
        return self._clusters

    # -- pipeline ------------------------------------------------------------------------
    def _embed_face(
        self, rgb: RGB, face: DetectedFace
    ) -> tuple[NDArray[np.float32], QualityReport]:
        aligned = align_face(
            rgb, face.landmarks, self._embedder.input_size, self.options.embedder.face_scale
        )
        return self._embedder.embed(aligned), assess(face, aligned, self.options.quality)

    def detect(self, rgb: RGB) -> list[DetectedFace]:
        return self._detector.detect(rgb)

    def embed_single(
        self, image_bytes: bytes, quality: QualityThresholds | None = None
    ) -> tuple[NDArray[np.float32] | None, str, QualityReport | None]:
        """The embedding of the photo's only face if it passes the gate, else None and why.

        ``quality`` replaces the enrolment gate for pictures that are small by design (the
        102 x 126 photo on an ID card's chip)."""
        try:
            rgb = decode_image(image_bytes)
        except ValueError as err:
            return None, str(err), None
        faces = self._detector.detect(rgb)
        if not faces:
            return None, "no face found", None
        if len(faces) > 1:
            return None, f"{len(faces)} faces in the photo", None
        aligned = align_face(
            rgb, faces[0].landmarks, self._embedder.input_size, self.options.embedder.face_scale
        )
        report = assess(faces[0], aligned, quality or self.options.quality)
        if not report.ok:
            return None, f"poor quality: {report.reason}", report
        return self._embedder.embed(aligned), "ok", report

    def enroll(self, person_id: str, image_bytes: bytes) -> EnrolResult:
        """Add one photo of ``person_id``: exactly one good-quality face, else a reason."""
        embedding, reason, quality = self.embed_single(image_bytes)
        if embedding is None:
            return EnrolResult(person_id=person_id, accepted=False, reason=reason, quality=quality)
        hit = self.gallery.search(embedding)
        other = hit.similarity if hit.person_id != person_id else hit.second_similarity
        self.gallery.add(person_id, embedding[None])
        return EnrolResult(
            person_id=person_id,
            accepted=True,
            reason="enrolled",
            quality=quality,
            similarity_to_others=other if other > -1.0 else None,
        )

    def identify(self, image_bytes: bytes) -> list[FaceResult]:
        return self.identify_rgb(decode_image(image_bytes))

    def identify_rgb(self, rgb: RGB) -> list[FaceResult]:
        """Every face in the image, largest first, each matched or clustered."""
        faces = sorted(self._detector.detect(rgb), key=lambda f: -f.width * f.height)
        return [self._decide(rgb, face) for face in faces]

    def _decide(self, rgb: RGB, face: DetectedFace) -> FaceResult:
        embedding, quality = self._embed_face(rgb, face)
        hit = self.gallery.search(embedding)
        opts = self.options
        matched = (
            quality.ok
            and hit.person_id is not None
            and hit.similarity >= opts.match_threshold
            and hit.margin >= opts.min_margin
        )
        cluster_id = None
        if not matched and quality.ok and opts.keep_clusters:
            cluster_id = self.clusters.assign(embedding)
        return FaceResult(
            box=face.box,
            score=face.score,
            landmarks=face.landmarks,
            quality=quality,
            person_id=hit.person_id if matched else None,
            similarity=max(hit.similarity, -1.0),
            margin=hit.margin if hit.second_person_id else hit.similarity,
            second_person_id=hit.second_person_id,
            cluster_id=cluster_id,
            embedding=embedding,
        )

    def remove(self, person_id: str) -> int:
        return self.gallery.remove(person_id)

    def name_cluster(self, cluster_id: str, person_id: str) -> int:
        """Enrol an anonymous cluster's faces as ``person_id``; returns how many."""
        members = self.clusters.pop(cluster_id)
        self.gallery.add(person_id, members)
        return len(members)


def timed_identify(engine: FaceEngine, image_bytes: bytes) -> tuple[list[FaceResult], float]:
    started = time.perf_counter()
    results = engine.identify(image_bytes)
    return results, (time.perf_counter() - started) * 1000.0
