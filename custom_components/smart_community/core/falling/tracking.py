"""Tracking small blobs from frame to frame: nearest predicted neighbour, gated, greedy.

A track predicts its next position from its recent points (x at constant velocity, y at
constant acceleration once it has enough points). Detections are given to tracks in order of
distance to the prediction, inside a gate that grows with the track's speed and, for a young
track, leans downward (a released object starts slow and speeds up downward). Tracks that miss
``max_misses`` frames in a row end; ended tracks go to the trajectory test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .blobs import Blobs

type F64 = NDArray[np.float64]


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackingOptions:
    max_misses: int = 4
    young_gate_px: float = 2.5  # around a one-point track, plus the downward lean
    young_drop_px: float = 7.0  # how far down a one-point track may jump
    gate_px: float = 1.6
    gate_speed_share: float = 0.5
    max_strength_ratio: float = 3.0
    polarity_frames: int = 3  # a track whose last points all had one polarity keeps it
    max_tracks: int = 400
    max_points: int = 300  # a track longer than this (12 s) ends


@dataclass(slots=True)
class Track:
    ident: int
    t: list[float] = field(default_factory=list)
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)
    area: list[int] = field(default_factory=list)
    signs: list[int] = field(default_factory=list)
    strength: float = 0.0  # running level of the blob's summed |difference|
    misses: int = 0
    # where the pieces of a chain of tracks (one fall lost and found again) begin, after the first
    joins: tuple[int, ...] = ()

    def tail(self, start: int) -> Track:
        """The track from point ``start`` on (a chain without its earliest pieces)."""
        return Track(
            self.ident,
            self.t[start:],
            self.x[start:],
            self.y[start:],
            self.area[start:],
            self.signs[start:],
            self.strength,
            joins=tuple(j - start for j in self.joins if j > start),
        )

    def without_stray_head(
        self, frame_s: float, *, most: int = 2, gap_frames: float = 2.5
    ) -> Track:
        """The track without a head of at most ``most`` points that waited ``gap_frames`` frames
        or more for the next one: a young track's gate widens with each frame it waits, so
        what it took then may be an object passing by while its own first point was noise."""
        for i in range(1, min(most, len(self.t) - 1) + 1):
            if self.t[i] - self.t[i - 1] >= gap_frames * frame_s:
                return self.tail(i)
        return self

    def add(self, t: float, x: float, y: float, area: int, sign: int, *, strength: float) -> None:
        self.strength = strength if not self.t else 0.7 * self.strength + 0.3 * strength
        self.t.append(t)
        self.signs.append(sign)
        self.x.append(x)
        self.y.append(y)
        self.area.append(area)
        self.misses = 0

    def __len__(self) -> int:
        return len(self.t)

    @property
    def steadiness(self) -> float:
        """Share of the points with the track's usual polarity (an object keeps its look)."""
        plus = sum(1 for s in self.signs if s > 0)
        return max(plus, len(self.signs) - plus) / max(len(self.signs), 1)

    def predict(self, t: float) -> tuple[float, float, float]:
        """Predicted (x, y) at time t and the distance moved since the last point (finite
        differences over the last points: cheap enough for hundreds of tracks a frame)."""
        n = len(self.t)
        if n == 1:
            return self.x[0], self.y[0], 0.0
        dt = t - self.t[-1]
        i = max(n - 3, 0)
        span = self.t[-1] - self.t[i] or 1e-3
        vx = (self.x[-1] - self.x[i]) / span
        vy = (self.y[-1] - self.y[i]) / span
        ay = 0.0
        if n >= 5:
            j = n - 5
            early = (self.y[j + 2] - self.y[j]) / ((self.t[j + 2] - self.t[j]) or 1e-3)
            ay = (vy - early) / (
                ((self.t[-1] + self.t[i]) - (self.t[j + 2] + self.t[j])) / 2 or 1e-3
            )
            vy += ay * span / 2  # the mean velocity was at the middle of the span
        px = self.x[-1] + vx * dt
        py = self.y[-1] + vy * dt + 0.5 * ay * dt * dt
        return px, py, float(np.hypot(vx, vy)) * dt


