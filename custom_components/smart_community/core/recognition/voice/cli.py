"""Command line: ``scripts/voices`` calls ``python -m ...recognition.voice.cli``.

enroll GALLERY_DIR RECORDINGS_ROOT    one sub-folder per person (folder name = person id)
identify GALLERY_DIR AUDIO...         one JSON line per recording:
                                      {"audio", "person_id", "similarity", "ms", ...}
evaluate TURNS_DIR                    EER on recordings with RTTM speaker turns

Audio: WAV files (PCM 8/16/24/32-bit or float, any rate, mono or stereo).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .. import model_files as mf
from .audio import AudioError, decode_wav
from .engine import VoiceEngine
from .evaluation import equal_error_rate, turn_utterances, verification_trials

AUDIO_SUFFIXES = {".wav", ".wave"}


def _print(obj: dict[str, object]) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def _recordings(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES
    )


def enroll(models: Path, gallery: Path, root: Path) -> int:
    engine = VoiceEngine(models, gallery)
    accepted = rejected = 0
    people = sorted(p for p in root.iterdir() if p.is_dir())
    for person in people:
        for recording in _recordings(person):
            try:
                result = engine.enroll(person.name, decode_wav(recording.read_bytes()))
            except (OSError, AudioError) as err:
                rejected += 1
                print(f"rejected {recording}: {err}", flush=True)
                continue
            if result.accepted:
                accepted += 1
            else:
                rejected += 1
                print(f"rejected {recording}: {result.reason}", flush=True)
    print(
        f"enrolled {accepted} recordings of {len(people)} people into {gallery}; "
        f"rejected {rejected}",
        flush=True,
    )
    return 0


def identify(models: Path, gallery: Path, recordings: Sequence[Path]) -> int:
    engine = VoiceEngine(models, gallery)
    for recording in recordings:
        started = time.perf_counter()
        try:
            match = engine.identify(decode_wav(recording.read_bytes()))
        except (OSError, AudioError) as err:
            _print(
                {"audio": str(recording), "person_id": None, "similarity": None, "error": str(err)}
            )
            continue
        _print(
            {
                "audio": str(recording),
                "person_id": match.person_id,
                "similarity": round(match.similarity, 4) if match.candidate else None,
                "ms": round((time.perf_counter() - started) * 1000.0, 1),
                "candidate": match.candidate,
                "margin": round(match.margin, 4),
                "speech_s": round(match.speech_seconds, 2),
            }
        )
    return 0


def evaluate(models: Path, folder: Path, seconds: float) -> int:
    utterances = turn_utterances(folder, seconds=seconds)
    with tempfile.TemporaryDirectory() as gallery:
        engine = VoiceEngine(models, Path(gallery))
        embeddings = np.stack([engine.embed(audio, 0.0)[0] for _, audio in utterances])
    speakers = [speaker for speaker, _ in utterances]
    target, non_target = verification_trials(embeddings, speakers)
    eer, threshold = equal_error_rate(target, non_target)
    _print(
        {
            "utterances": len(utterances),
            "speakers": len(set(speakers)),
            "target_trials": len(target),
            "non_target_trials": len(non_target),
            "eer_pct": round(100.0 * eer, 2),
            "eer_threshold": round(threshold, 4),
        }
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="voices", description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, default=None, help="models dir (SC_MODELS_DIR)")
    commands = parser.add_subparsers(dest="command", required=True)
    enrol_parser = commands.add_parser("enroll")
    enrol_parser.add_argument("gallery", type=Path)
    enrol_parser.add_argument("recordings", type=Path)
    identify_parser = commands.add_parser("identify")
    identify_parser.add_argument("gallery", type=Path)
    identify_parser.add_argument("audio", type=Path, nargs="+")
    evaluate_parser = commands.add_parser("evaluate")
    evaluate_parser.add_argument("turns", type=Path)
    evaluate_parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args(argv)
    models = args.models or mf.default_models_dir()
    if args.command == "enroll":
        return enroll(models, args.gallery, args.recordings)
    if args.command == "identify":
        return identify(models, args.gallery, args.audio)
    return evaluate(models, args.turns, args.seconds)


if __name__ == "__main__":
    sys.exit(main())
