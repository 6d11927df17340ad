"""The facade calibration: the homography, floors and columns, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custom_components.smart_community.core.falling.facade import Facade, FacadeError

GOOD = {
    "corners": [[100, 100], [500, 120], [520, 700], [90, 690]],
    "floors": 18,
    "lowest_floor": 2,
    "columns": 4,
    "floor_height_m": 3.0,
}


def test_corners_map_to_the_facade_rectangle() -> None:
    facade = Facade.from_mapping(GOOD)
    for (x, y), (u, v) in zip(GOOD["corners"], [(0, 18), (4, 18), (4, 0), (0, 0)], strict=True):
        fu, fv = facade.to_facade(x, y)
        assert fu == pytest.approx(u, abs=1e-9) and fv == pytest.approx(v, abs=1e-9)
        assert facade.to_image(u, v) == pytest.approx((x, y), abs=1e-6)


def test_floor_and_column_numbering() -> None:
    facade = Facade.from_mapping(GOOD)
    assert facade.floor_at(0.1) == 2  # the lowest visible floor
    assert facade.floor_at(17.9) == 19 == facade.top_floor
    assert facade.floor_at(25.0) == 19  # clamped to the facade
    assert facade.column_at(0.5) == 1 and facade.column_at(3.99) == 4


def test_the_origin_window_outline_is_the_cell() -> None:
    facade = Facade.from_mapping(GOOD)
    outline = facade.cell_outline(floor=19, column=1)
    assert outline[0] == pytest.approx((100, 100), abs=1e-6)


def test_corners_are_scaled_to_the_stream_resolution() -> None:
    facade = Facade.from_mapping({**GOOD, "image_size": [640, 360]})
    scaled = facade.for_frame(1280, 720)
    assert scaled.corners[0] == (200.0, 200.0)
    assert scaled.floor_at(scaled.to_facade(400, 500)[1]) == facade.floor_at(
        facade.to_facade(200, 250)[1]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"corners": [[0, 0], [1, 1]]}, "four"),
        ({"corners": [[100, 100], [90, 690], [520, 700], [500, 120]]}, "left corners"),
        ({"corners": [[100, 100], [500, 120], [90, 690], [520, 700]]}, "convex"),
        ({"corners": [[100, 100], [500, 120], [520, 700], [90, "x"]]}, "corners[3]"),
        ({"floors": 0}, "floors"),
        ({"floors": 2.5}, "whole number"),
        ({"columns": None}, "columns: missing"),
        ({"floor_height_m": 0.5}, "floor_height_m"),
        ({"image_size": [640]}, "image_size"),
    ],
)
def test_bad_calibrations_say_what_is_wrong(change: dict[str, object], message: str) -> None:
    with pytest.raises(FacadeError) as err:
        Facade.from_mapping({**GOOD, **change})
    assert message in str(err.value)


def test_not_an_object() -> None:
    with pytest.raises(FacadeError, match="JSON object"):
        Facade.from_mapping([1, 2])


def test_load_reports_files_and_json(tmp_path: Path) -> None:
    with pytest.raises(FacadeError, match="cannot read"):
        Facade.load(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(FacadeError, match="not valid JSON"):
        Facade.load(broken)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOOD))
    assert Facade.load(good).to_mapping()["floors"] == 18
