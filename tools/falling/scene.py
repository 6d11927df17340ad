"""A residential facade seen by a ground camera, in perspective, with known geometry.

World axes: x along the facade (metres from its left edge), y up (metres above the ground),
z from the facade towards the camera (the facade is the plane z = 0). A pinhole camera stands
in front of the building looking up at it; :meth:`Scene.project` maps world points to image
pixels and :meth:`Scene.background` renders the static picture (wall, windows, balconies,
sky, ground) once per clip. The facade calibration the analyser is given is the projection of
the calibrated rectangle (lowest visible floor … top floor, all columns), exactly what an
installer would click.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

type F32 = NDArray[np.float32]
type F64 = NDArray[np.float64]


@dataclass(frozen=True, kw_only=True)
class Building:
    floors_total: int  # floors above ground, floor 1 at ground level
    lowest_floor: int  # lowest floor in the calibration
    columns: int
    column_width_m: float
    floor_height_m: float

    @property
    def width_m(self) -> float:
        return self.columns * self.column_width_m

    @property
    def height_m(self) -> float:
        return self.floors_total * self.floor_height_m

    @property
    def calibrated_floors(self) -> int:
        return self.floors_total - self.lowest_floor + 1

    @property
    def bottom_m(self) -> float:
        """Height of the calibrated rectangle's bottom edge (the lowest floor's slab)."""
        return (self.lowest_floor - 1) * self.floor_height_m


@dataclass(frozen=True, kw_only=True)
class Camera:
    position: tuple[float, float, float]
    right: tuple[float, float, float]
    up: tuple[float, float, float]
    forward: tuple[float, float, float]
    focal_px: float
    width: int
    height: int


@dataclass(kw_only=True)
class Scene:
    building: Building
    camera: Camera
    night: bool
    wall: float  # reflectance-like grey levels 0..1
    glass: F64  # (floors_total, columns) window brightness
    rng: random.Random = field(repr=False)

    # ---- geometry -------------------------------------------------------------------------
    def project(self, points: F64) -> tuple[F64, F64, F64]:
        """World points (n, 3) -> image x, y and depth along the optical axis."""
        cam = self.camera
        d = points - np.array(cam.position)
        depth = d @ np.array(cam.forward)
        x = cam.width / 2 + cam.focal_px * (d @ np.array(cam.right)) / depth
        y = cam.height / 2 - cam.focal_px * (d @ np.array(cam.up)) / depth
        return x, y, depth

    def project_point(self, x: float, y: float, z: float) -> tuple[float, float]:
        px, py, _ = self.project(np.array([[x, y, z]]))
        return float(px[0]), float(py[0])

    def corners(self) -> list[list[float]]:
        """The calibration's four corners (TL, TR, BR, BL) in image pixels."""
        b = self.building
        top, bottom = b.height_m, b.bottom_m
        points = [(0.0, top), (b.width_m, top), (b.width_m, bottom), (0.0, bottom)]
        return [[round(c, 2) for c in self.project_point(x, y, 0.0)] for x, y in points]

    def facade_json(self) -> dict[str, object]:
        b = self.building
        return {
            "corners": self.corners(),
            "floors": b.calibrated_floors,
            "lowest_floor": b.lowest_floor,
            "columns": b.columns,
            "floor_height_m": b.floor_height_m,
        }

    def pixels_per_metre(self, x: float, y: float, z: float = 0.0) -> float:
        x0, y0 = self.project_point(x, y, z)
        x1, y1 = self.project_point(x, y + 1.0, z)
        return math.hypot(x1 - x0, y1 - y0)

    # ---- the static picture ---------------------------------------------------------------
    def facade_hits(self, margin: int = 0) -> tuple[F64, F64, NDArray[np.bool_]]:
        """Facade-plane coordinates (X, Y) of every pixel ray of a canvas with ``margin``."""
        cam = self.camera
        w, h = cam.width + 2 * margin, cam.height + 2 * margin
        xs = (np.arange(w, dtype=np.float64) - margin - cam.width / 2) / cam.focal_px
        ys = (np.arange(h, dtype=np.float64) - margin - cam.height / 2) / cam.focal_px
        right, up, fwd = (np.array(v) for v in (cam.right, cam.up, cam.forward))
        # ray = fwd + xs * right - ys * up; only its x, y and z components are needed
        rx = fwd[0] + xs[None, :] * right[0] - ys[:, None] * up[0]
        ry = fwd[1] + xs[None, :] * right[1] - ys[:, None] * up[1]
        rz = fwd[2] + xs[None, :] * right[2] - ys[:, None] * up[2]
        toward = rz < -1e-9
        t = np.where(toward, -cam.position[2] / np.where(toward, rz, -1.0), np.inf)
        gx = cam.position[0] + t * rx
        gy = cam.position[1] + t * ry
        return gx, gy, toward

    def background(self, margin: int = 0) -> tuple[F32, NDArray[np.int32]]:
        """The static frame (0..255 float) and, per pixel, the window cell index or -1."""
        b = self.building
        gx, gy, toward = self.facade_hits(margin)
        on_facade = toward & (gx >= 0) & (gx <= b.width_m) & (gy >= 0) & (gy <= b.height_m)
        col = np.clip(np.floor(gx / b.column_width_m), 0, b.columns - 1).astype(np.int32)
        flo = np.clip(np.floor(gy / b.floor_height_m), 0, b.floors_total - 1).astype(np.int32)
        fx = gx / b.column_width_m - np.floor(gx / b.column_width_m)
        fy = gy / b.floor_height_m - np.floor(gy / b.floor_height_m)
        window = on_facade & (fx > 0.2) & (fx < 0.8) & (fy > 0.3) & (fy < 0.88)
        railing = window & (fy < 0.45)
        slab = on_facade & (fy < 0.07)
        rng = np.random.default_rng(self.rng.randrange(1 << 30))
        image = np.empty(gx.shape, np.float32)
        if self.night:
            sky = 0.04 + 0.05 * np.clip(1 - np.abs(gy) / 200, 0, 1)
            image[:] = np.where(toward, sky, 0.06)
        else:
            image[:] = 0.82 + 0.1 * np.clip(gy / 200, 0, 1) * toward
        ground = ~toward | (toward & (gy < 0))
        image[ground] = 0.04 if self.night else 0.35
        stain = np.kron(
            rng.normal(0, 0.02, (gx.shape[0] // 16 + 1, gx.shape[1] // 16 + 1)), np.ones((16, 16))
        )[: gx.shape[0], : gx.shape[1]]
        image[on_facade] = self.wall + stain[on_facade]
        image[slab] = self.wall * 0.8
        cell = flo * b.columns + col
        glass = self.glass.reshape(-1)[cell]
        image[window] = glass[window]
        image[railing] = self.wall * (0.6 if self.night else 0.75)
        cells = np.where(window & ~railing, cell, -1).astype(np.int32)
        return np.clip(image * 255.0, 0, 255).astype(np.float32), cells


def make_scene(
    rng: random.Random, *, width: int = 1920, height: int = 1080, night: bool | None = None
) -> Scene:
    """A random but plausible building and ground camera."""
    floors_total = rng.randint(8, 26)
    lowest = rng.randint(1, max(1, min(6, floors_total - 6)))
    building = Building(
        floors_total=floors_total,
        lowest_floor=lowest,
        columns=rng.randint(2, 6),
        column_width_m=rng.uniform(3.6, 6.0),
        floor_height_m=rng.choice([2.8, 2.9, 3.0, 3.0, 3.1, 3.3]),
    )
    distance = rng.uniform(28.0, 55.0)
    cam_height = rng.uniform(1.2, 6.0)
    cam_x = building.width_m / 2 + rng.uniform(-0.25, 0.25) * building.width_m
    target = np.array(
        [
            building.width_m / 2,
            (building.bottom_m + building.height_m) / 2,
            0.0,
        ]
    )
    position = np.array([cam_x, cam_height, distance])
    forward = target - position
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, np.array([0.0, 1.0, 0.0]))
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    roll = math.radians(rng.uniform(-2.0, 2.0))
    right, up = (
        right * math.cos(roll) + up * math.sin(roll),
        up * math.cos(roll) - right * math.sin(roll),
    )
    night = rng.random() < 0.4 if night is None else night
    wall = rng.uniform(0.22, 0.32) if night else rng.uniform(0.45, 0.7)
    if night:
        lit = np.array(
            [[rng.random() < 0.45 for _ in range(building.columns)] for _ in range(floors_total)]
        )
        glass = np.where(
            lit, np.random.default_rng(rng.randrange(1 << 30)).uniform(0.55, 0.95, lit.shape), 0.08
        )
    else:
        glass = np.random.default_rng(rng.randrange(1 << 30)).uniform(
            0.15, 0.4, (floors_total, building.columns)
        )
    camera = Camera(
        position=tuple(position),
        right=tuple(right),
        up=tuple(up),
        forward=tuple(forward),
        focal_px=1.0,
        width=width,
        height=height,
    )
    scene = Scene(
        building=building,
        camera=camera,
        night=night,
        wall=wall,
        glass=glass.astype(np.float64),
        rng=rng,
    )
    # Focal length: the calibrated rectangle fills a random share of the picture height.
    xs, ys = zip(*scene.corners(), strict=True)
    span_y = (max(ys) - min(ys)) / height
    span_x = (max(xs) - min(xs)) / width
    share = rng.uniform(0.62, 0.86)
    focal = min(share / span_y, 0.9 / span_x)
    scene.camera = Camera(
        position=camera.position,
        right=camera.right,
        up=camera.up,
        forward=camera.forward,
        focal_px=focal,
        width=width,
        height=height,
    )
    # Aim: centre the calibrated rectangle in the picture (shift the principal ray).
    xs, ys = zip(*scene.corners(), strict=True)
    dy = (max(ys) + min(ys)) / 2 - height / 2
    dx = (max(xs) + min(xs)) / 2 - width / 2
    if abs(dx) > 1 or abs(dy) > 1:
        fwd = np.array(scene.camera.forward) + (dx * right - dy * up) / focal
        fwd /= np.linalg.norm(fwd)
        r = np.cross(fwd, np.array([0.0, 1.0, 0.0]))
        r /= np.linalg.norm(r)
        u = np.cross(r, fwd)
        r, u = r * math.cos(roll) + u * math.sin(roll), u * math.cos(roll) - r * math.sin(roll)
        scene.camera = Camera(
            position=camera.position,
            right=tuple(r),
            up=tuple(u),
            forward=tuple(fwd),
            focal_px=focal,
            width=width,
            height=height,
        )
    return scene