class Tracker:
    def __init__(self, options: TrackingOptions | None = None) -> None:
        self.options = options or TrackingOptions()
        self.active: list[Track] = []
        self._next = 0

    def reset(self) -> list[Track]:
        ended, self.active = self.active, []
        return ended

    def update(self, t: float, blobs: Blobs) -> list[Track]:
        """Feed one frame's blobs; returns the tracks that ended."""
        o = self.options
        used = np.zeros(len(blobs), bool)
        taken = np.zeros(len(self.active), bool)
        if self.active and len(blobs):
            n = len(self.active)
            px = np.empty(n)
            py = np.empty(n)
            gate = np.empty(n)
            young = np.array([len(tr) == 1 for tr in self.active])
            misses = np.array([tr.misses for tr in self.active], np.float64)
            lengths = np.array([len(tr) for tr in self.active], np.float64)
            for i, track in enumerate(self.active):
                if young[i]:
                    px[i], py[i] = track.x[0], track.y[0]
                    gate[i] = 0.0
                else:
                    px[i], py[i], step = track.predict(t)
                    gate[i] = o.gate_px * (1 + 0.5 * track.misses) + o.gate_speed_share * step
            dx = blobs.x[None, :] - px[:, None]
            dy = blobs.y[None, :] - py[:, None]
            gaps = (misses + 1)[:, None]
            young_inside = (
                (np.abs(dx) <= o.young_gate_px * gaps)
                & (dy >= -o.young_gate_px * gaps)
                & (dy <= (o.young_gate_px + o.young_drop_px) * gaps)
            )
            distance = np.where(
                young[:, None], np.hypot(dx, np.maximum(dy - 1.0, 0.0)), np.hypot(dx, dy)
            )
            inside = np.where(young[:, None], young_inside, distance <= gate[:, None])
            # An object keeps its look from frame to frame; raindrops and codec blocks that
            # happen to line up do not.
            level = np.array([tr.strength for tr in self.active])
            ratio = blobs.strength[None, :] / np.maximum(level[:, None], 1e-6)
            inside &= (ratio <= o.max_strength_ratio) & (ratio >= 1 / o.max_strength_ratio)
            # Nor does it turn from darker to brighter than the background from one frame to
            # the next while it keeps one look: the blob of the other polarity beside it is
            # the ghost it left where it lingered (an apex absorbed into the background), a
            # window edge or noise. (An object that does change against a changing background
            # ends its track, and the pieces are stitched.)
            look = np.array([_look(tr, o.polarity_frames) for tr in self.active], np.int8)
            inside &= (look[:, None] == 0) | (blobs.polarity[None, :] == look[:, None])
            ti, bi = np.nonzero(inside)
            if len(ti):
                # longer tracks first at equal distance: they are better predicted
                cost = distance[ti, bi] - 0.01 * np.minimum(lengths[ti], 50)
                for k in np.argsort(cost, kind="stable"):
                    a, b = int(ti[k]), int(bi[k])
                    if taken[a] or used[b]:
                        continue
                    taken[a] = used[b] = True
                    track = self.active[a]
                    track.add(
                        t,
                        float(blobs.x[b]),
                        float(blobs.y[b]),
                        int(blobs.area[b]),
                        int(blobs.polarity[b]),
                        strength=float(blobs.strength[b]),
                    )
        for i, track in enumerate(self.active):
            if not taken[i]:
                track.misses += 1
        ended = [tr for tr in self.active if tr.misses > o.max_misses or len(tr) >= o.max_points]
        self.active = [
            tr for tr in self.active if tr.misses <= o.max_misses and len(tr) < o.max_points
        ]
        for b in np.flatnonzero(~used):
            if len(self.active) >= o.max_tracks:
                break
            track = Track(self._next)
            self._next += 1
            track.add(
                t,
                float(blobs.x[b]),
                float(blobs.y[b]),
                int(blobs.area[b]),
                int(blobs.polarity[b]),
                strength=float(blobs.strength[b]),
            )
            self.active.append(track)
        return ended


def _look(track: Track, frames: int) -> int:
    """The polarity of the track's last ``frames`` points when they all share one, else 0."""
    if len(track.signs) < frames:
        return 0
    last = track.signs[-frames:]
    return last[0] if all(sign == last[0] for sign in last) else 0
