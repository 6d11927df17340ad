"""The free-fall test and the origin: synthetic tracks through a known facade homography."""

from __future__ import annotations

import numpy as np
import pytest

from custom_components.smart_community.core.falling.facade import Facade
from custom_components.smart_community.core.falling.trajectory import (
    FallFit,
    FallOptions,
    G,
    Rejection,
    _hinge_rss,
    evaluate,
    fit_drag,
)

from .frontal import frontal_facade

# A frontal facade: 20 floors of 3 m, 60 px a floor (20 px a metre), 4 columns of 100 px.
FACADE = frontal_facade(100, 0, 500, 1200)
PPM = 20.0


def _track(
    height_m: float,
    u: float,
    v0: float = 0.0,
    accel: float = G,
    seconds: float = 1.6,
    fps: float = 25.0,
    noise_px: float = 0.3,
    start_s: float = 0.0,
    sway_m: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    t = np.arange(start_s, seconds, 1 / fps)
    h = height_m + v0 * t - 0.5 * accel * t**2
    x = 100 + u * 100 + sway_m * PPM * np.sin(2 * np.pi * 0.8 * t) + rng.normal(0, noise_px, len(t))
    y = 1200 - h * PPM + rng.normal(0, noise_px, len(t))
    return t + 10.0, x, y


def test_a_drop_is_free_fall_from_its_floor() -> None:
    t, x, y = _track(height_m=13 * 3 + 1.2, u=2.5)  # floor 14, column 3
    fit = evaluate(FACADE, t, x, y, FallOptions(front_share=0.0))
    assert isinstance(fit, FallFit)
    assert fit.acceleration == pytest.approx(G, rel=0.05)
    assert (fit.floor, fit.column) == (14, 3)
    assert fit.floor_low <= 14 <= fit.floor_high
    assert fit.origin_s == pytest.approx(10.0, abs=0.05)


def test_a_track_seen_late_is_extrapolated_back_to_the_apex() -> None:
    t, x, y = _track(height_m=9 * 3 + 1.0, u=0.5, start_s=0.6, seconds=2.0)  # floor 10
    fit = evaluate(FACADE, t, x, y, FallOptions(front_share=0.0))
    assert isinstance(fit, FallFit)
    assert (fit.floor, fit.column) == (10, 1)
    assert fit.origin_s == pytest.approx(10.0, abs=0.1)


def test_a_toss_upward_starts_at_its_first_point() -> None:
    t, x, y = _track(height_m=15 * 3 + 1.0, u=1.5, v0=2.0)
    fit = evaluate(FACADE, t, x, y, FallOptions(front_share=0.0))
    assert isinstance(fit, FallFit)
    assert fit.floor == 16


@pytest.mark.parametrize(
    ("kwargs", "kind"),
    [
        ({"accel": 0.0, "v0": -6.0}, "acceleration"),  # a bird diving at constant speed
        ({"accel": 0.3, "v0": -1.5, "sway_m": 0.8, "seconds": 3.0}, "acceleration"),  # a leaf
        ({"accel": 2.5 * G}, "acceleration"),
        ({"accel": G, "seconds": 0.2}, "points"),
        ({"accel": G, "sway_m": 0.6}, "sway"),
    ],
)
def test_what_is_not_a_throw(kwargs: dict[str, float], kind: str) -> None:
    t, x, y = _track(height_m=40.0, u=2.0, **kwargs)
    result = evaluate(FACADE, t, x, y, FallOptions())
    assert isinstance(result, Rejection)
    assert result.kind == kind


def test_a_noisy_track_fails_the_fit() -> None:
    t, x, y = _track(height_m=40.0, u=2.0, noise_px=6.0)
    result = evaluate(FACADE, t, x, y, FallOptions())
    assert isinstance(result, Rejection)


def test_a_short_track_must_fit_closer_than_a_long_one() -> None:
    """A parabola within a pixel of 20 points is as likely a chain of unrelated blobs that
    happens to curve so (a person's blob and rain streaks): a short track must fit within
    0.7 px. Seen for 40 points, a fall as noisy passes."""
    short = _track(height_m=40.0, u=2.0, start_s=0.4, seconds=1.2, noise_px=1.0)
    result = evaluate(FACADE, *short, FallOptions())
    assert isinstance(result, Rejection)
    assert result.kind == "fit"
    assert isinstance(evaluate(FACADE, *short, FallOptions(short_max_fit_px=1.6)), FallFit)
    long = _track(height_m=40.0, u=2.0, noise_px=1.0)
    assert isinstance(evaluate(FACADE, *long, FallOptions()), FallFit)


def test_an_origin_beside_the_facade_is_not_attributed() -> None:
    t, x, y = _track(height_m=40.0, u=6.0)
    result = evaluate(FACADE, t, x, y, FallOptions())
    assert isinstance(result, Rejection) and result.kind == "off-facade"


def _kinked(jerk: float, seconds: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A height whose acceleration grows steadily from 0 (a bird tipping into a dive, a leaf
    pushed down by a gust): a parabola fits it within a few pixels at 1080p."""
    rng = np.random.default_rng(7)
    t = np.arange(0.0, seconds, 1 / 25)
    h = 40.0 - jerk * t**3 / 6
    x = 300 + rng.normal(0, 1.0, len(t))
    y = 1200 - h * PPM + rng.normal(0, 1.0, len(t))
    return t + 10.0, x, y


def test_an_acceleration_that_keeps_changing_is_not_free_fall() -> None:
    t, x, y = _kinked(jerk=20.0, seconds=1.2)
    result = evaluate(FACADE, t, x, y, FallOptions(), pixel_scale=4.0)
    assert isinstance(result, Rejection) and result.kind == "jerk"
    # the same track passes every other test: the jerk rule alone rejects it
    lenient = evaluate(FACADE, t, x, y, FallOptions(max_jerk_mps3=1e9), pixel_scale=4.0)
    assert isinstance(lenient, FallFit)


def test_air_drag_is_within_the_jerk_bound() -> None:
    """A light object (terminal speed 15 m/s) falling 3 s: its acceleration drops from g to a
    third of it, smoothly, and it is still a throw."""
    dt, vt = 1 / 250, 15.0
    v, h, heights = 0.0, 60.0, []
    for _ in range(750):
        heights.append(h)
        v += (G - G * v * v / vt**2) * dt
        h -= v * dt
    t = np.arange(750)[::10] * dt
    hs = np.array(heights)[::10]
    rng = np.random.default_rng(3)
    x = 300 + rng.normal(0, 0.3, len(t))
    y = 1200 - hs * PPM + rng.normal(0, 0.3, len(t))
    lenient = evaluate(FACADE, t[:40], x[:40], y[:40], FallOptions(max_jerk_mps3=1e9))
    strict = evaluate(FACADE, t[:40], x[:40], y[:40], FallOptions())
    assert isinstance(lenient, FallFit)
    assert isinstance(strict, FallFit)


def _light_object(
    terminal_mps: float, seconds: float, top_m: float = 55.0, noise_px: float = 0.3
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A light object dropped at t = 10 s under quadratic drag, integrated at 1 kHz, seen at
    25 fps from its release."""
    dt, v, h, heights = 1e-3, 0.0, top_m, []
    steps = round(seconds / dt)
    for _ in range(steps):
        heights.append(h)
        v += (G - G * v * v / terminal_mps**2) * dt
        h -= v * dt
    t = np.arange(steps)[::40] * dt
    hs = np.array(heights)[::40]
    rng = np.random.default_rng(5)
    x = 260 + 40 * t + rng.normal(0, noise_px, len(t))
    y = 1200 - hs * PPM + rng.normal(0, noise_px, len(t))
    return t + 10.0, x, y


def test_the_drag_fit_finds_terminal_speed_and_release() -> None:
    t, _, y = _light_object(18.0, 3.0, noise_px=0.0)
    fit = fit_drag(t, (1200 - y) / PPM, (12.0, 80.0), back_s=2.5)
    assert fit.terminal_mps == pytest.approx(18.0, rel=0.03)
    assert fit.apex_s == pytest.approx(10.0, abs=0.01)
    assert fit.top_m == pytest.approx(55.0, abs=0.05)
    assert fit.rms_m < 0.03  # a centimetre or two: the grid's resolution
    assert fit.speed(fit.apex_s) == 0.0
    assert fit.speed(100.0) == pytest.approx(fit.terminal_mps)


def test_a_light_object_falling_long_is_a_throw_from_its_floor() -> None:
    """A plastic bottle (terminal speed 16 m/s) dropped from floor 19 and seen for 3.2 s: by
    then it falls at a fifth of g, and the parabola refuses it; quadratic drag explains it."""
    t, x, y = _light_object(16.0, 3.2, top_m=18 * 3 + 1.0)
    options = FallOptions(front_share=0.0)
    parabola_only = evaluate(FACADE, t, x, y, FallOptions(front_share=0.0, drag_min_s=1e9))
    assert isinstance(parabola_only, Rejection)
    assert parabola_only.kind in {"acceleration", "jerk", "halves"}
    fit = evaluate(FACADE, t, x, y, options)
    assert isinstance(fit, FallFit)
    assert (fit.floor, fit.column) == (19, 2)
    assert fit.origin_s == pytest.approx(10.0, abs=0.1)
    # the acceleration reported is the first second's, near g
    assert fit.acceleration == pytest.approx(0.8 * G, rel=0.15)


def test_a_light_object_seen_late_is_traced_back_along_its_drag_curve() -> None:
    """First seen 1 s after it was dropped from floor 17, already slowed by the air: traced
    back along its own drag curve, not a parabola (which would put the release too early,
    a floor too high)."""
    t, x, y = _light_object(20.0, 3.6, top_m=16 * 3 + 1.5)
    late = t >= 11.0 - 1e-9
    fit = evaluate(FACADE, t[late], x[late], y[late], FallOptions(front_share=0.0))
    assert isinstance(fit, FallFit)
    assert fit.origin_s == pytest.approx(10.0, abs=0.06)
    assert (fit.floor, fit.column) == (17, 2)
    assert fit.floor_low <= 17 <= fit.floor_high


def test_a_steady_descent_is_not_a_light_object_falling() -> None:
    """A bird diving at a steady 11 m/s for 2 s, one that speeds up slowly (1.5 m/s²) all
    along, or something first seen near its terminal speed (a leaf in a gust, a bird): none
    shows a fall's start at g, so the drag model does not take them."""
    rng = np.random.default_rng(9)
    t = np.arange(0.0, 2.0, 1 / 25)
    late = 50.0 - (14.0**2 / G) * np.log(np.cosh(G * (t + 1.0) / 14.0))  # 8.5 m/s at first
    for h in (50.0 - 11.0 * t, 50.0 - 4.0 * t - 0.75 * t**2, late):
        x = 300 + 30 * t + rng.normal(0, 0.3, len(t))
        y = 1200 - h * PPM + rng.normal(0, 0.3, len(t))
        result = evaluate(FACADE, t + 10, x, y, FallOptions())
        assert isinstance(result, Rejection) and result.kind == "acceleration"


def test_a_bird_gliding_down_then_diving_is_not_a_light_object_falling() -> None:
    """Gliding down at 4.7 m/s, swaying, then diving at 11 m/s (a far facade, 4 px a metre):
    the drag curve of a very light object (terminal speed 13 m/s) follows it, so the model
    stops at 15 m/s."""
    rng = np.random.default_rng(3)
    s = np.arange(0.16, 2.48, 1 / 25)
    wave = 2 * np.pi * 0.52 * s + 1.0
    h = 44.4 - 4.7 * s - 6.5 * np.clip(s - 0.76, 0, None) + 0.27 * np.sin(2 * wave)
    x = 108 - 5.0 * s + 1.2 * np.sin(wave) + rng.normal(0, 0.2, len(s))
    y = 240 - h * 4 + rng.normal(0, 0.2, len(s))
    far = frontal_facade(100, 0, 500, 240)
    result = evaluate(far, s + 10, x, y, FallOptions(), pixel_scale=4.0)
    assert isinstance(result, Rejection) and result.kind == "acceleration"
    lower = FallOptions(drag_terminal_mps=(8.0, 80.0))
    # the drag curve of a very light object would follow it; the hinge (glide, then dive)
    # refuses it too
    hinge = evaluate(far, s + 10, x, y, lower, pixel_scale=4.0)
    assert isinstance(hinge, Rejection) and hinge.kind == "hinge"
    lowest = FallOptions(drag_terminal_mps=(8.0, 80.0), min_hinge_share=0.0)
    assert isinstance(evaluate(far, s + 10, x, y, lowest, pixel_scale=4.0), FallFit)


def test_two_swoops_are_not_one_fall() -> None:
    """A bird or a leaf descending in two swoops, each slowing down (an upward acceleration
    of 4 m/s²), the second faster: the whole track curves like a fall at about g, neither
    half falls."""
    rng = np.random.default_rng(7)
    t = np.arange(0.0, 1.52, 1 / 25)
    middle = 0.76
    first = 40.0 - 1.0 * t + 2.0 * t**2
    at_middle = 40.0 - 1.0 * middle + 2.0 * middle**2
    second = at_middle - 9.0 * (t - middle) + 2.0 * (t - middle) ** 2
    h = np.where(t < middle, first, second)
    x = 300 + rng.normal(0, 0.5, len(t))
    y = 1200 - h * PPM + rng.normal(0, 0.5, len(t))
    result = evaluate(FACADE, t + 10, x, y, FallOptions(), pixel_scale=4.0)
    assert isinstance(result, Rejection) and result.kind == "halves"
    # without the halves, the hinge refuses it (a speed that changes at one moment)
    hinge = evaluate(FACADE, t + 10, x, y, FallOptions(half_slack_mps2=1e9), pixel_scale=4.0)
    assert isinstance(hinge, Rejection) and hinge.kind == "hinge"
    lenient = evaluate(
        FACADE, t + 10, x, y, FallOptions(half_slack_mps2=1e9, min_hinge_share=0.0), pixel_scale=4.0
    )
    assert isinstance(lenient, FallFit)
    assert lenient.acceleration == pytest.approx(G, rel=0.1)


def test_a_bird_tipping_into_a_dive_is_not_a_fall() -> None:
    """Gliding down at 4.5 m/s, then diving at 12.5 m/s: two straight lines whose corner a
    parabola at about g follows within the fit's tolerance at 1080p; neither half accelerates."""
    rng = np.random.default_rng(7)
    t = np.arange(0.0, 1.72, 1 / 25)
    h = np.where(t < 0.9, 40.0 - 4.5 * t, 40.0 - 4.5 * 0.9 - 12.5 * (t - 0.9))
    x = 300 - 20 * t + rng.normal(0, 0.3, len(t))
    y = 1200 - h * PPM + rng.normal(0, 0.3, len(t))
    result = evaluate(FACADE, t + 10, x, y, FallOptions(), pixel_scale=4.0)
    assert isinstance(result, Rejection) and result.kind == "halves"
    # without the halves, the hinge refuses it (a speed that changes at one moment)
    hinge = evaluate(FACADE, t + 10, x, y, FallOptions(half_slack_mps2=1e9), pixel_scale=4.0)
    assert isinstance(hinge, Rejection) and hinge.kind == "hinge"
    lenient = evaluate(
        FACADE, t + 10, x, y, FallOptions(half_slack_mps2=1e9, min_hinge_share=0.0), pixel_scale=4.0
    )
    assert isinstance(lenient, FallFit)


def test_a_track_that_moves_in_jumps_is_not_a_fall() -> None:
    """Something slow that the camera's encoder updates in jumps (or a chain of still blobs)
    draws a parabola by steps: it stands still in most frames while its fit moves."""
    t, x, y = _track(height_m=40.0, u=2.0, v0=2.0, seconds=1.4, noise_px=0.0)
    held_x, held_y = x.copy(), y.copy()
    for start in range(0, len(t), 4):  # the picture is updated every fourth frame
        held_x[start : start + 4] = x[start]
        held_y[start : start + 4] = y[start]
    result = evaluate(FACADE, t, held_x, held_y, FallOptions())
    assert isinstance(result, Rejection)
    assert result.kind == "frozen"
    # the same fall seen in every frame passes
    assert isinstance(evaluate(FACADE, t, x, y, FallOptions()), FallFit)


def _far_track(noise_px: float, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """0.8 s of a fall on a far facade (4 px a metre), with centroid noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(0, 0.8, 0.04)
    h = 40 - 3 * t - 0.5 * G * t * t
    x = 300 + rng.normal(0, noise_px, len(t))
    y = 240 - h * 4 + rng.normal(0, noise_px, len(t))
    return t + 10.0, x, y


def test_an_acceleration_that_is_not_measured_is_no_fall() -> None:
    """A short noisy track whose parabola lands in the free-fall band by chance: its
    acceleration is within 6 of its sigmas of nothing at all, so it is not a fall; the same
    track seen sharply is one."""
    far = frontal_facade(100, 0, 500, 240)
    loose = FallOptions(short_max_fit_px=1.6)  # the short tracks' closer fit refuses most first
    noisy = [evaluate(far, *_far_track(0.8, seed), loose) for seed in range(20)]
    uncertain = [r for r in noisy if isinstance(r, Rejection) and r.kind == "uncertain"]
    assert len(uncertain) >= 5
    sharp = [evaluate(far, *_far_track(0.15, seed), FallOptions()) for seed in range(20)]
    assert all(isinstance(r, FallFit) for r in sharp)


def test_an_origin_just_above_the_top_within_its_uncertainty_is_the_top_floor() -> None:
    """A fall first seen late from the roof's edge (or a top-floor window, extrapolated back
    over a second) lands above the facade's top by less than its own uncertainty: the top
    floor's. Far above (a bird flying level over the roof, then diving) stays off the facade."""
    t, x, y = _track(height_m=63.0, u=2.5, start_s=1.2, seconds=2.4, noise_px=0.5)
    fit = evaluate(FACADE, t, x, y, FallOptions())
    assert isinstance(fit, FallFit)
    assert fit.floor == 20 and fit.origin_v > 20.5
    t, x, y = _track(height_m=70.0, u=2.5, start_s=1.2, seconds=2.4, noise_px=0.5)
    far = evaluate(FACADE, t, x, y, FallOptions())
    assert isinstance(far, Rejection) and far.kind == "off-facade"


def test_a_glide_turning_into_a_dive_is_two_straight_pieces() -> None:
    """Descending at 3 m/s, then at 6 m/s from 0.32 s on (a far facade, 4 px a metre): with a
    little centroid noise a parabola at about g fits the corner, and the halves are too short
    to show that neither accelerates. A path of two constant speeds fits it far better."""
    far = frontal_facade(100, 0, 500, 240)
    t = np.arange(0.0, 0.8, 0.04)
    h = np.where(t < 0.32, 40.0 - 3.0 * t, 40.0 - 0.96 - 6.0 * (t - 0.32))
    for seed in (0, 2):
        rng = np.random.default_rng(seed)
        x = 300 - 10 * t + rng.normal(0, 0.2, len(t))
        y = 240 - h * 4 + rng.normal(0, 0.2, len(t))
        result = evaluate(far, t + 10, x, y, FallOptions(), pixel_scale=4.0)
        assert isinstance(result, Rejection) and result.kind == "hinge"
        # every other test passes it: the hinge alone tells it from a fall
        lenient = evaluate(far, t + 10, x, y, FallOptions(min_hinge_share=0.0), pixel_scale=4.0)
        assert isinstance(lenient, FallFit)


# Two alarms of the development distractor clips (seed 476: heavy rain, a far facade at
# 480x270): a still blob chained to a glimpse of a streak falling past it. Times, x, y.
# fmt: off
_RAIN_CHAINS = (
    (
        [83.24, 83.28, 83.32, 83.36, 83.4, 83.44, 83.48, 83.52, 83.56, 83.6, 83.64, 83.84, 83.92,
         84.08],
        [253.0, 252.84, 254.0, 254.0, 252.23, 252.05, 252.0, 252.0, 252.0, 252.0, 252.0, 249.0,
         250.01, 247.0],
        [49.19, 49.26, 49.23, 49.07, 49.0, 49.21, 49.09, 49.08, 49.11, 50.0, 50.0, 54.16, 56.42,
         58.08],
    ),
    (
        [96.4, 96.44, 96.48, 96.52, 96.56, 96.6, 96.64, 96.68, 96.72, 96.76, 96.8, 96.88, 96.92,
         97.16, 97.24, 97.32],
        [270.18, 270.0, 269.0, 268.0, 267.0, 266.1, 265.4, 264.55, 263.7, 263.04, 261.99, 260.0,
         258.99, 260.0, 259.06, 259.93],
        [149.8, 150.0, 150.0, 150.0, 150.0, 150.32, 150.99, 150.99, 152.0, 152.27, 153.0, 154.95,
         155.01, 157.12, 167.95, 171.7],
    ),
)
# fmt: on


@pytest.mark.parametrize("chain", _RAIN_CHAINS)
def test_a_still_blob_chained_to_a_glimpse_of_rain_is_no_fall(
    chain: tuple[list[float], list[float], list[float]],
) -> None:
    facade = Facade.from_mapping(
        {
            "corners": [[208.23, 41.45], [277.52, 48.21], [298.61, 220.25], [183.26, 216.49]],
            "floors": 15,
            "lowest_floor": 4,
            "columns": 4,
            "floor_height_m": 3.0,
        }
    )
    t, x, y = (np.array(values) for values in chain)
    result = evaluate(facade, t, x, y, FallOptions())
    assert isinstance(result, Rejection) and result.kind == "hinge"
    assert isinstance(evaluate(facade, t, x, y, FallOptions(min_hinge_share=0.0)), FallFit)


def test_falls_are_not_hinges() -> None:
    """Drops, tosses and light objects of every length the detector sees, with centroid
    noise: the hinge never fits them under the share."""
    far = frontal_facade(100, 0, 500, 240)
    for seconds in (0.56, 0.8, 1.2, 2.0):
        for v0 in (-2.0, 0.0, 1.5):
            for seed in range(5):
                rng = np.random.default_rng(seed)
                t = np.arange(0.0, seconds, 0.04)
                h = 45.0 + v0 * t - 0.5 * G * t * t
                x = 300 + rng.normal(0, 0.15, len(t))
                y = 240 - h * 4 + rng.normal(0, 0.15, len(t))
                result = evaluate(far, t + 10, x, y, FallOptions(), pixel_scale=4.0)
                assert not (isinstance(result, Rejection) and result.kind == "hinge"), (
                    seconds,
                    v0,
                    seed,
                )


def test_the_hinge_fit_finds_the_turn() -> None:
    """Two constant speeds meeting at 0.5 s are fitted exactly; a parabola leaves what its
    best hinge (brute force over fine turns) leaves."""
    t = np.arange(0.0, 1.0, 0.04)
    two = np.where(t < 0.5, 30.0 - 2.0 * t, 29.0 - 9.0 * (t - 0.5))
    assert _hinge_rss(t, two) < 1e-3  # the grid misses the turn by 7 ms at most
    fall = 30.0 - 0.5 * G * t * t
    best = min(
        float(
            np.sum(
                (
                    fall
                    - np.column_stack([np.ones_like(t), t, np.maximum(t - turn, 0)])
                    @ np.linalg.lstsq(
                        np.column_stack([np.ones_like(t), t, np.maximum(t - turn, 0)]),
                        fall,
                        rcond=None,
                    )[0]
                )
                ** 2
            )
        )
        for turn in np.linspace(t[1], t[-2], 2000)
    )
    assert _hinge_rss(t, fall) == pytest.approx(best, rel=0.02)
    assert best > 0.01
