"""What moves in a falling-object clip: throws (the truth) and the distractors.

Throws follow real free-fall physics: released from a window (a point on a balcony in front of
the facade) with a small initial velocity, under g = 9.81 m/s² and, for some, quadratic air drag
with a terminal velocity of 18-60 m/s, integrated at 500 Hz. Their apparent size at release is
given in pixels of a 1920x1080 picture. Distractors: birds (flapping, gliding, diving at constant
speed), drifting leaves, insects near the lens, people moving on balconies, window lights that
switch, rain streaks and swaying trees.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .scene import Scene

G = 9.81
type F64 = NDArray[np.float64]


@dataclass(kw_only=True)
class Throw:
    release_s: float
    floor: int
    column: int
    size_px: float  # apparent diameter at release, in 1080p pixels
    value: float  # grey level 0..255 of the object
    times: F64 = field(repr=False)
    points: F64 = field(repr=False)  # (n, 3) world positions after release
    drag_terminal_mps: float | None = None
    physical_m: float = 0.0

    def position(self, t: float) -> NDArray[np.float64] | None:
        if t < self.release_s or t > self.release_s + self.times[-1]:
            return None
        k = (t - self.release_s) / (self.times[1] - self.times[0])
        i = min(int(k), len(self.times) - 2)
        f = k - i
        return self.points[i] * (1 - f) + self.points[i + 1] * f

    @property
    def end_s(self) -> float:
        return self.release_s + float(self.times[-1])


def make_throw(
    rng: random.Random, scene: Scene, release_s: float, size_px: float, *, drag: bool
) -> Throw:
    b = scene.building
    floor = rng.randint(min(max(b.lowest_floor, 3), b.floors_total), b.floors_total)
    column = rng.randint(1, b.columns)
    x = (column - 0.5 + rng.uniform(-0.25, 0.25)) * b.column_width_m
    y = (floor - 1) * b.floor_height_m + rng.uniform(0.9, 1.5)
    z = rng.uniform(0.3, 1.2)
    velocity = np.array([rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.8), rng.uniform(0.0, 2.5)])
    terminal = rng.uniform(18.0, 60.0) if drag else None
    dt = 0.002
    pos = np.array([x, y, z])
    times = [0.0]
    points = [pos.copy()]
    t = 0.0
    while pos[1] > 0.0 and t < 8.0:
        accel = np.array([0.0, -G, 0.0])
        if terminal is not None:
            accel -= G / terminal**2 * np.linalg.norm(velocity) * velocity
        velocity = velocity + accel * dt
        pos = pos + velocity * dt
        t += dt
        times.append(t)
        points.append(pos.copy())
    # Physical size from the wanted apparent size at release.
    ppm = scene.pixels_per_metre(x, y, z) * 1920.0 / scene.camera.width
    physical = size_px / max(ppm, 1e-6)
    dark = rng.random() < 0.6
    if scene.night:
        value = rng.uniform(5, 30) if dark else rng.uniform(150, 230)
    else:
        value = rng.uniform(10, 60) if dark else rng.uniform(215, 250)
    return Throw(
        release_s=release_s,
        floor=floor,
        column=column,
        size_px=size_px,
        value=value,
        times=np.array(times),
        points=np.array(points),
        drag_terminal_mps=terminal,
        physical_m=physical,
    )


@dataclass(kw_only=True)
class Flyer:
    """A bird or a leaf: a world-space path in front of the facade."""

    kind: str
    start_s: float
    end_s: float
    origin: F64
    velocity: F64
    size_m: float
    value: float
    sway_m: float = 0.0
    sway_hz: float = 0.0
    flap_hz: float = 0.0
    phase: float = 0.0
    dive: float = 0.0  # constant extra downward speed after dive_s
    dive_s: float = 0.0

    def position(self, t: float) -> F64 | None:
        if not self.start_s <= t <= self.end_s:
            return None
        s = t - self.start_s
        p = self.origin + self.velocity * s
        p[0] += self.sway_m * math.sin(2 * math.pi * self.sway_hz * s + self.phase)
        p[1] += 0.3 * self.sway_m * math.sin(4 * math.pi * self.sway_hz * s + self.phase)
        if self.dive and s > self.dive_s:
            p[1] -= self.dive * (s - self.dive_s)
        return p

    def size_factor(self, t: float) -> float:
        if not self.flap_hz:
            return 1.0
        return 0.7 + 0.3 * abs(math.sin(2 * math.pi * self.flap_hz * (t - self.start_s)))


def make_bird(rng: random.Random, scene: Scene, seconds: float) -> Flyer:
    b = scene.building
    start = rng.uniform(-2.0, seconds)
    life = rng.uniform(2.0, 8.0)
    speed = rng.uniform(4.0, 13.0)
    heading = rng.uniform(0, 2 * math.pi)
    vy = speed * math.sin(heading) * 0.5
    vx = speed * math.cos(heading)
    origin = np.array(
        [
            rng.uniform(-0.2, 1.2) * b.width_m,
            rng.uniform(0.2, 1.05) * b.height_m,
            rng.uniform(1.0, 15.0),
        ]
    )
    dive = rng.uniform(3.0, 9.0) if rng.random() < 0.3 else 0.0
    dark = rng.random() < 0.8
    value = (
        (rng.uniform(5, 40) if scene.night else rng.uniform(20, 70))
        if dark
        else (rng.uniform(120, 200) if scene.night else rng.uniform(200, 245))
    )
    return Flyer(
        kind="bird",
        start_s=start,
        end_s=start + life,
        origin=origin,
        velocity=np.array([vx, vy, rng.uniform(-1, 1)]),
        size_m=rng.uniform(0.15, 0.45),
        value=value,
        sway_m=rng.uniform(0.0, 1.0),
        sway_hz=rng.uniform(0.2, 1.0),
        flap_hz=rng.uniform(3.0, 8.0),
        phase=rng.uniform(0, 6.28),
        dive=dive,
        dive_s=rng.uniform(0.3, 1.5),
    )


def make_leaf(rng: random.Random, scene: Scene, seconds: float) -> Flyer:
    b = scene.building
    start = rng.uniform(-4.0, seconds)
    origin = np.array(
        [rng.uniform(0, 1) * b.width_m, rng.uniform(0.05, 1.0) * b.height_m, rng.uniform(0.5, 10.0)]
    )
    value = rng.uniform(20, 80) if scene.night else rng.uniform(30, 200)
    return Flyer(
        kind="leaf",
        start_s=start,
        end_s=start + rng.uniform(3, 12),
        origin=origin,
        velocity=np.array([rng.uniform(-1.5, 1.5), -rng.uniform(0.5, 2.2), 0.0]),
        size_m=rng.uniform(0.06, 0.25),
        value=value,
        sway_m=rng.uniform(0.3, 1.5),
        sway_hz=rng.uniform(0.3, 1.0),
        phase=rng.uniform(0, 6.28),
    )


@dataclass(kw_only=True)
class Insect:
    """Near the lens: large, blurred, erratic, in image coordinates (1080p pixels)."""

    start_s: float
    end_s: float
    start: F64
    size_px: float
    value: float
    seed: int
    path: F64 = field(default_factory=lambda: np.zeros((0, 2)))

    def prepare(self, fps: float) -> None:
        rng = np.random.default_rng(self.seed)
        n = max(2, int((self.end_s - self.start_s) * fps) + 2)
        velocity = np.cumsum(rng.normal(0, 6, (n, 2)), axis=0)
        velocity = np.clip(velocity, -40, 40)
        self.path = self.start + np.cumsum(velocity, axis=0)

    def position(self, t: float, fps: float) -> F64 | None:
        if not self.start_s <= t <= self.end_s:
            return None
        i = min(int((t - self.start_s) * fps), len(self.path) - 1)
        return self.path[i]


def make_insect(rng: random.Random, seconds: float, night: bool) -> Insect:
    start = rng.uniform(0, seconds)
    return Insect(
        start_s=start,
        end_s=start + rng.uniform(0.4, 2.5),
        start=np.array([rng.uniform(200, 1720), rng.uniform(100, 980)]),
        size_px=rng.uniform(6, 30),
        value=rng.uniform(180, 255) if night else rng.uniform(10, 60),
        seed=rng.randrange(1 << 30),
    )


@dataclass(kw_only=True)
class Person:
    """Someone on a balcony: moves slowly sideways and leans, never leaves the balcony."""

    floor: int
    column: int
    value: float
    speed_mps: float
    phase: float
    start_s: float
    end_s: float

    def position(self, t: float, scene: Scene) -> tuple[float, float, float] | None:
        if not self.start_s <= t <= self.end_s:
            return None
        b = scene.building
        centre = (self.column - 0.5) * b.column_width_m
        half = 0.3 * b.column_width_m
        s = (t - self.start_s) * self.speed_mps / max(half, 0.1) + self.phase
        x = centre + half * math.sin(s)
        y = (self.floor - 1) * b.floor_height_m + 1.1 + 0.25 * math.sin(1.7 * s)
        return x, y, 0.3


@dataclass(frozen=True, kw_only=True)
class LightSwitch:
    time_s: float
    cell: int  # floor_index * columns + column_index
    level: float  # new glass brightness 0..1


def make_light_switches(
    rng: random.Random, scene: Scene, seconds: float, per_minute: float
) -> list[LightSwitch]:
    b = scene.building
    count = np.random.default_rng(rng.randrange(1 << 30)).poisson(per_minute * seconds / 60)
    switches = []
    for _ in range(int(count)):
        floor_index = rng.randint(b.lowest_floor - 1, b.floors_total - 1)
        cell = floor_index * b.columns + rng.randrange(b.columns)
        current = float(scene.glass.reshape(-1)[cell])
        if scene.night:
            level = 0.08 if current > 0.3 else rng.uniform(0.55, 0.95)
        else:
            level = float(np.clip(current + rng.choice([-1, 1]) * rng.uniform(0.1, 0.25), 0, 1))
        switches.append(LightSwitch(time_s=rng.uniform(0, seconds), cell=cell, level=level))
    return sorted(switches, key=lambda s: s.time_s)
