"""A falling-object camera's facade calibration and the homography it defines.

The installer clicks the four corners of the facade's visible rectangle in the camera's picture
(top-left, top-right, bottom-right, bottom-left; the top row is the highest visible floor) and
gives the number of visible floors, the lowest visible floor's number, the number of window
columns and the floor height. A plane-to-plane homography then maps any image point to facade
coordinates: ``u`` in columns from the left edge (0 … columns) and ``v`` in floors from the
bottom edge (0 … floors); ``v * floor_height_m`` is the height above the bottom edge in metres.

>>> facade = Facade.from_mapping({"corners": [[100, 100], [500, 100], [500, 700], [100, 700]],
...     "floors": 6, "lowest_floor": 3, "columns": 4, "floor_height_m": 3.0})
>>> [round(c, 6) for c in facade.to_facade(300.0, 400.0)]
[2.0, 3.0]
>>> facade.floor_at(2.5), facade.column_at(0.2)
(5, 1)
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

type Point = tuple[float, float]
type Matrix = NDArray[np.float64]

MAX_FLOORS = 200
MAX_COLUMNS = 200


class FacadeError(ValueError):
    """The facade calibration is unusable; the message says which field and why."""


def homography(source: Sequence[Point], target: Sequence[Point]) -> Matrix:
    """The 3x3 matrix mapping four source points to four target points (direct linear solve)."""
    rows: list[list[float]] = []
    rhs: list[float] = []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y])
        rows.append([0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y])
        rhs.extend((u, v))
    solution = np.linalg.solve(np.array(rows), np.array(rhs))
    return np.append(solution, 1.0).reshape(3, 3)


def apply(matrix: Matrix, xs: NDArray[np.float64], ys: NDArray[np.float64]) -> NDArray[np.float64]:
    """Map points through a homography; returns an (n, 2) array."""
    ones = np.ones_like(xs)
    mapped = matrix @ np.vstack([xs, ys, ones])
    result: NDArray[np.float64] = (mapped[:2] / mapped[2]).T
    return result


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _check_corners(raw: object) -> tuple[Point, Point, Point, Point]:
    if not isinstance(raw, Sequence) or isinstance(raw, str) or len(raw) != 4:
        raise FacadeError(
            "corners: four [x, y] points are needed (top-left, top-right, "
            "bottom-right, bottom-left)"
        )
    points: list[Point] = []
    for index, point in enumerate(raw):
        if (
            not isinstance(point, Sequence)
            or isinstance(point, str)
            or len(point) != 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in point)
            or not all(math.isfinite(float(c)) for c in point)
        ):
            raise FacadeError(f"corners[{index}]: expected [x, y] as two finite numbers")
        points.append((float(point[0]), float(point[1])))
    tl, tr, br, bl = points
    turns = [_cross(points[i], points[(i + 1) % 4], points[(i + 2) % 4]) for i in range(4)]
    if not (all(t > 0 for t in turns) or all(t < 0 for t in turns)):
        raise FacadeError(
            "corners: not a convex quadrilateral in the order top-left, top-right, "
            "bottom-right, bottom-left"
        )
    if tl[1] >= bl[1] or tr[1] >= br[1]:
        raise FacadeError("corners: the top corners must be above the bottom corners")
    if tl[0] >= tr[0] or bl[0] >= br[0]:
        raise FacadeError("corners: the left corners must be left of the right corners")
    area = abs(sum(turns)) / 4
    if area < 100.0:
        raise FacadeError(f"corners: the facade covers only {area:.0f} px²")
    return tl, tr, br, bl


def _int_field(
    data: Mapping[str, object], name: str, low: int, high: int, default: int | None = None
) -> int:
    value = data.get(name, default)
    if value is None:
        raise FacadeError(f"{name}: missing")
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise FacadeError(f"{name}: expected a whole number, got {value!r}")
    if not low <= int(value) <= high:
        raise FacadeError(f"{name}: {int(value)} is outside {low}…{high}")
    return int(value)


_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_PAIR = re.compile(rf"\s*[\[(]?\s*({_NUMBER})\s*[,，\s]\s*({_NUMBER})\s*[\])]?\s*")


def parse_corners(text: str) -> list[list[float]]:
    """Four ``x,y`` pairs as people type them (``412,88 1508,95 1490,1002 430,990``;
    ``;`` or new lines between pairs, brackets allowed), in the order TL, TR, BR, BL.

    >>> parse_corners("[100, 100]; [500, 100]; [500, 700]; [100, 700]")
    [[100.0, 100.0], [500.0, 100.0], [500.0, 700.0], [100.0, 700.0]]
    """
    pieces = [p for p in re.split(r"\s*[;；\n]\s*", text.strip()) if p]
    if len(pieces) == 1:  # "x,y x,y x,y x,y": pairs separated by spaces
        pair = rf"{_NUMBER}\s*[,，]\s*{_NUMBER}"
        rest = re.sub(pair, "", text).strip(" \t[]()")
        pieces = re.findall(pair, text) if not rest.replace(" ", "") else [text]
    pairs = [_PAIR.fullmatch(piece) for piece in pieces]
    if len(pairs) != 4 or any(pair is None for pair in pairs):
        raise FacadeError(
            "corners: four x,y pairs are needed, top-left, top-right, bottom-right, "
            "bottom-left (e.g. 412,88 1508,95 1490,1002 430,990)"
        )
    return [[float(pair[1]), float(pair[2])] for pair in pairs if pair is not None]


def format_corners(corners: Sequence[Point]) -> str:
    """The corners as :func:`parse_corners` reads them."""
    return "  ".join(f"{x:g},{y:g}" for x, y in corners)


@dataclass(frozen=True, slots=True)
class Facade:
    """A validated calibration; build it with :meth:`from_mapping` or :meth:`load`."""

    corners: tuple[Point, Point, Point, Point]
    floors: int
    lowest_floor: int
    columns: int
    floor_height_m: float
    image_size: tuple[int, int] | None = None  # (w, h) the corners were clicked on

    @classmethod
    def from_mapping(cls, data: object) -> Facade:
        if not isinstance(data, Mapping):
            raise FacadeError("the facade calibration must be a JSON object")
        corners = _check_corners(data.get("corners"))
        floors = _int_field(data, "floors", 1, MAX_FLOORS)
        lowest = _int_field(data, "lowest_floor", -10, 300, default=1)
        columns = _int_field(data, "columns", 1, MAX_COLUMNS)
        height = data.get("floor_height_m", 3.0)
        if isinstance(height, bool) or not isinstance(height, int | float):
            raise FacadeError(f"floor_height_m: expected a number, got {height!r}")
        if not 1.5 <= float(height) <= 10.0:
            raise FacadeError(f"floor_height_m: {height} m is outside 1.5…10 m")
        size_raw = data.get("image_size")
        size: tuple[int, int] | None = None
        if size_raw is not None:
            if (
                not isinstance(size_raw, Sequence)
                or isinstance(size_raw, str)
                or len(size_raw) != 2
                or not all(
                    isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in size_raw
                )
            ):
                raise FacadeError("image_size: expected [width, height] in pixels")
            size = (int(size_raw[0]), int(size_raw[1]))
        return cls(corners, floors, lowest, columns, float(height), size)

    @classmethod
    def load(cls, path: Path) -> Facade:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise FacadeError(f"cannot read {path}: {err.strerror or err}") from err
        try:
            data = json.loads(text)
        except ValueError as err:
            raise FacadeError(f"{path} is not valid JSON: {err}") from err
        return cls.from_mapping(data)

    def to_mapping(self) -> dict[str, object]:
        data: dict[str, object] = {
            "corners": [list(c) for c in self.corners],
            "floors": self.floors,
            "lowest_floor": self.lowest_floor,
            "columns": self.columns,
            "floor_height_m": self.floor_height_m,
        }
        if self.image_size is not None:
            data["image_size"] = list(self.image_size)
        return data

    def for_frame(self, width: int, height: int) -> Facade:
        """The same calibration for a stream of another resolution (corners scaled)."""
        if self.image_size is None or self.image_size == (width, height):
            return self
        sx, sy = width / self.image_size[0], height / self.image_size[1]
        tl, tr, br, bl = ((x * sx, y * sy) for x, y in self.corners)
        return Facade(
            (tl, tr, br, bl),
            self.floors,
            self.lowest_floor,
            self.columns,
            self.floor_height_m,
            (width, height),
        )

    @property
    def top_floor(self) -> int:
        return self.lowest_floor + self.floors - 1

    @property
    def image_to_facade(self) -> Matrix:
        target = (
            (0.0, float(self.floors)),
            (float(self.columns), float(self.floors)),
            (float(self.columns), 0.0),
            (0.0, 0.0),
        )
        return homography(self.corners, target)

    @property
    def facade_to_image(self) -> Matrix:
        inverse: Matrix = np.linalg.inv(self.image_to_facade).astype(np.float64)
        return inverse

    def to_facade(self, x: float, y: float) -> Point:
        u, v = apply(self.image_to_facade, np.array([x]), np.array([y]))[0]
        return float(u), float(v)

    def to_image(self, u: float, v: float) -> Point:
        x, y = apply(self.facade_to_image, np.array([u]), np.array([v]))[0]
        return float(x), float(y)

    def floor_at(self, v: float) -> int:
        """The floor whose band holds facade height ``v`` (in floors), clamped to the facade."""
        index = min(max(math.floor(v), 0), self.floors - 1)
        return self.lowest_floor + index

    def column_at(self, u: float) -> int:
        """The window column (1 = leftmost) holding ``u``, clamped to the facade."""
        return min(max(math.floor(u), 0), self.columns - 1) + 1

    def cell_outline(self, floor: int, column: int) -> list[Point]:
        """The image outline of one floor x column cell (the origin window's box)."""
        v0 = float(floor - self.lowest_floor)
        u0 = float(column - 1)
        return [
            self.to_image(u, v) for u, v in ((u0, v0 + 1), (u0 + 1, v0 + 1), (u0 + 1, v0), (u0, v0))
        ]

    def bounds(self) -> tuple[float, float, float, float]:
        """The corners' bounding box (x0, y0, x1, y1) in image pixels."""
        xs = [c[0] for c in self.corners]
        ys = [c[1] for c in self.corners]
        return min(xs), min(ys), max(xs), max(ys)
