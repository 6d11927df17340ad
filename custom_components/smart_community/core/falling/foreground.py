"""Foreground extraction on small grey frames, robust to noise, weather and lights.

The frames are already reduced (about 4x4 camera pixels per analysis pixel, an area average
made by the decoder's scaler): a small thrown object becomes one bright or dark analysis pixel
with the noise averaged down, which is the matched filter for objects of 4-8 camera pixels.

Per pixel the model keeps a background level (exponential average of the frames in which the
pixel was not foreground) and a deviation level (exponential average of the absolute
difference, everywhere). A pixel is foreground when its difference exceeds ``k`` deviations
and an absolute floor. That gives each pixel its own threshold: swaying trees, rain and the
flicker of a television raise their pixels' deviation and stop firing, while still sky and
wall keep a low threshold. Foreground that stays put (a window light switched on, a parked
object) is absorbed into the background after ``absorb_frames``. A frame whose foreground
covers a large share of the picture (a camera knock, an exposure or day/night switch) resets
the background to that frame and reports itself as disturbed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

type F32 = NDArray[np.float32]
type Mask = NDArray[np.bool_]


@dataclass(frozen=True, slots=True, kw_only=True)
class ForegroundOptions:
    k: float = 5.0  # median absolute deviations (3.4 sigma of Gaussian noise)
    floor: float = 4.0  # grey levels, the least difference that counts
    background_rate: float = 0.05  # per frame (about 0.8 s at 25 fps)
    deviation_rate: float = 0.03  # relative step per frame
    absorb_frames: int = 8  # foreground that stays this long becomes background
    disturbed_share: float = 0.06  # of the picture: a global change
    warmup_frames: int = 25


@dataclass(slots=True)
class Foreground:
    difference: F32  # frame - background (signed)
    score: F32  # |difference| / threshold
    mask: Mask
    disturbed: bool


class BackgroundModel:
    def __init__(self, options: ForegroundOptions | None = None) -> None:
        self.options = options or ForegroundOptions()
        self._background: F32 | None = None
        self._deviation: F32 | None = None
        self._age: NDArray[np.uint8] | None = None
        self.frames = 0

    @property
    def ready(self) -> bool:
        return self.frames > self.options.warmup_frames

    def reset(self) -> None:
        self._background = None
        self.frames = 0

    def update(self, frame: NDArray[np.uint8] | F32) -> Foreground:
        o = self.options
        image = frame.astype(np.float32)
        if self._background is None or self._background.shape != image.shape:
            self._background = image.copy()
            self._deviation = np.full(image.shape, o.floor / o.k, np.float32)
            self._age = np.zeros(image.shape, np.uint8)
            self.frames = 0
        background, deviation, age = self._background, self._deviation, self._age
        assert deviation is not None and age is not None
        self.frames += 1
        difference = image - background
        magnitude = np.abs(difference)
        threshold = np.maximum(deviation * o.k, o.floor)
        score = magnitude / threshold
        mask = score > 1.0
        warming = self.frames <= o.warmup_frames
        share = float(np.count_nonzero(mask)) / mask.size
        disturbed = share > o.disturbed_share
        # The deviation tracks the median of |difference| with multiplicative steps: one
        # outlier moves it by a few percent only, so an object lingering in place (a throw
        # near its apex) hardly raises its own threshold, while leaves that sway for seconds do.
        rate = 0.15 if warming else o.deviation_rate
        deviation *= np.where(magnitude > deviation, np.float32(1 + rate), np.float32(1 - rate))
        np.maximum(deviation, 0.05, out=deviation)
        if warming or disturbed:
            # Learn fast while warming up; after a global change start again from this frame.
            background += (0.3 if warming else 1.0) * difference
            age[:] = 0
            mask[:] = False
            return Foreground(difference, score, mask, True)
        # Background follows where nothing is in front of it; stale foreground is absorbed.
        np.add(age, 1, out=age, where=mask)
        age[~mask] = 0
        stale = age >= o.absorb_frames
        learn = np.where(mask, 0.0, o.background_rate).astype(np.float32)
        learn[stale] = 1.0
        background += learn * difference
        age[stale] = 0
        return Foreground(difference, score, mask, False)
