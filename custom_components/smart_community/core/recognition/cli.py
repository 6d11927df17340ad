"""Command line: ``scripts/faces`` and ``scripts/plates`` call ``python -m ...recognition.cli``.

faces enroll GALLERY_DIR PHOTOS_ROOT     one sub-folder per person (folder name = person id)
faces identify GALLERY_DIR IMAGE...      one JSON line per image
faces calibrate LABELLED_ROOT            genuine / impostor distributions -> thresholds
faces evaluate LABELLED_ROOT             open-set folds (each person the stranger in turn)
faces audit GALLERY_DIR                  gallery hygiene findings, one JSON line each
faces not-this-person GALLERY PERSON IMAGE   keep the image's face as "not PERSON"
faces --embedder facenet ...             the bundled FaceNet instead of SFace (default)
plates read IMAGE... [--frames]          one JSON line per image, or one voted line
                                         ({"image", "plate", "color", "confidence", "ms",
                                         "uncertain", "rows"})
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import model_files as mf
from .faces.calibration import calibrate, pair_scores
from .faces.engine import BundledEmbedder, FaceEngine, FaceEngineOptions
from .faces.evaluation import LabelledFace, open_set_folds
from .imaging import ImageDecodeError
from .plates.engine import PlateEngine
from .plates.read import PlateRead, vote

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}


def _print(obj: dict[str, object]) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def _photos(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
    )


def faces_enroll(
    models: Path, gallery: Path, root: Path, embedder: BundledEmbedder = "sface"
) -> int:
    engine = FaceEngine(models, gallery, FaceEngineOptions.preset(embedder))
    accepted = rejected = 0
    people = sorted(p for p in root.iterdir() if p.is_dir())
    for person in people:
        for photo in _photos(person):
            result = engine.enroll(person.name, photo.read_bytes())
            if result.accepted:
                accepted += 1
            else:
                rejected += 1
                print(f"rejected {photo}: {result.reason}", flush=True)
            for finding in result.hygiene:
                print(f"hygiene {photo}: {json.dumps(finding.as_dict())}", flush=True)
    print(
        f"enrolled {accepted} photos of {len(people)} people into {gallery}; rejected {rejected}",
        flush=True,
    )
    return 0


def faces_identify(
    models: Path,
    gallery: Path,
    images: Sequence[Path],
    cluster: bool,
    embedder: BundledEmbedder = "sface",
) -> int:
    engine = FaceEngine(models, gallery, FaceEngineOptions.preset(embedder, keep_clusters=cluster))
    for image in images:
        started = time.perf_counter()
        try:
            results = engine.identify(image.read_bytes())
        except (OSError, ImageDecodeError) as err:
            _print({"image": str(image), "person_id": None, "similarity": None, "error": str(err)})
            continue
        ms = round((time.perf_counter() - started) * 1000.0, 1)
        if not results:
            _print(
                {
                    "image": str(image),
                    "person_id": None,
                    "similarity": None,
                    "ms": ms,
                    "faces": 0,
                    "reason": "no face found",
                }
            )
            continue
        top = results[0]
        _print(
            {
                "image": str(image),
                "person_id": top.person_id,
                "similarity": round(top.similarity, 4) if top.similarity > -1 else None,
                "ms": ms,
                "margin": round(top.margin, 4),
                "decision": str(top.decision.verdict),
                "candidate": top.decision.person_id,
                "threshold": top.decision.threshold,
                "cluster_id": top.cluster_id,
                "quality": top.quality.reason,
                "faces": len(results),
            }
        )
    return 0


def faces_calibrate(
    models: Path, root: Path, target_far: float, embedder: BundledEmbedder = "sface"
) -> int:
    with tempfile.TemporaryDirectory() as gallery:
        options = FaceEngineOptions.preset(embedder, keep_clusters=False)
        engine = FaceEngine(models, Path(gallery), options)
        labels: list[str] = []
        vectors = []
        skipped = 0
        for person in sorted(p for p in root.iterdir() if p.is_dir()):
            for photo in _photos(person):
                embedding, _, _ = engine.embed_single(photo.read_bytes())
                if embedding is None:
                    skipped += 1
                    continue
                labels.append(person.name)
                vectors.append(embedding)
    genuine, impostor = pair_scores(np.stack(vectors), labels)
    result = calibrate(genuine, impostor, target_far)
    fields = {k: round(v, 4) for k, v in dataclasses.asdict(result).items()}
    _print({"embedder": embedder, "faces": len(labels), "skipped": skipped, **fields})
    return 0


def faces_evaluate(
    models: Path, root: Path, enrol: int, embedder: BundledEmbedder = "sface"
) -> int:
    with tempfile.TemporaryDirectory() as gallery:
        options = FaceEngineOptions.preset(embedder, keep_clusters=False)
        engine = FaceEngine(models, Path(gallery), options)
        faces: list[LabelledFace] = []
        no_face = 0
        for person in sorted(p for p in root.iterdir() if p.is_dir()):
            for photo in _photos(person):
                try:
                    face = engine.labelled_face(photo.read_bytes(), person.name)
                except (OSError, ImageDecodeError):
                    face = None
                if face is None:
                    no_face += 1
                else:
                    faces.append(face)
    result = open_set_folds(faces, options.policy, enrol=enrol)
    _print(
        {
            "embedder": embedder,
            "faces": len(faces),
            "no_face": no_face,
            "people": len({f.person for f in faces}),
            "enrolled_per_person": enrol,
            "false_accept_pct": round(result.false_accept_pct, 3),
            "false_reject_pct": round(result.false_reject_pct, 3),
            "misidentified_pct": round(result.misidentified_pct, 3),
            **dataclasses.asdict(result),
        }
    )
    return 0


def faces_audit(models: Path, gallery: Path, embedder: BundledEmbedder = "sface") -> int:
    engine = FaceEngine(models, gallery, FaceEngineOptions.preset(embedder, keep_clusters=False))
    findings = engine.audit_gallery()
    for finding in findings:
        _print(finding.as_dict())
    print(f"{len(findings)} findings in {len(engine.gallery.people)} people", flush=True)
    return 0


def faces_not_this_person(
    models: Path, gallery: Path, person_id: str, image: Path, embedder: BundledEmbedder = "sface"
) -> int:
    engine = FaceEngine(models, gallery, FaceEngineOptions.preset(embedder, keep_clusters=False))
    face = engine.labelled_face(image.read_bytes(), person_id)
    if face is None:
        _print({"image": str(image), "person_id": person_id, "error": "no face found"})
        return 1
    try:
        count = engine.not_this_person(person_id, face.embedding)
    except KeyError as err:
        _print({"image": str(image), "person_id": person_id, "error": str(err.args[0])})
        return 1
    _print({"image": str(image), "person_id": person_id, "negatives": count})
    return 0


def _plate_line(image: str, read: PlateRead | None, ms: float) -> dict[str, object]:
    return {
        "image": image,
        "plate": read.plate if read else None,
        "color": read.colour if read else None,
        "confidence": round(read.confidence, 4) if read else None,
        "ms": round(ms, 1),
        # positions (0 = province) the evidence does not settle: the plate is a best guess
        "uncertain": list(read.uncertain) if read else None,
        "rows": read.rows if read else None,
    }


def plates_read(models: Path, images: Sequence[Path], frames: bool) -> int:
    engine = PlateEngine(models)
    reads: list[PlateRead] = []
    total = 0.0
    for image in images:
        started = time.perf_counter()
        try:
            read = engine.read(image.read_bytes())
        except (OSError, ImageDecodeError) as err:
            _print({"image": str(image), "plate": None, "error": str(err)})
            continue
        ms = (time.perf_counter() - started) * 1000.0
        total += ms
        if frames:
            if read is not None:
                reads.append(read)
        else:
            _print(_plate_line(str(image), read, ms))
    if frames:
        voted = vote(reads) if reads else None
        line = _plate_line(",".join(str(i) for i in images), voted, total)
        line["frames"] = len(images)
        line["frames_read"] = len(reads)
        _print(line)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="recognition", description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, default=None, help="models dir (SC_MODELS_DIR)")
    kinds = parser.add_subparsers(dest="kind", required=True)
    faces_parser = kinds.add_parser("faces")
    faces_parser.add_argument(
        "--embedder", choices=["sface", "facenet"], default="sface", help="bundled face model"
    )
    faces = faces_parser.add_subparsers(dest="command", required=True)
    enroll = faces.add_parser("enroll")
    enroll.add_argument("gallery", type=Path)
    enroll.add_argument("photos", type=Path)
    identify = faces.add_parser("identify")
    identify.add_argument("gallery", type=Path)
    identify.add_argument("images", type=Path, nargs="+")
    identify.add_argument("--cluster", action="store_true", help="keep unknown faces as anon-N")
    calib = faces.add_parser("calibrate")
    calib.add_argument("labelled", type=Path)
    calib.add_argument("--target-far", type=float, default=0.001)
    evaluate = faces.add_parser("evaluate")
    evaluate.add_argument("labelled", type=Path)
    evaluate.add_argument("--enrol", type=int, default=5, help="photos enrolled per person")
    audit = faces.add_parser("audit")
    audit.add_argument("gallery", type=Path)
    negative = faces.add_parser("not-this-person")
    negative.add_argument("gallery", type=Path)
    negative.add_argument("person_id")
    negative.add_argument("image", type=Path)
    plates = kinds.add_parser("plates").add_subparsers(dest="command", required=True)
    read = plates.add_parser("read")
    read.add_argument("images", type=Path, nargs="+")
    read.add_argument("--frames", action="store_true", help="frames of one pass: one voted line")
    args = parser.parse_args(argv)
    models = args.models or mf.default_models_dir()
    if args.kind == "faces":
        if args.command == "enroll":
            return faces_enroll(models, args.gallery, args.photos, args.embedder)
        if args.command == "identify":
            return faces_identify(models, args.gallery, args.images, args.cluster, args.embedder)
        if args.command == "evaluate":
            return faces_evaluate(models, args.labelled, args.enrol, args.embedder)
        if args.command == "audit":
            return faces_audit(models, args.gallery, args.embedder)
        if args.command == "not-this-person":
            return faces_not_this_person(
                models, args.gallery, args.person_id, args.image, args.embedder
            )
        return faces_calibrate(models, args.labelled, args.target_far, args.embedder)
    return plates_read(models, args.images, args.frames)


if __name__ == "__main__":
    sys.exit(main())
