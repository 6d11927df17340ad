"""Speaker-verification figures on real recordings with speaker turns (RTTM).

``turn_utterances`` cuts each speaker's speech out of multi-speaker recordings: only the parts
of a turn where nobody else speaks, joined in time order into utterances of about
``seconds`` each. ``verification_trials`` scores each utterance against every speaker's
voiceprint (the mean of their other utterances, as ``VoiceEngine`` builds it) and
``equal_error_rate`` summarises those target / non-target trials.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .audio import Audio, decode_wav


@dataclass(frozen=True, slots=True)
class Turn:
    recording: str
    start: float
    end: float
    speaker: str


def read_rttm(text: str) -> list[Turn]:
    turns = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 8 and fields[0] == "SPEAKER":
            start, duration = float(fields[3]), float(fields[4])
            turns.append(Turn(fields[1], start, start + duration, fields[7]))
    return turns


def _solo_parts(turn: Turn, others: Sequence[Turn]) -> list[tuple[float, float]]:
    parts = [(turn.start, turn.end)]
    for other in others:
        kept = []
        for a, b in parts:
            if other.start >= b or other.end <= a:
                kept.append((a, b))
                continue
            if a < other.start:
                kept.append((a, other.start))
            if other.end < b:
                kept.append((other.end, b))
        parts = kept
    return parts


def turn_utterances(
    folder: Path, seconds: float = 2.0, min_part: float = 0.4
) -> list[tuple[str, Audio]]:
    """(speaker, audio) utterances of the ``*.rttm`` + ``<recording>.wav`` files in ``folder``."""
    turns = [t for rttm in sorted(folder.glob("*.rttm")) for t in read_rttm(rttm.read_text())]
    pieces: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for turn in turns:
        others = [t for t in turns if t.recording == turn.recording and t.speaker != turn.speaker]
        for a, b in _solo_parts(turn, others):
            if b - a >= min_part:
                pieces[(turn.recording, turn.speaker)].append((a, b))
    recordings: dict[str, Audio] = {}
    out: list[tuple[str, Audio]] = []
    for (recording, speaker), parts in sorted(pieces.items()):
        wav = folder / f"{recording}.wav"
        if not wav.is_file():
            continue
        if recording not in recordings:
            recordings[recording] = decode_wav(wav.read_bytes())
        audio = recordings[recording]
        rate = audio.sample_rate
        current: list[NDArray[np.float32]] = []
        total = 0.0
        for a, b in sorted(parts):
            current.append(audio.samples[int(a * rate) : int(b * rate)])
            total += b - a
            if total >= seconds:
                out.append((speaker, Audio(np.concatenate(current), rate)))
                current, total = [], 0.0
    return out


def equal_error_rate(
    target: NDArray[np.float64], non_target: NDArray[np.float64]
) -> tuple[float, float]:
    """(EER, threshold): where the false-accept and false-reject rates meet."""
    thresholds = np.unique(np.concatenate([target, non_target]))
    far = np.array([(non_target >= t).mean() for t in thresholds])
    frr = np.array([(target < t).mean() for t in thresholds])
    best = int(np.argmin(np.abs(far - frr)))
    return float((far[best] + frr[best]) / 2.0), float(thresholds[best])


def verification_trials(
    embeddings: NDArray[np.float32], speakers: Sequence[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(target, non-target) scores, every utterance in turn being the probe.

    The probe is scored against each speaker's voiceprint (the normalised mean of their
    utterances) built without the probe itself; a speaker whose only utterance is the probe
    gives no target trial but is a non-target for everyone else.
    """
    labels = np.asarray(speakers)
    people = sorted(set(speakers))
    sums = {p: embeddings[labels == p].astype(np.float64).sum(0) for p in people}
    counts = {p: int((labels == p).sum()) for p in people}
    target: list[float] = []
    non_target: list[float] = []
    for row, speaker in enumerate(speakers):
        probe = embeddings[row].astype(np.float64)
        for owner in people:
            total = sums[owner] - (probe if owner == speaker else 0.0)
            if owner == speaker and counts[owner] < 2:
                continue
            voiceprint = total / np.linalg.norm(total)
            (target if owner == speaker else non_target).append(float(voiceprint @ probe))
    return np.asarray(target), np.asarray(non_target)
