"""The GE2E speaker encoder of Resemblyzer, in numpy.

Network (Resemblyzer ``voice_encoder.py``): a 3-layer LSTM (hidden 256) over 40-band mel frames,
the last layer's final hidden state through a linear layer to 256 values, ReLU, L2 norm. An
utterance is cut into partial windows of 160 frames (1.6 s), 1.3 windows a second, the last
one kept when it is at least 75 % covered; the utterance embedding is the normalised mean of
the windows' embeddings. The weights are the ``pretrained.pt`` of the ``Resemblyzer`` wheel
(Apache-2.0), read with ``legacy_torch`` (no torch).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from . import legacy_torch
from .audio import HOP, SAMPLE_RATE, Samples, mel_spectrogram

PARTIAL_FRAMES = 160
PARTIALS_PER_SECOND = 1.3
MIN_COVERAGE = 0.75
LAYERS = 3
HIDDEN = 256

type VoiceEmbedding = NDArray[np.float32]


class VoiceModelError(ValueError):
    """The weights file is not the GE2E encoder."""


@dataclass(frozen=True, slots=True)
class _Layer:
    w_ih: NDArray[np.float32]  # 4H x in
    w_hh: NDArray[np.float32]  # 4H x H
    bias: NDArray[np.float32]  # 4H (b_ih + b_hh)


def partial_slices(samples: int) -> list[slice]:
    """Mel-frame ranges of the partial windows (Resemblyzer's ``compute_partial_slices``)."""
    frames = int(np.ceil((samples + 1) / HOP))
    step = int(np.round((SAMPLE_RATE / PARTIALS_PER_SECOND) / HOP))
    starts = range(0, max(1, frames - PARTIAL_FRAMES + step + 1), step)
    slices = [slice(i, i + PARTIAL_FRAMES) for i in starts]
    last = slices[-1]
    coverage = (samples - last.start * HOP) / (PARTIAL_FRAMES * HOP)
    if coverage < MIN_COVERAGE and len(slices) > 1:
        slices = slices[:-1]
    return slices


def _sigmoid(x: NDArray[np.float32]) -> NDArray[np.float32]:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * x)), dtype=np.float32)


class SpeakerEncoder:
    def __init__(self, weights: Path) -> None:
        self._path = weights
        self._lock = threading.Lock()
        self._layers: list[_Layer] | None = None
        self._linear: tuple[NDArray[np.float32], NDArray[np.float32]] | None = None

    def _load(self) -> tuple[list[_Layer], tuple[NDArray[np.float32], NDArray[np.float32]]]:
        if self._layers is None or self._linear is None:
            with self._lock:
                if self._layers is None or self._linear is None:
                    state = legacy_torch.load(self._path, only="model_state")
                    try:
                        layers = [
                            _Layer(
                                w_ih=np.asarray(state[f"lstm.weight_ih_l{i}"], np.float32),
                                w_hh=np.asarray(state[f"lstm.weight_hh_l{i}"], np.float32),
                                bias=np.asarray(
                                    state[f"lstm.bias_ih_l{i}"] + state[f"lstm.bias_hh_l{i}"],
                                    np.float32,
                                ),
                            )
                            for i in range(LAYERS)
                        ]
                        linear = (
                            np.asarray(state["linear.weight"], np.float32),
                            np.asarray(state["linear.bias"], np.float32),
                        )
                    except (KeyError, TypeError) as err:
                        raise VoiceModelError(f"{self._path}: not the GE2E encoder") from err
                    if layers[0].w_ih.shape != (4 * HIDDEN, 40) or linear[0].shape != (256, 256):
                        raise VoiceModelError(f"{self._path}: unexpected GE2E shapes")
                    self._linear = linear
                    self._layers = layers
        assert self._layers is not None and self._linear is not None
        return self._layers, self._linear

    def embed_partials(self, mels: NDArray[np.float32]) -> NDArray[np.float32]:
        """batch x 160 x 40 mel windows -> batch x 256 unit embeddings.

        One window at a time: with a batch the recurrent product becomes a small matrix product
        that multi-threaded BLAS handles 10-100 times slower on a busy 2-core host than the
        vector product of a single window (measured: 480 steps of 8x256 @ 256x1024 took 2.2 s
        against 23 ms for one row).
        """
        return np.concatenate([self._run(mels[i : i + 1]) for i in range(len(mels))])

    def _run(self, mels: NDArray[np.float32]) -> NDArray[np.float32]:
        layers, (weight, bias) = self._load()
        batch, steps, _ = mels.shape
        x = mels.astype(np.float32)
        h = np.zeros((batch, HIDDEN), dtype=np.float32)
        for layer in layers:
            # the input projection of every time step at once; only h @ W_hh is sequential
            gates_in = x @ layer.w_ih.T + layer.bias
            h = np.zeros((batch, HIDDEN), dtype=np.float32)
            c = np.zeros((batch, HIDDEN), dtype=np.float32)
            outputs = np.empty((batch, steps, HIDDEN), dtype=np.float32)
            w_hh_t = np.ascontiguousarray(layer.w_hh.T)
            for t in range(steps):
                gates = gates_in[:, t] + h @ w_hh_t
                i = _sigmoid(gates[:, :HIDDEN])
                f = _sigmoid(gates[:, HIDDEN : 2 * HIDDEN])
                g = np.tanh(gates[:, 2 * HIDDEN : 3 * HIDDEN])
                o = _sigmoid(gates[:, 3 * HIDDEN :])
                c = f * c + i * g
                h = o * np.tanh(c)
                outputs[:, t] = h
            x = outputs
        raw = np.maximum(h @ weight.T + bias, 0.0)
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        return np.asarray(raw / np.where(norms > 0, norms, 1.0), dtype=np.float32)

    def embed(self, samples: Samples) -> VoiceEmbedding:
        """Unit embedding of one preprocessed 16 kHz utterance."""
        slices = partial_slices(len(samples))
        needed = slices[-1].stop * HOP
        if needed > len(samples):
            samples = np.pad(samples, (0, needed - len(samples)))
        mel = mel_spectrogram(samples)
        windows = np.stack([mel[s] for s in slices])
        partials = self.embed_partials(windows)
        mean = partials.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return np.asarray(mean / norm if norm > 0 else mean, dtype=np.float32)
