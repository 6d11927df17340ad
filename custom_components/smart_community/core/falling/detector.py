"""Throw detection on a stream of frames: foreground -> blobs -> tracks -> free-fall test.

``ThrowDetector(facade, width, height)`` is fed grey frames with their stream times; it returns
the throws whose tracks ended in that frame. Frames may come at the camera's resolution (they
are area-reduced here) or already at :attr:`ThrowDetector.analysis_size` (the video source asks
the decoder's scaler for that size, which is cheaper). Only the facade's neighbourhood is
analysed: the facade rectangle widened by a margin, down to the bottom of the picture.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .blobs import Blobs, find_blobs
from .facade import Facade, apply
from .foreground import BackgroundModel, ForegroundOptions
from .tracking import Track, Tracker, TrackingOptions
from .trajectory import FallFit, FallOptions, G, Rejection, evaluate

type U8 = NDArray[np.uint8]
type F64 = NDArray[np.float64]


@dataclass(frozen=True, slots=True, kw_only=True)
class DetectorOptions:
    analysis_height: int = 270  # rows of the reduced frame (1080p: 4x4 pixels each)
    roi_margin: float = 0.15  # of the facade's width, each side and above
    max_blob_area: int = 120  # reduced pixels: bigger changes are lights or people
    max_blob_side: int = 16
    max_blobs: int = 150  # per frame, strongest first
    min_single_score: float = 1.6  # a lone foreground pixel must beat the threshold by this
    duplicate_s: float = 1.5  # two fits of one fall (a broken track) are one throw
    stitch_gap_s: float = 1.2  # a track lost this long may still be joined to its rest
    stitch_overlap_s: float = 0.2  # or overlap it this long (two tracks on one object)
    max_chain_s: float = 5.0
    # a track tried again without a stray head keeps this many points at least
    min_trimmed_points: int = 8
    # A piece taken as the start of a fall must fall itself: over its span S (at most 1 s)
    # descend at least ``start_fall_share * g * S²`` less a pixel (0.15: 30 % of a drop
    # from rest, room for an object tossed up that spends part of the piece rising). When
    # a chain ends in a glimpse (fewer than ``min_trimmed_points``), the fall is seen mostly
    # in the piece before it, so that piece must show more of one (60 % of a drop from
    # rest, ``glimpse_start_fall_share``): a person moving on a balcony or a drifting leaf
    # for half a second, joined across a gap to a few frames of something falling, is
    # otherwise a parabola with its apex in the piece that does not fall.
    start_fall_share: float = 0.15
    glimpse_start_fall_share: float = 0.3
    # The release is where the fitted fall, extrapolated back, left the facade. A fall seen
    # for a moment far below its fitted release (a lone half-second glimpse of a dive,
    # extrapolated back more than a second) names a window from a guess: the release may lie
    # before the chain's first sighting (its earlier pieces count) by at most this many times
    # the time the chain was seen. True falls first seen late (a window of their own brightness, the
    # slow start lost in noise) were unseen for at most 1.3 times their seen span.
    max_unseen_share: float = 2.0
    foreground: ForegroundOptions = field(default_factory=ForegroundOptions)
    tracking: TrackingOptions = field(default_factory=TrackingOptions)
    fall: FallOptions = field(default_factory=FallOptions)


@dataclass(frozen=True, slots=True)
class Throw:
    """One detected throw, in stream seconds and camera pixels."""

    start_s: float  # when the object left the facade (the fitted release)
    end_s: float  # last sighting
    floor: int
    floor_low: int
    floor_high: int
    column: int
    origin_px: tuple[float, float]
    confidence: float
    acceleration_mps2: float
    trajectory: tuple[tuple[float, float, float], ...]  # (t, x, y)
    window_outline: tuple[tuple[float, float], ...]  # the origin cell in the image

    def as_json(self) -> dict[str, object]:
        return {
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "floor": self.floor,
            "floor_low": self.floor_low,
            "floor_high": self.floor_high,
            "column": self.column,
            "origin_px": [round(self.origin_px[0], 1), round(self.origin_px[1], 1)],
            "confidence": self.confidence,
        }


def analysis_size(width: int, height: int, rows: int) -> tuple[int, int]:
    """The reduced frame size for a camera picture: ``rows`` high at most, aspect kept."""
    if height <= rows:
        return width, height
    return max(1, round(width * rows / height)), rows


def _edges(n_in: int, n_out: int) -> NDArray[np.intp]:
    return np.floor(np.arange(n_out) * n_in / n_out).astype(np.intp)


def reduce_frame(frame: U8, width: int, height: int) -> U8:
    """Area-average a grey picture down to (width, height)."""
    h, w = frame.shape
    if (w, h) == (width, height):
        return frame
    if h % height == 0 and w % width == 0:
        fy, fx = h // height, w // width
        block = frame.reshape(height, fy, width, fx).astype(np.uint32).sum(axis=(1, 3))
        reduced: U8 = ((block + fy * fx // 2) // (fy * fx)).astype(np.uint8)
        return reduced
    rows = np.add.reduceat(frame.astype(np.uint32), _edges(h, height), axis=0)
    rows_n = np.diff(np.append(_edges(h, height), h))
    both = np.add.reduceat(rows, _edges(w, width), axis=1)
    cols_n = np.diff(np.append(_edges(w, width), w))
    averaged: U8 = (both / (rows_n[:, None] * cols_n[None, :])).round().astype(np.uint8)
    return averaged


class ThrowDetector:
    def __init__(
        self, facade: Facade, width: int, height: int, options: DetectorOptions | None = None
    ) -> None:
        self.options = options or DetectorOptions()
        self.width, self.height = width, height
        self.facade = facade.for_frame(width, height)
        self.analysis_size = analysis_size(width, height, self.options.analysis_height)
        aw, ah = self.analysis_size
        self.scale_x, self.scale_y = width / aw, height / ah
        x0, y0, x1, _ = self.facade.bounds()
        margin = self.options.roi_margin * (x1 - x0)
        self._roi = (
            max(math.floor((x0 - margin) / self.scale_x), 0),
            max(math.floor((y0 - margin) / self.scale_y), 0),
            min(math.ceil((x1 + margin) / self.scale_x), aw),
            ah,
        )
        if self._roi[0] >= self._roi[2] or self._roi[1] >= self._roi[3]:
            raise ValueError("the facade is outside the picture")
        self.background = BackgroundModel(self.options.foreground)
        self.tracker = Tracker(self.options.tracking)
        self.frames = 0
        self.disturbed_frames = 0
        self.repeated_frames = 0
        self._previous: U8 | None = None
        self.rejections: dict[str, int] = {}
        self._recent: list[Throw] = []
        # recently ended tracks, accepted or not, sorted by their last sighting (``_ends``)
        self._history: list[tuple[Track, bool]] = []
        self._ends: list[float] = []
        # each ended piece's path, by id(track), computed once
        self._models: dict[int, tuple[Track, tuple[float, F64, float] | None]] = {}
        self._to_facade = self.facade.image_to_facade
        self._last_t: float | None = None
        # diagnostics: called with each long enough track that failed the free-fall test
        self.on_rejected: Callable[[Track, Rejection], None] | None = None
        self._fps_estimate = 25.0

    @property
    def roi(self) -> tuple[int, int, int, int]:
        """The analysed region (x0, y0, x1, y1) in reduced-frame pixels."""
        return self._roi

    def process(self, frame: U8, t: float) -> list[Throw]:
        """Feed one grey frame (camera or analysis size) taken at stream time ``t``."""
        aw, ah = self.analysis_size
        if frame.shape != (ah, aw):
            if frame.shape != (self.height, self.width):
                raise ValueError(
                    f"frame is {frame.shape[1]}x{frame.shape[0]}, expected "
                    f"{self.width}x{self.height} or {aw}x{ah}"
                )
            frame = reduce_frame(frame, aw, ah)
        x0, y0, x1, y1 = self._roi
        region = frame[y0:y1, x0:x1]
        if self._previous is not None and np.array_equal(region, self._previous):
            # A repeated frame (a camera that streams faster than its sensor delivers at
            # night, or an encoder that repeats a picture) says nothing new: a falling object
            # would seem to stand still in it.
            self.repeated_frames += 1
            return []
        self._previous = region.copy()
        self.frames += 1
        if self._last_t is not None and t > self._last_t:
            # frame rate from the stream's own times (cameras drift from their nominal rate)
            self._fps_estimate += 0.05 * (1.0 / (t - self._last_t) - self._fps_estimate)
        self._last_t = t
        fg = self.background.update(region)
        if fg.disturbed:
            # A keyframe's new noise, a knock, an exposure change: the background starts
            # again from this frame and the tracks miss one frame (they may pick up again).
            self.disturbed_frames += 1
            if not self.background.ready:
                return []
            return self._finish(self.tracker.update(t, find_blobs(fg.mask, fg.difference)))
        blobs = find_blobs(
            fg.mask, fg.difference, score=fg.score, min_single_score=self.options.min_single_score
        )
        blobs = self._keep_small(blobs)
        blobs = self._refine(blobs, fg.difference)
        return self._finish(self.tracker.update(t, blobs))

    def flush(self) -> list[Throw]:
        """End of the stream: test the tracks still open."""
        return self._finish(self.tracker.reset())

    def _keep_small(self, blobs: Blobs) -> Blobs:
        o = self.options
        keep = (
            (blobs.area <= o.max_blob_area)
            & (blobs.width <= o.max_blob_side)
            & (blobs.height <= o.max_blob_side)
        )
        if keep.sum() > o.max_blobs:  # clutter: the strongest changes only, bounded cost
            strength = np.where(keep, blobs.strength, -1.0)
            keep &= strength >= np.partition(strength, -o.max_blobs)[-o.max_blobs]
        return blobs.select(keep)

    def _refine(self, blobs: Blobs, difference: NDArray[np.float32]) -> Blobs:
        """Sub-pixel centroids of small blobs from the 3x3 neighbourhood's differences."""
        if not len(blobs):
            return blobs
        h, w = difference.shape
        cx = np.clip(np.round(blobs.x).astype(np.intp), 1, w - 2)
        cy = np.clip(np.round(blobs.y).astype(np.intp), 1, h - 2)
        offsets = np.array([-1, 0, 1])
        ys = cy[:, None, None] + offsets[None, :, None]
        xs = cx[:, None, None] + offsets[None, None, :]
        patch = difference[ys, xs] * blobs.polarity[:, None, None]
        weight = np.maximum(patch - 0.25 * patch.max(axis=(1, 2), keepdims=True), 0.0)
        total = weight.sum(axis=(1, 2))
        ok = (total > 0) & (blobs.area <= 9)
        rx = np.where(ok, (weight * xs).sum(axis=(1, 2)) / np.maximum(total, 1e-9), blobs.x)
        ry = np.where(ok, (weight * ys).sum(axis=(1, 2)) / np.maximum(total, 1e-9), blobs.y)
        return Blobs(rx, ry, blobs.area, blobs.width, blobs.height, blobs.polarity, blobs.strength)

    def _finish(self, tracks: list[Track]) -> list[Throw]:
        throws: list[Throw] = []
        frame_s = 1.0 / self._fps_estimate
        for track in sorted(tracks, key=lambda tr: tr.t[0]):
            if len(track) < 3:
                continue
            tested = self._test(track)
            if tested is None:
                continue  # the rest of a fall already reported
            result, kept, chain = tested
            if isinstance(result, Rejection):
                # A track whose first point waited frames for its next may have begun on
                # noise beside a fall and taken the fall when it came back: without that head
                # it may be the fall, or the continuation of the fall's earlier piece. What is
                # left must be evidence of its own (a glimpse of a few frames joined to a
                # chain of pieces is not).
                trimmed = track.without_stray_head(frame_s)
                retried = (
                    self._test(trimmed)
                    if trimmed is not track and len(trimmed) >= self.options.min_trimmed_points
                    else None
                )
                if retried is not None and not isinstance(retried[0], Rejection):
                    result, kept, chain = retried
            accepted = not isinstance(result, Rejection)
            # A fall lost several times (windows of its own brightness one after the other)
            # comes in pieces: the history keeps the chain so far, for the next piece. The
            # earlier piece stays too: a short twin track (noise beside the object) may have
            # taken it first, and the real continuation still needs it.
            self._remember(kept if accepted else chain, accepted)
            if isinstance(result, Rejection):
                if result.kind:
                    self.rejections[result.kind] = self.rejections.get(result.kind, 0) + 1
                if self.on_rejected is not None and len(kept) >= self.options.fall.min_points:
                    self.on_rejected(kept, result)
                continue
            throw = self._throw(result)
            if self._duplicate(throw):
                continue
            throws.append(throw)
        return throws

    def _test(self, track: Track) -> tuple[FallFit | Rejection, Track, Track] | None:
        """The free-fall test of an ended track, alone or as the continuation of an earlier
        piece: (result, the track or chain tested last, the whole chain), or None when the
        track continues a fall already reported. ``track`` has 3 points at least."""
        # only a track going down can be the rest of a fall
        earlier = self._predecessor(track) if track.y[-1] - track.y[0] >= 1 else None
        if earlier is not None and earlier[1]:
            return None
        result = self._evaluate(track) if len(track) >= 6 else Rejection("")
        kept = chain = track
        if earlier is not None:
            chain = self._join(earlier[0], track)
            if isinstance(result, Rejection):
                result, kept = self._evaluate_chain(chain, result, track)
        if isinstance(result, FallFit):
            first_seen = min(chain.t[0], kept.t[0])
            unseen = first_seen - result.origin_s
            if unseen > self.options.max_unseen_share * (result.end_s - first_seen):
                result = Rejection("unseen", f"released {unseen:.2f} s before it was first seen")
        return result, kept, chain

    def _evaluate_chain(
        self, chain: Track, alone: Rejection, track: Track
    ) -> tuple[FallFit | Rejection, Track]:
        """The free-fall test of a chain of pieces; when the whole chain fails, of the chain
        without its earliest pieces (a piece of noise or of a window light, just above the
        fall and just before it, may have been taken as the fall's beginning). At most three
        tails: each is a test more that a distractor could pass."""
        stitched = self._evaluate(chain)
        if not isinstance(stitched, Rejection):
            return stitched, chain
        for start in chain.joins[:-1][:3]:
            tail = chain.tail(start)
            if len(tail) < self.options.fall.min_points:
                break
            fit = self._evaluate(tail)
            if not isinstance(fit, Rejection):
                return fit, tail
        return alone, track

    def _join(self, before: Track, after: Track) -> Track:
        """One track of two pieces of a fall (the earlier's points that overlap go), at most
        ``max_chain_s`` long (a fall in view lasts 4 s at most)."""
        keep = [i for i, t in enumerate(before.t) if t < after.t[0]]
        start = after.t[-1] - self.options.max_chain_s
        keep = [i for i in keep if before.t[i] >= start]
        first = keep[0] if keep else 0
        joins = [j - first for j in before.joins if first < j <= first + len(keep) - 1]
        joins += [len(keep)] + [len(keep) + j for j in after.joins]
        return Track(
            after.ident,
            [before.t[i] for i in keep] + after.t,
            [before.x[i] for i in keep] + after.x,
            [before.y[i] for i in keep] + after.y,
            [before.area[i] for i in keep] + after.area,
            [before.signs[i] for i in keep] + after.signs,
            after.strength,
            joins=tuple(j for j in joins if j > 0),
        )

    def _evaluate(self, track: Track) -> FallFit | Rejection:
        fall = self.options.fall
        if len(track) < fall.min_points:
            return Rejection("")
        frames_spanned = (track.t[-1] - track.t[0]) * self._fps_estimate + 1
        if len(track) < fall.min_density * frames_spanned:
            return Rejection("gaps")
        if track.steadiness < fall.min_steadiness:
            return Rejection("flicker")
        if self._glimpse_after_still_piece(track):
            return Rejection("glimpse", "a glimpse after a piece that does not fall")
        x0, y0, _, _ = self._roi
        t = np.array(track.t)
        x = (np.array(track.x) + x0 + 0.5) * self.scale_x - 0.5
        y = (np.array(track.y) + y0 + 0.5) * self.scale_y - 0.5
        return evaluate(self.facade, t, x, y, fall, pixel_scale=self.scale_y)

    def _predecessor(self, track: Track) -> tuple[Track, bool] | None:
        """A track that ended just before this one started, just above it: the same object
        lost for a moment (in front of a window of its own brightness, behind a branch)."""
        start = track.t[0]
        lo = bisect.bisect_left(self._ends, start - self.options.stitch_gap_s)
        hi = bisect.bisect_right(self._ends, start + self.options.stitch_overlap_s)
        best: tuple[tuple[bool, float, int], tuple[Track, bool]] | None = None
        for entry in self._history[lo:hi]:
            before = entry[0]
            gap = start - before.t[-1]
            if (
                abs(track.x[0] - before.x[-1]) > 3.0 + 40.0 * abs(gap)
                or track.y[0] < before.y[-1] - 3
            ):
                continue
            model = self._piece_model(before)
            if model is None:
                continue
            g_px, cx, vy = model
            # where the earlier track's own parabola puts the object at this track's start,
            # give or take what free fall (from 0.5 g to 1.5 g) adds over the gap
            dx = abs(track.x[0] - float(np.polyval(cx, gap)))
            dy = track.y[0] - (before.y[-1] + max(vy, 0.0) * gap + 0.5 * g_px * gap * abs(gap))
            slack = 3.0 + 0.5 * abs(vy * gap) + 0.25 * g_px * gap * gap
            if dx > slack or abs(dy) > 2 * slack:
                continue
            # an accepted fall first, then the closest, then the longest chain
            rank = (not entry[1], dx + abs(dy), -len(before))
            if best is None or rank < best[0]:
                best = (rank, entry)
        return None if best is None else best[1]

    def _remember(self, track: Track, accepted: bool) -> None:
        """Keep an ended piece (or chain) for the pieces that may continue it.

        Tracks end in the order of their last sighting, not of their start: a long track that
        started before a piece ended is handed over seconds after it. So pieces are kept by
        their last sighting for as long as a track that might continue them can still end (a
        fall in view lasts ``max_chain_s`` at most), whatever number of short tracks (rain,
        branches) end meanwhile, and looked up by time."""
        end = track.t[-1]
        at = bisect.bisect_right(self._ends, end)
        self._ends.insert(at, end)
        self._history.insert(at, (track, accepted))
        horizon = self._ends[-1] - self.options.stitch_gap_s - self.options.max_chain_s
        cut = bisect.bisect_left(self._ends, horizon)
        if cut:
            del self._ends[:cut], self._history[:cut]
        if len(self._models) > 2 * len(self._history) + 200:
            live = {id(h[0]) for h in self._history}
            self._models = {k: v for k, v in self._models.items() if k in live}

    def _piece_model(self, before: Track) -> tuple[float, F64, float] | None:
        """An ended piece's gravity in pixels, its sideways line and its vertical speed at
        its end (from its own parabola), or None when it stood still. Computed once per piece: in
        rain hundreds of tracks end a second, each asking the same pieces."""
        key = id(before)
        known = self._models.get(key)
        if known is not None and known[0] is before:  # an id is reused once its track is gone
            return known[1]
        model: tuple[float, F64, float] | None = None
        g_px = G * self._pixels_per_metre(before.x[-1], before.y[-1])
        # A fall does not stand still: a piece that barely moved for longer than an apex
        # lasts (the edge of a swaying tree, a light) is no part of one.
        if self._falls(before.t, before.y, g_px, self.options.start_fall_share):
            tb = np.array(before.t) - before.t[-1]
            cy = np.polyfit(tb, np.array(before.y), 2 if len(before) >= 6 else 1)
            cx = np.polyfit(tb, np.array(before.x), 1)
            model = (g_px, cx, float(np.polyval(np.polyder(cy), 0.0)))
        self._models[key] = (before, model)
        return model

    @staticmethod
    def _falls(t: Sequence[float], y: Sequence[float], g_px: float, share: float) -> bool:
        """Whether a piece (times, analysis-pixel rows) descends ``share * g * S²`` less a
        pixel over its span S (at most 1 s)."""
        span = min(t[-1] - t[0], 1.0)
        return y[-1] - y[0] >= share * g_px * span * span - 1.0

    def _glimpse_after_still_piece(self, track: Track) -> bool:
        """A chain that ends in a glimpse (fewer than ``min_trimmed_points``) whose piece before
        it does not fall enough to be the fall seen (``glimpse_start_fall_share``)."""
        if not track.joins or len(track) - track.joins[-1] >= self.options.min_trimmed_points:
            return False
        first = track.joins[-2] if len(track.joins) > 1 else 0
        last = track.joins[-1]
        g_px = G * self._pixels_per_metre(track.x[last - 1], track.y[last - 1])
        return not self._falls(
            track.t[first:last], track.y[first:last], g_px, self.options.glimpse_start_fall_share
        )

    def _pixels_per_metre(self, x: float, y: float) -> float:
        """Analysis pixels per metre of height on the facade at an analysis-frame point."""
        x0, y0, _, _ = self._roi
        cx = (x + x0 + 0.5) * self.scale_x - 0.5
        cy = (y + y0 + 0.5) * self.scale_y - 0.5
        near = apply(self._to_facade, np.array([cx, cx]), np.array([cy, cy + 1.0]))
        metres = abs(float(near[0, 1] - near[1, 1])) * self.facade.floor_height_m
        return 1.0 / max(metres * self.scale_y, 1e-6)

    def _throw(self, fit: FallFit) -> Throw:
        outline = tuple(self.facade.cell_outline(fit.floor, fit.column))
        return Throw(
            start_s=fit.origin_s,
            end_s=fit.end_s,
            floor=fit.floor,
            floor_low=fit.floor_low,
            floor_high=fit.floor_high,
            column=fit.column,
            origin_px=fit.origin_px,
            confidence=fit.confidence,
            acceleration_mps2=round(fit.acceleration, 2),
            trajectory=fit.points,
            window_outline=outline,
        )

    def _duplicate(self, throw: Throw) -> bool:
        """A broken track gives two fits of one fall: keep the first, drop the second."""
        window = self.options.duplicate_s
        self._recent = [r for r in self._recent if throw.end_s - r.end_s < 30.0]
        for earlier in self._recent:
            if (
                abs(earlier.start_s - throw.start_s) <= window
                and abs(earlier.floor - throw.floor) <= 1
                and abs(earlier.column - throw.column) <= 1
            ):
                return True
        self._recent.append(throw)
        return False
