"""Recognition benchmark: latency of the real probe paths and accuracy on the labelled sets.

Run with ``scripts/bench recognition [--embedder facenet] [--faces-only]``
(``.venv/bin/python benchmarks/recognition.py``). Prints ``BENCH name value`` lines:

* face decision (decode 1280x720 JPEG, detect, align, gate, embed, search, decide) with 1,000
  and 20,000 people enrolled: the real celebrity photos plus synthetic unit embeddings;
* gallery search alone at 1,000 / 20,000 people (one row each) and 20,000 x 3 photos, at the
  embedder's dimension (SFace 128, FaceNet 512);
* plate read (decode, detect, rectify, OCR, grammar, colour) on rendered 640x480 and 1280x720
  scenes;
* accuracy: face pair accuracy (best threshold), verification at the engine's threshold and
  rank-1 on the celebrity set (faces passing the quality gate); plate exact-match rate of single
  frames and of 3-frame votes;
* plates as gate cameras see them (rendered): 400 x 300 pictures with 60-100 px plates, night
  frames, two-row yellow plates;
* plates on real photos: the foreign-plate negatives from the models dir (no certain read
  allowed) and any real Chinese set given with ``--plates-real PATH`` (a folder of photos named
  by plate, or a ``file,plate`` CSV; also ``SC_PLATES_REAL``, paths joined by ``:``): exact and
  found rates of single photos, on the whole set and on its held-out split.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageEnhance

ROOT = Path(__file__).resolve().parents[1]

from custom_components.smart_community.core.recognition import model_files as mf  # noqa: E402
from custom_components.smart_community.core.recognition.faces.calibration import (  # noqa: E402
    calibrate,
    pair_scores,
)
from custom_components.smart_community.core.recognition.faces.engine import (  # noqa: E402
    BundledEmbedder,
    FaceEngine,
    FaceEngineOptions,
)
from custom_components.smart_community.core.recognition.faces.evaluation import (  # noqa: E402
    open_set_folds,
)
from custom_components.smart_community.core.recognition.faces.gallery import Gallery  # noqa: E402
from custom_components.smart_community.core.recognition.plates.engine import (  # noqa: E402
    PlateEngine,
)
from custom_components.smart_community.core.recognition.plates.read import vote  # noqa: E402
from tools.models.plate_sets import labelled_photos  # noqa: E402
from tools.models.plate_synth import DIGITS, LETTERS, PROVINCES, random_plate, render_scene  # noqa: E402
from tools.models.prepare import prepare  # noqa: E402

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


def bench(name: str, value: float, unit: str = "") -> None:
    print(f"BENCH {name} {value:.4g}{(' ' + unit) if unit else ''}", flush=True)


def percentiles(samples: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 95))


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000.0


def jpeg(image: Image.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def photos(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def random_unit(rng: np.random.Generator, rows: int, dim: int) -> NDArray[np.float32]:
    matrix = rng.normal(size=(rows, dim)).astype(np.float32)
    unit: NDArray[np.float32] = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return unit


def fill_gallery(gallery: Gallery, people: int, per_person: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    chunk = 5000
    for start in range(0, people, chunk):
        count = min(chunk, people - start)
        vectors = random_unit(rng, count * per_person, gallery.dim)
        ids = [f"synthetic-{start + i:05d}" for i in range(count) for _ in range(per_person)]
        gallery.extend(ids, vectors)


def face_probes(celebrity: Path) -> list[tuple[str, bytes]]:
    """Validation photos placed in 1280x720 frames, as a face camera would send them."""
    probes = []
    for person in sorted((celebrity / "val").iterdir()):
        for photo in photos(person):
            face = Image.open(photo).convert("RGB")
            face = face.resize((round(face.width * 360 / face.height), 360))
            frame = Image.new("RGB", (1280, 720), (110, 115, 120))
            frame.paste(face, (460, 180))
            probes.append((person.name, jpeg(frame)))
    return probes


def bench_faces(models: Path, celebrity: Path, embedder: BundledEmbedder = "sface") -> None:
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        # accuracy: every quality-passing face of the labelled set, all pairs
        engine = FaceEngine(
            models,
            Path(tmp) / "calibration",
            FaceEngineOptions.preset(embedder, keep_clusters=False),
        )
        labels: list[str] = []
        vectors = []
        for split in ("train", "val"):
            for person in sorted((celebrity / split).iterdir()):
                for photo in photos(person):
                    embedding, _, _ = engine.embed_single(photo.read_bytes())
                    if embedding is not None:
                        labels.append(person.name)
                        vectors.append(embedding)
        matrix = np.stack(vectors)
        genuine, impostor = pair_scores(matrix, labels)
        result = calibrate(genuine, impostor, target_far=0.001)
        threshold = engine.options.match_threshold
        verified = (np.sum(genuine >= threshold) + np.sum(impostor < threshold)) / (
            len(genuine) + len(impostor)
        )
        sims = matrix @ matrix.T
        np.fill_diagonal(sims, -2.0)
        names = np.array(labels)
        rank1 = float(np.mean(names[sims.argmax(1)] == names))
        print(
            f"# faces ({embedder}, {matrix.shape[1]}-d): {len(labels)} quality-passing photos "
            f"of {len(set(labels))} people, "
            f"{len(genuine)} genuine / {len(impostor)} impostor pairs; "
            f"threshold at FAR 0.1 %: {result.threshold:.3f} (FRR {result.frr:.3f}), "
            f"EER {result.eer:.3f} at {result.eer_threshold:.3f}",
            flush=True,
        )
        bench("face_pair_accuracy_pct", 100.0 * result.pair_accuracy)
        bench("face_verification_accuracy_at_threshold_pct", 100.0 * verified)
        bench("face_rank1_pct", 100.0 * rank1)

        probes = face_probes(celebrity)
        for people in (1000, 20000):
            gallery_dir = Path(tmp) / f"gallery-{people}"
            engine = FaceEngine(models, gallery_dir, FaceEngineOptions.preset(embedder))
            for person in sorted((celebrity / "train").iterdir()):
                for photo in photos(person):
                    engine.enroll(person.name, photo.read_bytes())
            fill_gallery(engine.gallery, people - 5, 1, seed=people)
            for _, data in probes[:3]:
                engine.identify(data)  # warm-up
            times: list[float] = []
            right = decided = 0
            for _ in range(4):
                for name, data in probes:
                    started = time.perf_counter()
                    results = engine.identify(data)
                    times.append((time.perf_counter() - started) * 1000.0)
                    if results and results[0].person_id is not None:
                        decided += 1
                        right += results[0].person_id == name
            p50, p95 = percentiles(times)
            bench(f"face_decision_p50_ms_{people}", p50)
            bench(f"face_decision_p95_ms_{people}", p95)
            bench(
                f"face_identification_correct_of_decided_pct_{people}",
                100.0 * right / max(decided, 1),
            )
            bench(f"face_identification_decided_pct_{people}", 100.0 * decided / len(times))

        dim = int(matrix.shape[1])
        for people, per in ((1000, 1), (20000, 1), (20000, 3)):
            gallery = Gallery(Path(tmp) / f"search-{people}-{per}", dim)
            fill_gallery(gallery, people, per, seed=people + per)
            queries = random_unit(rng, 200, dim)
            gallery.search(queries[0])
            times = [timed(partial(gallery.search, q)) for q in queries]
            p50, p95 = percentiles(times)
            suffix = f"{people}" if per == 1 else f"{people}x{per}"
            bench(f"face_search_p50_ms_{suffix}", p50)
            bench(f"face_search_p95_ms_{suffix}", p95)


def bench_faces_open_set(models: Path, embedder: BundledEmbedder = "sface") -> None:
    """Issue 15's protocol on real photos: each person left out in turn as the stranger.

    Celebrity set (5 people, train + val) with 5 photos enrolled per person and 5 random draws;
    the face_recognition samples (obama, biden) are strangers in every fold. A RETRY (another
    frame asked for) counts as a refusal: these are single photos.
    """
    with tempfile.TemporaryDirectory() as tmp:
        options = FaceEngineOptions.preset(embedder, keep_clusters=False)
        engine = FaceEngine(models, Path(tmp), options)
        faces = []
        celebrity = models / mf.CELEBRITY_FACES
        for split in ("train", "val"):
            for person in sorted((celebrity / split).iterdir()):
                for photo in photos(person):
                    face = engine.labelled_face(photo.read_bytes(), person.name)
                    if face is not None:
                        faces.append(face)
        samples = models / mf.SAMPLE_FACES
        strangers = [
            face
            for name in ("obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg")
            # labelled by who they are: a stranger's second frame is another photo of them
            if (face := engine.labelled_face((samples / name).read_bytes(), name[:5]))
        ]
    result = open_set_folds(faces, options.policy, enrol=5, seeds=range(5), strangers=strangers)
    print(
        f"# open-set faces ({embedder}): {len(faces)} photos of "
        f"{len({f.person for f in faces})} people, {result.folds} folds; "
        f"{result.stranger_probes} stranger probes, {result.resident_probes} resident probes; "
        f"most similar stranger {result.worst_stranger_similarity:.3f}",
        flush=True,
    )
    bench("face_false_accept_pct", result.false_accept_pct)
    bench("face_false_reject_pct", result.false_reject_pct)
    bench("face_retry_pct", 100.0 * result.resident_retry / max(result.resident_probes, 1))
    bench("face_misidentified_pct", result.misidentified_pct)
    bench("face_stranger_probes", result.stranger_probes)
    # the retry path: a RETRY answered with a second frame (another photo of the same person)
    bench("face_false_accept_pct_two_frames", result.false_accept_two_frames_pct)
    bench("face_false_reject_pct_two_frames", result.false_reject_two_frames_pct)


def bench_voice(models: Path) -> None:
    """GE2E voiceprints on real recorded speech: AMI meeting excerpts with speaker turns."""
    from custom_components.smart_community.core.recognition.voice.engine import (  # noqa: PLC0415
        VoiceEngine,
    )
    from custom_components.smart_community.core.recognition.voice.evaluation import (  # noqa: PLC0415
        equal_error_rate,
        turn_utterances,
        verification_trials,
    )

    utterances = turn_utterances(models / mf.VOICE_SAMPLES, seconds=2.0)
    with tempfile.TemporaryDirectory() as tmp:
        engine = VoiceEngine(models, Path(tmp))
        engine.embed(utterances[0][1], 0.0)  # warm-up (weights loaded)
        times: list[float] = []
        vectors = []
        for _, audio in utterances:
            started = time.perf_counter()
            vectors.append(engine.embed(audio, 0.0)[0])
            times.append((time.perf_counter() - started) * 1000.0)
    speakers = [speaker for speaker, _ in utterances]
    target, non_target = verification_trials(np.stack(vectors), speakers)
    eer, threshold = equal_error_rate(target, non_target)
    seconds = sum(audio.seconds for _, audio in utterances) / len(utterances)
    print(
        f"# voice: {len(utterances)} utterances (mean {seconds:.1f} s) of {len(set(speakers))} "
        f"speakers, {len(target)} target / {len(non_target)} non-target trials; "
        f"EER threshold {threshold:.3f}",
        flush=True,
    )
    bench("voice_eer_pct", 100.0 * eer)
    p50, p95 = percentiles(times)
    bench("voice_embed_p50_ms", p50)
    bench("voice_embed_p95_ms", p95)


def bench_plates(models: Path) -> None:
    engine = PlateEngine(models)
    rng = random.Random(2026)
    for label, size, widths in (("", (640, 480), (150, 260)), ("_720p", (1280, 720), (200, 320))):
        scenes = []
        for _ in range(60):
            text, colour = random_plate(rng)
            scene = render_scene(rng, text, colour, size=size, plate_width=widths)
            scenes.append((text, colour, jpeg(scene.image)))
        engine.read(scenes[0][2])  # warm-up
        times: list[float] = []
        exact = colours = 0
        for text, colour, data in scenes:
            started = time.perf_counter()
            read = engine.read(data)
            times.append((time.perf_counter() - started) * 1000.0)
            exact += read is not None and read.plate == text
            colours += read is not None and read.colour == colour
        p50, p95 = percentiles(times)
        bench(f"plate_read_p50_ms{label}", p50)
        bench(f"plate_read_p95_ms{label}", p95)
        bench(f"plate_exact_single_frame_pct{label}", 100.0 * exact / len(scenes))
        bench(f"plate_colour_pct{label}", 100.0 * colours / len(scenes))

    passes = voted_exact = 0
    frame_exact = frames = 0
    for _ in range(30):
        text, colour = random_plate(rng)
        reads = []
        for _ in range(3):
            scene = render_scene(rng, text, colour, plate_width=(90, 200), blur=1.5, noise=12.0)
            read = engine.read(jpeg(scene.image, quality=70))
            frames += 1
            frame_exact += read is not None and read.plate == text
            if read is not None:
                reads.append(read)
        passes += 1
        voted_exact += bool(reads) and vote(reads).plate == text
    bench("plate_exact_hard_single_frame_pct", 100.0 * frame_exact / frames)
    bench("plate_exact_hard_voted_3_frames_pct", 100.0 * voted_exact / passes)


# --- plates as gate cameras see them, and on real photos ----------------------------------


def _two_row_text(rng: random.Random) -> str:
    serial = "".join(rng.choices(DIGITS, k=3)) + rng.choice(LETTERS + DIGITS)
    return rng.choice(PROVINCES) + rng.choice(LETTERS) + serial + rng.choice(DIGITS + "挂")


def bench_plates_gate(models: Path) -> None:
    """Rendered gate pictures: small plates at 400 x 300, night frames, two-row plates."""
    engine = PlateEngine(models)
    rng = random.Random(1515)
    cases: dict[str, list[tuple[str, bytes]]] = {"small_400": [], "night": [], "two_row": []}
    for _ in range(40):
        text, colour = random_plate(rng)
        scene = render_scene(rng, text, colour, size=(400, 300), plate_width=(60, 100))
        cases["small_400"].append((text, jpeg(scene.image, 80)))
        text, colour = random_plate(rng)
        scene = render_scene(rng, text, colour, size=(640, 480), plate_width=(110, 200))
        dark = ImageEnhance.Brightness(scene.image).enhance(rng.uniform(0.2, 0.4))
        cases["night"].append((text, jpeg(dark, 80)))
        text = _two_row_text(rng)
        scene = render_scene(
            rng, text, "yellow", size=(640, 480), plate_width=(110, 180), two_row=True
        )
        cases["two_row"].append((text, jpeg(scene.image, 80)))
    engine.read(cases["small_400"][0][1])  # warm-up
    for name, items in cases.items():
        times: list[float] = []
        exact = found = sure_wrong = 0
        for text, data in items:
            started = time.perf_counter()
            read = engine.read(data)
            times.append((time.perf_counter() - started) * 1000.0)
            found += read is not None
            exact += read is not None and read.plate == text
            sure_wrong += read is not None and read.plate != text and read.certain
        bench(f"plate_exact_{name}_pct", 100.0 * exact / len(items))
        bench(f"plate_found_{name}_pct", 100.0 * found / len(items))
        bench(f"plate_certain_wrong_{name}_pct", 100.0 * sure_wrong / len(items))
        bench(f"plate_read_p95_ms_{name}", percentiles(times)[1])


def real_plate_sets(given: list[Path]) -> list[Path]:
    env = os.environ.get("SC_PLATES_REAL", "")
    return given + [Path(p) for p in env.split(os.pathsep) if p]


def bench_plates_real(models: Path, sets: list[Path]) -> None:
    """Single real photos: the foreign negatives, and the real Chinese sets given."""
    engine = PlateEngine(models)
    foreign = sorted((models / mf.FOREIGN_PLATES).rglob("*.png"))
    times: list[float] = []
    certain = 0
    for image in foreign:
        data = image.read_bytes()
        started = time.perf_counter()
        read = engine.read(data)
        times.append((time.perf_counter() - started) * 1000.0)
        certain += read is not None and read.certain
    print(f"# plates: {len(foreign)} real photos of foreign plates (negatives)", flush=True)
    bench("plate_real_foreign_certain_read_pct", 100.0 * certain / max(len(foreign), 1))
    bench("plate_real_foreign_read_p95_ms", percentiles(times)[1])
    if not sets:
        print("# plate_real_*: no real Chinese plate set given (--plates-real PATH)", flush=True)
        return
    photos = [photo for source in sets for photo in labelled_photos(source)]
    results = []
    for photo in photos:
        data = photo.path.read_bytes()
        started = time.perf_counter()
        read = engine.read(data)
        results.append((photo, read, (time.perf_counter() - started) * 1000.0))
    for split in ("", "_held_out"):
        chosen = [r for r in results if not split or r[0].split == "held_out"]
        plated = [r for r in chosen if r[0].plate is not None]
        if not plated:
            continue
        exact = sum(r[1] is not None and r[1].plate == r[0].plate for r in plated)
        found = sum(r[1] is not None for r in plated)
        wrong = sum(r[1] is not None and r[1].plate != r[0].plate and r[1].certain for r in plated)
        doubt = sum(r[1] is not None and not r[1].certain for r in plated)
        print(f"# plates{split}: {len(plated)} real photos with a Chinese plate", flush=True)
        bench(f"plate_real_exact_pct{split}", 100.0 * exact / len(plated))
        bench(f"plate_real_found_pct{split}", 100.0 * found / len(plated))
        bench(f"plate_real_certain_wrong_pct{split}", 100.0 * wrong / len(plated))
        bench(f"plate_real_uncertain_pct{split}", 100.0 * doubt / len(plated))
        p50, p95 = percentiles([r[2] for r in chosen])
        bench(f"plate_real_read_p50_ms{split}", p50)
        bench(f"plate_real_read_p95_ms{split}", p95)
    for photo, read, _ in results:
        if read is None or read.plate != photo.plate:
            got = f"{read.plate} uncertain={list(read.uncertain)}" if read else "nothing"
            print(f"# plate miss {photo.path.name}: {photo.plate} -> {got}", flush=True)


# --- end plates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", choices=["sface", "facenet"], default="sface")
    parser.add_argument("--faces-only", action="store_true", help="skip the plate benchmarks")
    parser.add_argument("--no-voice", action="store_true", help="skip the voice benchmark")
    parser.add_argument("--plates-only", action="store_true", help="skip the face benchmarks")
    parser.add_argument(
        "--plates-real",
        type=Path,
        action="append",
        default=[],
        help="a real Chinese plate set: folder of photos named by plate, or file,plate CSV",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    # latencies depend on what else runs on the box: say how busy it was
    print(f"# load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    models = mf.default_models_dir()
    prepare(models)
    if not args.faces_only:
        bench_plates(models)
        bench_plates_gate(models)
        bench_plates_real(models, real_plate_sets(args.plates_real))
    if not args.plates_only:
        bench_faces_open_set(models, args.embedder)
        bench_faces(models, models / mf.CELEBRITY_FACES, args.embedder)
    if not args.no_voice and not args.plates_only:
        bench_voice(models)
    print(f"# load average at end: {os.getloadavg()[0]:.1f}", flush=True)
    print(f"# recognition benchmark took {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
