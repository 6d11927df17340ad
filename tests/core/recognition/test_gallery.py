"""The memory-mapped gallery and the anonymous clusters (synthetic unit vectors)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from custom_components.smart_community.core.recognition.faces.clusters import ClusterStore
from custom_components.smart_community.core.recognition.faces.gallery import Gallery

DIM = 16


def _unit(rng: np.random.Generator, n: int = 1) -> NDArray[np.float32]:
    v = rng.normal(size=(n, DIM)).astype(np.float32)
    unit: NDArray[np.float32] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return unit


def _near(
    v: NDArray[np.float32], rng: np.random.Generator, noise: float = 0.1
) -> NDArray[np.float32]:
    w = v + rng.normal(scale=noise, size=v.shape).astype(np.float32)
    near: NDArray[np.float32] = (w / np.linalg.norm(w, axis=-1, keepdims=True)).astype(np.float32)
    return near


def test_search_returns_best_person_and_margin(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    gallery = Gallery(tmp_path, DIM)
    people = {f"p{i}": _unit(rng)[0] for i in range(50)}
    for pid, v in people.items():
        gallery.add(pid, np.stack([_near(v, rng), _near(v, rng)]))
    hit = gallery.search(_near(people["p7"], rng))
    assert hit.person_id == "p7"
    assert hit.second_person_id not in (None, "p7")
    assert hit.margin > 0.3


def test_gallery_persists_and_appends(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    Gallery(tmp_path, DIM).add("a", _unit(rng, 3))
    reopened = Gallery(tmp_path, DIM)
    reopened.add("b", _unit(rng, 2))
    assert len(Gallery(tmp_path, DIM)) == 5
    assert (tmp_path / "embeddings.f32").stat().st_size == 5 * DIM * 4


def test_remove_drops_every_row_of_the_person(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    gallery = Gallery(tmp_path, DIM)
    a, b = _unit(rng, 2)
    gallery.add("a", np.stack([a, a]))
    gallery.add("b", b[None])
    assert gallery.remove("a") == 2
    assert gallery.people == {"b"}
    assert gallery.search(a).person_id == "b"
    assert len(Gallery(tmp_path, DIM)) == 1


def test_dimension_mismatch_is_refused(tmp_path: Path) -> None:
    Gallery(tmp_path, DIM)
    with pytest.raises(ValueError):
        Gallery(tmp_path, DIM * 2)


def test_empty_gallery_finds_nobody(tmp_path: Path) -> None:
    assert Gallery(tmp_path, DIM).search(_unit(np.random.default_rng(3))[0]).person_id is None


def test_second_best_is_another_person_even_with_many_photos(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    gallery = Gallery(tmp_path, DIM)
    a, b = _unit(rng, 2)
    gallery.add("a", np.stack([_near(a, rng, 0.01) for _ in range(100)]))
    gallery.add("b", b[None])
    hit = gallery.search(a)
    assert (hit.person_id, hit.second_person_id) == ("a", "b")


def test_unknown_faces_form_incremental_clusters(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    store = ClusterStore(tmp_path, DIM, threshold=0.8)
    x, y = _unit(rng, 2)
    first = store.assign(_near(x, rng, 0.05))
    assert store.assign(_near(x, rng, 0.05)) == first
    other = store.assign(_near(y, rng, 0.05))
    assert other != first
    assert first.startswith("anon-")
    assert store.sightings(first) == 2
    reopened = ClusterStore(tmp_path, DIM, threshold=0.8)
    assert reopened.assign(_near(x, rng, 0.05)) == first
    assert reopened.pop(first).shape == (3, DIM)
    assert len(reopened) == 1


def test_bulk_extend_needs_one_id_per_row(tmp_path: Path) -> None:
    rng = np.random.default_rng(6)
    gallery = Gallery(tmp_path, DIM)
    gallery.extend(["a", "b", "a"], _unit(rng, 3))
    assert len(gallery) == 3
    assert gallery.embeddings_of("a").shape == (2, DIM)
    with pytest.raises(ValueError):
        gallery.extend(["a"], _unit(rng, 2))
