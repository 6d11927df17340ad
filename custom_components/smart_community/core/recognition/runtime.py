"""onnxruntime sessions: two intra-op threads, no spinning, opened lazily, shared by threads."""

from __future__ import annotations

import threading
from pathlib import Path

import onnxruntime as ort

INTRA_OP_THREADS = 2


def open_session(path: Path, threads: int = INTRA_OP_THREADS) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    # No busy-waiting between ops: on a shared 2-core HA host spinning threads steal the CPU
    # that the other thread (and HA) need; measured under load: FaceNet 96 -> 32 ms p50.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


class LazySession:
    """A session opened on first use; ``InferenceSession.run`` is itself thread-safe."""

    def __init__(self, path: Path, threads: int = INTRA_OP_THREADS) -> None:
        self._path = path
        self._threads = threads
        self._session: ort.InferenceSession | None = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._path

    def get(self) -> ort.InferenceSession:
        if self._session is None:
            with self._lock:
                if self._session is None:
                    self._session = open_session(self._path, self._threads)
        return self._session
