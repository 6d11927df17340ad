"""Terminal recognition with the project's face engine, for the demo: an enrolled photo
must contain one face, and a shown face matches the enrolled face most similar to it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from custom_components.smart_community.core.recognition import model_files as mf
from custom_components.smart_community.core.recognition.faces.engine import FaceEngine

from .library import FaceCheck, Matcher

THRESHOLD = 0.36  # the engine's own match threshold (SFace)


def engine_checks(models_dir: str | None = None) -> tuple[Matcher, FaceCheck]:
    """``(matcher, face_check)`` backed by one lazily loaded engine."""
    lock = threading.Lock()
    holder: dict[str, FaceEngine] = {}
    cache: dict[bytes, np.ndarray | None] = {}

    def engine() -> FaceEngine:
        with lock:
            if "engine" not in holder:
                root = mf.default_models_dir() if models_dir is None else Path(models_dir)
                holder["engine"] = FaceEngine(root, root / "terminal-simulator-unused")
            return holder["engine"]

    def embed(picture: bytes) -> np.ndarray | None:
        if picture not in cache:
            cache[picture] = engine().embed_single(picture)[0]
        return cache[picture]

    def check(picture: bytes) -> str | None:
        embedding, reason, _ = engine().embed_single(picture)
        return None if embedding is not None else reason

    def match(probe: bytes, faces: dict[str, bytes]) -> tuple[str | None, float]:
        wanted = embed(probe)
        if wanted is None:
            return None, 0.0
        best: tuple[str | None, float] = (None, 0.0)
        for user_id, picture in faces.items():
            enrolled = embed(picture)
            if enrolled is not None and (score := float(np.dot(wanted, enrolled))) > best[1]:
                best = (user_id, score)
        return best if best[1] >= THRESHOLD else (None, best[1])

    checker: Callable[[bytes], str | None] = check
    return match, checker
