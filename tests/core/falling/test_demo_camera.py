"""The demo's falling-object camera: the register gets its stream, the options its facade."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from custom_components.smart_community.core.devices import DeviceKind
from custom_components.smart_community.core.falling.facade import parse_corners
from custom_components.smart_community.core.register import check_register_file
from tools.demo.falling import FALLING_CAMERA, calibration_answers, prepare, with_stream

DEMO = Path(__file__).parents[3] / "tools" / "demo" / "register.csv"


def test_the_demo_register_gets_the_stream(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    shutil.copy(DEMO, register)
    with_stream(register, "rtsp://127.0.0.1:8554/falling")
    with_stream(register, "rtsp://127.0.0.1:8555/falling")  # again: the column is reused
    check = check_register_file(register, today=date(2026, 1, 1))
    assert check.problems == ()
    streams = {row.code: row.stream_url for row in check.rows if row.stream_url}
    assert streams == {FALLING_CAMERA: "rtsp://127.0.0.1:8555/falling"}
    camera = next(row for row in check.rows if row.code == FALLING_CAMERA)
    assert camera.device_kind is DeviceKind.FALLING_OBJECT_CAMERA
    with pytest.raises(SystemExit, match="no device"):
        with_stream(register, "rtsp://x/y", code="34010449011328009999")


def test_calibration_answers_fill_the_options_flow(tmp_path: Path) -> None:
    facade = {
        "corners": [[101.5, 80.25], [1180, 84], [1170, 690], [110, 684]],
        "floors": 14,
        "lowest_floor": 3,
        "columns": 4,
        "floor_height_m": 2.9,
    }
    path = tmp_path / "facade.json"
    path.write_text(json.dumps(facade))
    choose, form, done = calibration_answers(path)
    assert choose == {"camera": FALLING_CAMERA}
    assert parse_corners(form.pop("corners")) == facade["corners"]
    assert form == {"floors": 14, "lowest_floor": 3, "columns": 4, "floor_height_m": 2.9}
    assert done == {}


def test_the_demo_stream_is_the_throws_then_a_quiet_facade(tmp_path: Path) -> None:
    """Looped, the demo camera throws once per cycle, not three times every 30 s."""
    av = pytest.importorskip("av")
    if shutil.which("ffmpeg") is None:
        pytest.skip("Debian's ffmpeg is not installed")
    loop = prepare(tmp_path, seconds=9.0, quiet_seconds=3.0, size=(320, 180))
    assert loop == tmp_path / "loop.mp4"
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert len(truth["throws"]) == 3
    assert all(throw["release_s"] < 9.0 for throw in truth["throws"])
    with av.open(str(loop)) as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == round(12.0 * 25)
    assert prepare(tmp_path) == loop  # cached: nothing rendered again
