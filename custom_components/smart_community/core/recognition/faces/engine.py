"""FaceEngine: the one object the HA layer calls (from an executor thread)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .. import model_files as mf
from ..imaging import RGB, decode_image
from .align import align_face
from .clusters import ClusterStore
from .decision import Decision, OpenSetPolicy, Verdict, decide
from .detector import DetectedFace, FaceDetector
from .embedder import FACENET_SPEC, SFACE_SPEC, Embedder, EmbedderSpec
from .evaluation import LabelledFace
from .gallery import Gallery
from .hygiene import Finding, HygieneFinding, HygieneLimits, audit, check_photo
from .liveness import FrameEvidence
from .negatives import NegativeExamples
from .quality import QualityBand, QualityReport, QualityThresholds, assess
from .recent import RecentMatch, RecentMatches

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
    # Open-set thresholds per quality band, on person templates (decision.py); SFace's are
    # calibrated in open-set folds on the celebrity set (README "Faces").
    policy: OpenSetPolicy = field(default_factory=OpenSetPolicy)
    cluster_threshold: float = 0.40  # a little stricter: merging two strangers is the worse error
    quality: QualityThresholds = field(default_factory=QualityThresholds)
    hygiene: HygieneLimits = field(default_factory=HygieneLimits)
    detector_max_side: int = 640
    keep_clusters: bool = True

    @classmethod
    def preset(cls, name: BundledEmbedder = "sface", **changes: Any) -> FaceEngineOptions:
        """Options for one bundled embedder (model file, input spec, thresholds) + ``changes``."""
        return replace(cls(**PRESETS[name]), **changes)

    @property
    def match_threshold(self) -> float:
        """The threshold of a GOOD face (the lowest one)."""
        return self.policy.thresholds[QualityBand.GOOD]


# Per bundled embedder: what differs from the dataclass defaults.
PRESETS: dict[str, dict[str, Any]] = {
    "sface": {},
    # FaceNet 512-d: FAR 0.1 % at 0.624, EER 5.4 % at 0.381 on the celebrity set
    "facenet": {
        "embedder_file": mf.FACE_EMBEDDER_FACENET,
        "embedder": FACENET_SPEC,
        "policy": OpenSetPolicy(
            thresholds={QualityBand.GOOD: 0.62, QualityBand.FAIR: 0.65, QualityBand.POOR: 0.70}
        ),
        "cluster_threshold": 0.55,
    },
}


@dataclass(frozen=True, kw_only=True)
class FaceResult:
    box: tuple[float, float, float, float]
    score: float
    landmarks: NDArray[np.float64]
    quality: QualityReport
    person_id: str | None  # None: unknown, or not decided (``decision.verdict`` says which)
    similarity: float
    margin: float
    second_person_id: str | None
    cluster_id: str | None  # anon cluster of an unknown, usable face
    embedding: NDArray[np.float32] | None
    decision: Decision

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
    hygiene: tuple[HygieneFinding, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FaceProbe:
    """A photo's largest face compared with the gallery and the clusters, changing neither
    (searching by a photo must not enrol it or start a stranger cluster)."""

    faces: int  # faces found in the photo
    box: tuple[float, float, float, float] | None
    quality: QualityReport | None
    embedding: NDArray[np.float32] | None
    people: list[tuple[str, float]]  # best person templates, most similar first
    clusters: list[tuple[str, float]]  # best anonymous clusters, most similar first


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
        self._negatives: NegativeExamples | None = None
        self._clusters: ClusterStore | None = None
        self._recent: RecentMatches | None = None
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
    def negatives(self) -> NegativeExamples:
        if self._negatives is None:
            dim = self.gallery.dim
            with self._lock:
                if self._negatives is None:
                    self._negatives = NegativeExamples(self._gallery_dir / "negatives", dim)
        return self._negatives

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

    @property
    def recent(self) -> RecentMatches:
        """Embeddings of recent matches by match id (for "not this person")."""
        if self._recent is None:
            dim = self.gallery.dim
            with self._lock:
                if self._recent is None:
                    self._recent = RecentMatches(self._gallery_dir / "recent.npz", dim)
        return self._recent

    # -- pipeline ------------------------------------------------------------------------
    def _embed_face(
        self, rgb: RGB, face: DetectedFace, quality: QualityThresholds | None = None
    ) -> tuple[NDArray[np.float32], QualityReport]:
        aligned = align_face(
            rgb, face.landmarks, self._embedder.input_size, self.options.embedder.face_scale
        )
        report = assess(face, aligned, quality or self.options.quality)
        return self._embedder.embed(aligned), report

    def detect(self, rgb: RGB) -> list[DetectedFace]:
        return self._detector.detect(rgb)

    def embed_single(
        self,
        image_bytes: bytes,
        quality: QualityThresholds | None = None,
        *,
        for_enrolment: bool = False,
    ) -> tuple[NDArray[np.float32] | None, str, QualityReport | None]:
        """The embedding of the photo's only face if it is usable evidence, else None and why.

        ``quality`` replaces the gate for pictures that are small by design (the 102 x 126
        photo on an ID card's chip); ``for_enrolment`` also asks for
        ``QualityThresholds.min_enrol_px``.
        """
        try:
            rgb = decode_image(image_bytes)
        except ValueError as err:
            return None, str(err), None
        faces = self._detector.detect(rgb)
        if not faces:
            return None, "no face found", None
        if len(faces) > 1:
            return None, f"{len(faces)} faces in the photo", None
        embedding, report = self._embed_face(rgb, faces[0], quality)
        if not report.ok:
            return None, f"poor quality: {report.reason}", report
        if for_enrolment and report.face_px < self.options.quality.min_enrol_px:
            return None, "poor quality: too_small for enrolment", report
        return embedding, "ok", report

    def labelled_face(self, image_bytes: bytes, person: str) -> LabelledFace | None:
        """The largest face of a labelled photo, for ``evaluation.open_set_folds``."""
        rgb = decode_image(image_bytes)
        faces = self._detector.detect(rgb)
        if not faces:
            return None
        face = max(faces, key=lambda f: f.width * f.height)
        embedding, quality = self._embed_face(rgb, face)
        enrollable = (
            quality.ok and len(faces) == 1 and quality.face_px >= self.options.quality.min_enrol_px
        )
        return LabelledFace(person, embedding, quality, enrollable)

    def enroll(self, person_id: str, image_bytes: bytes) -> EnrolResult:
        """Add one photo of ``person_id``: exactly one usable face, else a reason.

        The result's ``hygiene`` reports a near-duplicate (not added), a photo far from the
        person's others, or a photo close to another person (both added: the manager decides).
        """
        embedding, reason, quality = self.embed_single(image_bytes, for_enrolment=True)
        if embedding is None:
            return EnrolResult(person_id=person_id, accepted=False, reason=reason, quality=quality)
        gallery = self.gallery
        findings = check_photo(
            person_id,
            embedding,
            gallery.embeddings_of(person_id),
            gallery.templates,
            self.options.hygiene,
        )
        others = [s for p, s in gallery.templates.ranked(embedding, k=2) if p != person_id]
        other = others[0] if others else None
        if any(f.finding is Finding.NEAR_DUPLICATE for f in findings):
            return EnrolResult(
                person_id=person_id,
                accepted=False,
                reason="near-duplicate of an enrolled photo",
                quality=quality,
                similarity_to_others=other,
                hygiene=tuple(findings),
            )
        gallery.add(person_id, embedding[None])
        return EnrolResult(
            person_id=person_id,
            accepted=True,
            reason="enrolled",
            quality=quality,
            similarity_to_others=other,
            hygiene=tuple(findings),
        )

    def audit_gallery(self) -> list[HygieneFinding]:
        """Hygiene findings of the whole gallery (duplicates, outliers, close people)."""
        gallery = self.gallery
        photos = {p: gallery.embeddings_of(p) for p in gallery.people}
        return audit(photos, gallery.templates, self.options.hygiene)

    def not_this_person(self, person_id: str, embedding: NDArray[np.float32]) -> int:
        """A guard's correction: the face of ``embedding`` is not ``person_id``.

        Kept with the gallery; from now on that face (and faces very like it) is not matched to
        them. Returns how many negative examples the person has. ``embedding`` is the
        ``FaceResult.embedding`` of the wrong match.
        """
        if person_id not in self.gallery.people:
            raise KeyError(f"{person_id} is not enrolled")
        return self.negatives.add(person_id, embedding)

    def remember(self, result: FaceResult) -> str | None:
        """Keep a match's embedding for a later correction; its match id (None: no match)."""
        if result.person_id is None or result.embedding is None:
            return None
        return self.recent.add(result.person_id, result.embedding)

    def not_this_match(
        self, match_id: str, person_id: str | None = None
    ) -> tuple[RecentMatch, int]:
        """ "Not this person" for a remembered match: its face becomes a negative of the person.

        ``person_id`` defaults to the person the face was matched to. KeyError: the match is
        not (or no longer) remembered, or the person is not enrolled.
        """
        match = self.recent.get(match_id)
        if match is None:
            raise KeyError(f"match {match_id} is not remembered")
        return match, self.not_this_person(person_id or match.person_id, match.embedding)

    def fuse(self, results: Sequence[FaceResult]) -> FaceResult:
        """One decision on several frames of one face (the retry path).

        The frames' embeddings are averaged (noise cancels, the identity stays) and decided
        with the threshold of the weakest frame's band, so fusing never lowers the bar.
        """
        if not results:
            raise ValueError("no frame to fuse")
        usable = [
            r
            for r in results
            if r.embedding is not None and r.quality.band is not QualityBand.UNUSABLE
        ]
        if not usable:
            return results[0]
        if len(usable) == 1:
            return usable[0]
        stacked = np.stack([r.embedding for r in usable if r.embedding is not None])
        mean = stacked.mean(axis=0)
        fused = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
        order = list(QualityBand)
        weakest = max(usable, key=lambda r: order.index(r.quality.band))
        face = DetectedFace(box=weakest.box, score=weakest.score, landmarks=weakest.landmarks)
        return self.decide_embedding(fused, weakest.quality, face)

    def identify(self, image_bytes: bytes) -> list[FaceResult]:
        return self.identify_rgb(decode_image(image_bytes))

    def identify_rgb(self, rgb: RGB) -> list[FaceResult]:
        """Every face in the image, largest first, each matched or clustered."""
        faces = sorted(self._detector.detect(rgb), key=lambda f: -f.width * f.height)
        return [self._decide(rgb, face) for face in faces]

    def _decide(self, rgb: RGB, face: DetectedFace) -> FaceResult:
        embedding, quality = self._embed_face(rgb, face)
        return self.decide_embedding(embedding, quality, face)

    def decide_embedding(
        self, embedding: NDArray[np.float32], quality: QualityReport, face: DetectedFace
    ) -> FaceResult:
        opts = self.options
        ranked = self.gallery.templates.ranked(embedding)
        negatives = self.negatives
        decision = decide(
            ranked,
            quality.band,
            opts.policy,
            lambda person: negatives.score(person, embedding),
        )
        matched = decision.verdict is Verdict.MATCH
        cluster_id = None
        if decision.verdict is Verdict.UNKNOWN and quality.ok and opts.keep_clusters:
            cluster_id = self.clusters.assign(embedding)
        return FaceResult(
            box=face.box,
            score=face.score,
            landmarks=face.landmarks,
            quality=quality,
            person_id=decision.person_id if matched else None,
            similarity=max(decision.similarity, -1.0),
            margin=decision.margin,
            second_person_id=decision.second_person_id,
            cluster_id=cluster_id,
            embedding=embedding,
            decision=decision,
        )

    def probe_rgb(self, rgb: RGB, *, k: int = 5) -> FaceProbe:
        """The largest face of a picture against the gallery and the clusters (read-only)."""
        faces = sorted(self._detector.detect(rgb), key=lambda f: -f.width * f.height)
        if not faces:
            return FaceProbe(
                faces=0, box=None, quality=None, embedding=None, people=[], clusters=[]
            )
        embedding, quality = self._embed_face(rgb, faces[0])
        clusters = self.clusters
        ranked: list[tuple[str, float]] = []
        if len(clusters):
            ids = clusters.ids
            means = [clusters.members(i).mean(0) for i in ids]
            scores = [float(m @ embedding / (np.linalg.norm(m) or 1.0)) for m in means]
            ranked = sorted(zip(ids, scores, strict=True), key=lambda item: -item[1])[:k]
        return FaceProbe(
            faces=len(faces),
            box=faces[0].box,
            quality=quality,
            embedding=embedding,
            people=self.gallery.templates.ranked(embedding, k=k),
            clusters=ranked,
        )

    def remove(self, person_id: str) -> int:
        """Forget a person: their photos and their negative examples."""
        self.negatives.remove(person_id)
        self.recent.forget_person(person_id)
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
