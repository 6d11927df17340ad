"""VoiceEngine: enrol residents' voices, identify or verify a speaker (executor thread).

A person's voiceprint is the normalised mean of the embeddings of their enrolment utterances
(several, ideally 3-5 of a few seconds each), kept in a gallery directory with the same files as
the face gallery (``embeddings.f32``, ``people.txt``). A probe is compared with every template;
it is accepted when the similarity reaches ``match_threshold`` and leads the next person by
``min_margin``. Thresholds are GE2E cosine similarities, calibrated on real recorded speech in
``benchmarks/recognition.py`` (README "Voiceprint").
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .. import model_files as mf
from ..faces.gallery import Gallery
from .audio import SAMPLE_RATE, Audio, AudioError, preprocess
from .encoder import SpeakerEncoder, VoiceEmbedding

DIM = 256


@dataclass(frozen=True, kw_only=True)
class VoiceEngineOptions:
    # Template similarity needed to accept, and the lead over the second person (README).
    match_threshold: float = 0.82
    min_margin: float = 0.03
    min_speech_seconds: float = 1.0  # after long silences are shortened
    min_enrol_seconds: float = 1.5
    weights: Path | None = None  # None: ``VOICE_ENCODER`` in the models directory


@dataclass(frozen=True, kw_only=True)
class VoiceMatch:
    person_id: str | None  # accepted person, or None
    candidate: str | None  # best template, accepted or not
    similarity: float
    margin: float
    second_person_id: str | None
    speech_seconds: float
    embedding: VoiceEmbedding
    ms: float


@dataclass(frozen=True, kw_only=True)
class VoiceEnrolResult:
    person_id: str
    accepted: bool
    reason: str
    speech_seconds: float = 0.0
    similarity_to_own: float | None = None  # to the person's existing voiceprint
    similarity_to_others: float | None = None  # best other person's voiceprint


class VoiceEngine:
    def __init__(
        self, models_dir: Path, gallery_dir: Path, options: VoiceEngineOptions | None = None
    ) -> None:
        self.options = options or VoiceEngineOptions()
        weights = self.options.weights or mf.model_path(models_dir, mf.VOICE_ENCODER)
        self._encoder = SpeakerEncoder(weights)
        self.gallery = Gallery(gallery_dir, DIM)

    def embed(self, audio: Audio, min_seconds: float | None = None) -> tuple[VoiceEmbedding, float]:
        """(unit embedding, seconds of speech) of one utterance; AudioError when too little."""
        speech = preprocess(audio)
        seconds = len(speech) / SAMPLE_RATE
        needed = self.options.min_speech_seconds if min_seconds is None else min_seconds
        if seconds < needed:
            raise AudioError(f"only {seconds:.1f} s of speech (at least {needed:.1f} s needed)")
        return self._encoder.embed(speech), seconds

    def enroll(self, person_id: str, audio: Audio) -> VoiceEnrolResult:
        try:
            embedding, seconds = self.embed(audio, self.options.min_enrol_seconds)
        except AudioError as err:
            return VoiceEnrolResult(person_id=person_id, accepted=False, reason=str(err))
        own = self.score(person_id, embedding)
        others = [s for p, s in self.gallery.templates.ranked(embedding, k=2) if p != person_id]
        self.gallery.add(person_id, embedding[None])
        return VoiceEnrolResult(
            person_id=person_id,
            accepted=True,
            reason="enrolled",
            speech_seconds=seconds,
            similarity_to_own=own,
            similarity_to_others=others[0] if others else None,
        )

    def _match(self, embedding: VoiceEmbedding, seconds: float, started: float) -> VoiceMatch:
        ranked = self.gallery.templates.ranked(embedding, k=2)
        best, score = ranked[0] if ranked else (None, -1.0)
        second, second_score = ranked[1] if len(ranked) > 1 else (None, -1.0)
        margin = score - second_score if second is not None else score
        accepted = (
            best is not None
            and score >= self.options.match_threshold
            and margin >= self.options.min_margin
        )
        return VoiceMatch(
            person_id=best if accepted else None,
            candidate=best,
            similarity=score,
            margin=margin,
            second_person_id=second,
            speech_seconds=seconds,
            embedding=embedding,
            ms=(time.perf_counter() - started) * 1000.0,
        )

    def identify(self, audio: Audio) -> VoiceMatch:
        """Who is speaking (1:N); AudioError when the audio holds too little speech."""
        started = time.perf_counter()
        embedding, seconds = self.embed(audio)
        return self._match(embedding, seconds, started)

    def score(self, person_id: str, embedding: NDArray[np.float32]) -> float | None:
        """Similarity of an embedding to one person's voiceprint (None: not enrolled)."""
        templates = self.gallery.templates
        if person_id not in templates.ids:
            return None
        row = templates.ids.index(person_id)
        return float(templates.matrix[row] @ embedding.astype(np.float32))

    def remove(self, person_id: str) -> int:
        return self.gallery.remove(person_id)
