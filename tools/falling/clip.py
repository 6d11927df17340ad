"""Render a falling-object clip with its ground truth, reproducibly from a seed.

``ClipSpec`` says what the clip holds (throws, sizes, distractors, night, rain, shake, noise);
``ClipRenderer(spec).frames()`` yields grey frames (uint8, the luma a camera would encode) and
``truth()`` the throws' release times, floors, columns and origins plus the facade calibration.
A clip can be rendered at any resolution: sizes are given in 1080p pixels and scale with it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray

from .actors import (
    Flyer,
    Insect,
    LightSwitch,
    Person,
    Throw,
    make_bird,
    make_insect,
    make_leaf,
    make_light_switches,
    make_throw,
)
from .scene import Scene, make_scene

type F32 = NDArray[np.float32]
MARGIN = 12  # canvas border for camera shake (pixels of the rendered size)


@dataclass(frozen=True, kw_only=True)
class ClipSpec:
    seed: int
    seconds: float = 10.0
    fps: float = 25.0
    width: int = 1920
    height: int = 1080
    night: bool | None = None  # None: drawn from the seed
    throws: int = 1
    size_px: tuple[float, float] = (6.0, 16.0)  # at 1080p
    drag: float = 0.5  # share of throws with air drag
    birds: int = 2
    leaves: int = 3
    insects: int = 1
    people: int = 1
    lights_per_minute: float = 6.0
    rain: float = 0.0  # 0 none … 1 heavy
    trees: int = 2
    shake_px: float = 0.5  # jitter amplitude at 1080p
    jolts: int = 0  # sudden camera knocks
    noise: float | None = None  # sensor noise sigma at 1080p; None: 2.5 by day, 6 at night

    @property
    def frames(self) -> int:
        return round(self.seconds * self.fps)


@dataclass(frozen=True)
class Tree:
    x: float
    y: float
    sprite: F32  # alpha
    texture: F32
    value: float
    amplitude: float
    hz: float
    phase: float


class ClipRenderer:
    def __init__(self, spec: ClipSpec) -> None:
        self.spec = spec
        rng = random.Random(spec.seed)
        self.rng = rng
        self.scale = spec.width / 1920.0
        self.scene: Scene = make_scene(rng, width=spec.width, height=spec.height, night=spec.night)
        self.base, self.cells = self.scene.background(MARGIN)
        self.throws: list[Throw] = []
        slot = spec.seconds / max(spec.throws, 1)
        for i in range(spec.throws):
            release = i * slot + rng.uniform(1.2, max(1.3, slot - 3.5))
            size = rng.uniform(*spec.size_px)
            self.throws.append(
                make_throw(rng, self.scene, release, size, drag=rng.random() < spec.drag)
            )
        self.flyers: list[Flyer] = [
            make_bird(rng, self.scene, spec.seconds) for _ in range(spec.birds)
        ]
        self.flyers += [make_leaf(rng, self.scene, spec.seconds) for _ in range(spec.leaves)]
        self.insects: list[Insect] = [
            make_insect(rng, spec.seconds, self.scene.night) for _ in range(spec.insects)
        ]
        for insect in self.insects:
            insect.prepare(spec.fps)
        b = self.scene.building
        self.people = [
            Person(
                floor=rng.randint(b.lowest_floor, b.floors_total),
                column=rng.randint(1, b.columns),
                value=rng.uniform(20, 90) if not self.scene.night else rng.uniform(10, 40),
                speed_mps=rng.uniform(0.1, 0.6),
                phase=rng.uniform(0, 6.28),
                start_s=rng.uniform(-5, spec.seconds / 2),
                end_s=spec.seconds + rng.uniform(-2, 5),
            )
            for _ in range(spec.people)
        ]
        self.switches: list[LightSwitch] = make_light_switches(
            rng, self.scene, spec.seconds, spec.lights_per_minute
        )
        self._cell_pixels = self._index_cells()
        self.trees = [self._make_tree() for _ in range(spec.trees)]
        self.noise_sigma = (
            spec.noise if spec.noise is not None else (6.0 if self.scene.night else 2.5)
        )
        nrng = np.random.default_rng(rng.randrange(1 << 30))
        h, w = spec.height + 32, spec.width + 32
        self._noise = [nrng.standard_normal((h, w), dtype=np.float32) for _ in range(4)]
        self._nrng = nrng
        self._shake = self._make_shake(nrng)

    # ---- set-up ---------------------------------------------------------------------------
    def _index_cells(self) -> dict[int, NDArray[np.intp]]:
        wanted = {s.cell for s in self.switches}
        flat = self.cells.reshape(-1)
        order = np.argsort(flat, kind="stable")
        sorted_cells = flat[order]
        out: dict[int, NDArray[np.intp]] = {}
        for cell in wanted:
            lo, hi = np.searchsorted(sorted_cells, [cell, cell + 1])
            out[cell] = order[lo:hi]
        return out

    def _make_tree(self) -> Tree:
        rng = self.rng
        spec = self.spec
        radius = rng.uniform(90, 260) * self.scale
        size = int(2 * radius) + 2
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
        d = np.hypot((xx - size / 2) / radius, (yy - size / 2) / (0.8 * radius))
        trng = np.random.default_rng(rng.randrange(1 << 30))
        lumps = np.kron(trng.uniform(0.6, 1.4, (size // 8 + 1, size // 8 + 1)), np.ones((8, 8)))[
            :size, :size
        ].astype(np.float32)
        alpha = np.clip((1.0 - d) * 4 * lumps, 0, 1).astype(np.float32)
        texture = trng.uniform(-1, 1, (size, size)).astype(np.float32)
        value = rng.uniform(8, 20) if self.scene.night else rng.uniform(50, 90)
        x = rng.uniform(0, spec.width) + MARGIN - size / 2
        y = spec.height - rng.uniform(0.1, 0.7) * radius + MARGIN - size / 2
        return Tree(
            x,
            y,
            alpha,
            texture,
            value,
            rng.uniform(2, 12) * self.scale,
            rng.uniform(0.2, 0.9),
            rng.uniform(0, 6.28),
        )

    def _make_shake(self, nrng: np.random.Generator) -> NDArray[np.float64]:
        n = self.spec.frames
        walk = np.cumsum(nrng.normal(0, 0.3, (n, 2)), axis=0)
        walk -= np.linspace(0, 1, n)[:, None] * walk[-1]  # no drift over the clip
        walk *= self.spec.shake_px / max(float(np.abs(walk).max()), 1e-6)
        for _ in range(self.spec.jolts):
            at = int(nrng.integers(0, n))
            kick = nrng.normal(0, 4, 2)
            length = int(nrng.integers(3, 10))
            walk[at : at + length] += kick * np.exp(-np.arange(min(length, n - at)) / 3)[:, None]
        return walk * self.scale

    # ---- drawing --------------------------------------------------------------------------
    def _blob(
        self,
        canvas: F32,
        samples: list[tuple[float, float]],
        diameter: float,
        value: float,
        squash: float = 1.0,
    ) -> None:
        """An object (disc) averaged over its positions during the exposure (motion blur)."""
        if not samples:
            return
        r = max(diameter / 2, 0.35)
        xs = np.array([s[0] for s in samples]) + MARGIN
        ys = np.array([s[1] for s in samples]) + MARGIN
        h, w = canvas.shape
        x0 = max(math.floor(xs.min() - r - 1), 0)
        x1 = min(math.ceil(xs.max() + r + 2), w)
        y0 = max(math.floor(ys.min() - r / squash - 1), 0)
        y1 = min(math.ceil(ys.max() + r / squash + 2), h)
        if x0 >= x1 or y0 >= y1:
            return
        gy, gx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        cover = np.zeros_like(gx)
        for x, y in zip(xs, ys, strict=True):
            dist = np.hypot(gx - x, (gy - y) * squash)
            cover += np.clip(r + 0.5 - dist, 0, 1)
        cover = np.clip(cover / len(samples), 0, 1)
        region = canvas[y0:y1, x0:x1]
        region += (value - region) * cover

    def _exposure(self) -> float:
        return 0.036 if self.scene.night else 0.006

    def _draw_world(
        self,
        canvas: F32,
        t: float,
        position_at: object,
        size_m: float,
        *,
        value: float,
        factor: float = 1.0,
    ) -> None:
        exposure = self._exposure()
        samples: list[tuple[float, float]] = []
        diameter = 0.0
        positions = []
        for k in range(6):
            p = position_at(t - exposure * k / 5)  # type: ignore[operator]
            if p is not None:
                positions.append(p)
        if not positions:
            return
        pts = np.array(positions)
        xs, ys, depth = self.scene.project(pts)
        if np.any(depth <= 0.5):
            return
        streak = math.hypot(xs[0] - xs[-1], ys[0] - ys[-1])
        n = int(min(max(2, streak / 1.0), 16))
        for k in range(n):
            f = k / max(n - 1, 1) * (len(xs) - 1)
            i = min(int(f), len(xs) - 2) if len(xs) > 1 else 0
            g = f - i
            if len(xs) == 1:
                samples.append((xs[0], ys[0]))
            else:
                samples.append((xs[i] * (1 - g) + xs[i + 1] * g, ys[i] * (1 - g) + ys[i + 1] * g))
        diameter = size_m * self.scene.camera.focal_px / float(depth[0]) * factor
        self._blob(canvas, samples, diameter, value)

    def _draw_rain(self, canvas: F32) -> None:
        spec = self.spec
        if spec.rain <= 0:
            return
        rng = self._nrng
        n = int(rng.poisson(1500 * spec.rain))
        if n == 0:
            return
        h, w = canvas.shape
        length = rng.uniform(12, 60, n) * self.scale
        angle = rng.normal(0.08, 0.05, n)
        x0 = rng.uniform(0, w, n)
        y0 = rng.uniform(-60 * self.scale, h, n)
        steps = np.arange(0, 60 * self.scale, 1.0)
        frac = steps[None, :] / np.maximum(length[:, None], 1)
        keep = frac <= 1
        px = (x0[:, None] + np.sin(angle)[:, None] * steps[None, :])[keep]
        py = (y0[:, None] + np.cos(angle)[:, None] * steps[None, :])[keep]
        inside = (px >= 0) & (px < w) & (py >= 0) & (py < h)
        # a streak is about one 1080p pixel wide: thinner (fainter) in a smaller picture
        bright = np.repeat(
            rng.uniform(6, 22, n).astype(np.float32) * min(self.scale, 1.0), keep.sum(axis=1)
        )[inside]
        canvas[py[inside].astype(np.intp), px[inside].astype(np.intp)] += bright

    def _draw_trees(self, canvas: F32, t: float) -> None:
        h, w = canvas.shape
        for tree in self.trees:
            dx = tree.amplitude * math.sin(2 * math.pi * tree.hz * t + tree.phase)
            dx += 0.4 * tree.amplitude * math.sin(2 * math.pi * 2.3 * tree.hz * t)
            x0 = round(tree.x + dx)
            y0 = round(tree.y)
            sh, sw = tree.sprite.shape
            cx0, cy0 = max(x0, 0), max(y0, 0)
            cx1, cy1 = min(x0 + sw, w), min(y0 + sh, h)
            if cx0 >= cx1 or cy0 >= cy1:
                continue
            alpha = tree.sprite[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0]
            shimmer = tree.texture[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0]
            value = tree.value * (1 + 0.25 * shimmer * math.sin(7 * t + tree.phase))
            region = canvas[cy0:cy1, cx0:cx1]
            region += (value - region) * alpha

    def frame_at(self, index: int) -> NDArray[np.uint8]:
        spec = self.spec
        t = index / spec.fps
        canvas = self.base.copy()
        for switch in self.switches:
            if switch.time_s <= t < switch.time_s + 1 / spec.fps:
                self.scene.glass.reshape(-1)[switch.cell] = switch.level
        for cell, pixels in self._cell_pixels.items():
            canvas.reshape(-1)[pixels] = self.scene.glass.reshape(-1)[cell] * 255.0
        for person in self.people:
            p = person.position(t, self.scene)
            if p is not None:
                x, y = self.scene.project_point(*p)
                ppm = self.scene.pixels_per_metre(*p)
                self._blob(canvas, [(x, y)], 0.55 * ppm, person.value, squash=0.45)
        for flyer in self.flyers:
            if flyer.start_s <= t <= flyer.end_s:
                self._draw_world(
                    canvas,
                    t,
                    flyer.position,
                    flyer.size_m,
                    value=flyer.value,
                    factor=flyer.size_factor(t),
                )
        for throw in self.throws:
            if throw.release_s <= t <= throw.end_s + 0.1:
                self._draw_world(canvas, t, throw.position, throw.physical_m, value=throw.value)
        self._draw_trees(canvas, t)
        for insect in self.insects:
            p = insect.position(t, spec.fps)
            if p is not None:
                samples = [(float(p[0]) * self.scale, float(p[1]) * self.scale)]
                self._blob(canvas, samples, insect.size_px * self.scale, insect.value)
        self._draw_rain(canvas)
        dx, dy = self._shake[min(index, len(self._shake) - 1)]
        ox = MARGIN + round(dx)
        oy = MARGIN + round(dy)
        ox = min(max(ox, 0), 2 * MARGIN)
        oy = min(max(oy, 0), 2 * MARGIN)
        view = canvas[oy : oy + spec.height, ox : ox + spec.width]
        noise = self._noise[index % len(self._noise)]
        nx, ny = (int(v) for v in self._nrng.integers(0, 32, 2))
        gain = 1.0 + 0.01 * math.sin(0.7 * t)
        out = view * gain + noise[ny : ny + spec.height, nx : nx + spec.width] * (
            self.noise_sigma * max(self.scale, 0.25) ** 0.5
        )
        return np.clip(out, 0, 255).astype(np.uint8)

    def frames(self) -> Iterator[NDArray[np.uint8]]:
        for index in range(self.spec.frames):
            yield self.frame_at(index)

    # ---- ground truth ---------------------------------------------------------------------
    def _tree_covers(self, x: float, y: float, t: float) -> bool:
        for tree in self.trees:
            dx = tree.amplitude * math.sin(2 * math.pi * tree.hz * t + tree.phase)
            dx += 0.4 * tree.amplitude * math.sin(2 * math.pi * 2.3 * tree.hz * t)
            col = round(x + MARGIN - tree.x - dx)
            row = round(y + MARGIN - tree.y)
            sh, sw = tree.sprite.shape
            if 0 <= row < sh and 0 <= col < sw and tree.sprite[row, col] > 0.5:
                return True
        return False

    def visibility(self, throw: Throw) -> tuple[float, float]:
        """Seconds the object is in the picture and not behind a tree, and how far it drops
        (metres) while it is: what any camera could see of it."""
        spec = self.spec
        seen = 0
        heights: list[float] = []
        t = throw.release_s
        while t <= throw.end_s:
            p = throw.position(t)
            if p is not None:
                x, y = self.scene.project_point(*p)
                if 0 <= x < spec.width and 0 <= y < spec.height and not self._tree_covers(x, y, t):
                    seen += 1
                    heights.append(float(p[1]))
            t += 1 / spec.fps
        drop = max(heights) - min(heights) if heights else 0.0
        return seen / spec.fps, drop

    def truth(self) -> dict[str, object]:
        throws = []
        for throw in self.throws:
            x, y = self.scene.project_point(*throw.points[0])
            visible_s, visible_drop = self.visibility(throw)
            throws.append(
                {
                    "release_s": round(throw.release_s, 3),
                    "end_s": round(throw.end_s, 3),
                    "floor": throw.floor,
                    "column": throw.column,
                    "size_px": round(throw.size_px, 2),
                    "origin_px": [round(x, 1), round(y, 1)],
                    "drag_terminal_mps": throw.drag_terminal_mps,
                    "visible_s": round(visible_s, 2),
                    "visible_drop_m": round(visible_drop, 2),
                }
            )
        return {
            "spec": asdict(self.spec),
            "night": self.scene.night,
            "facade": self.scene.facade_json(),
            "throws": throws,
        }
