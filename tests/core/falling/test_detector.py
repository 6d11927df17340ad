"""The whole detector on rendered frames (in memory, 480x270): throws found and attributed,
distractors ignored, disturbances survived."""

from __future__ import annotations

import numpy as np
import pytest

from custom_components.smart_community.core.falling.blobs import find_blobs, label_pixels
from custom_components.smart_community.core.falling.detector import (
    Throw,
    ThrowDetector,
    reduce_frame,
)
from custom_components.smart_community.core.falling.facade import Facade
from custom_components.smart_community.core.falling.foreground import BackgroundModel
from custom_components.smart_community.core.falling.tracking import Track
from tools.falling.clip import ClipRenderer, ClipSpec
from tools.falling.evaluate import score

from .frontal import frontal_facade


def _run(spec: ClipSpec) -> tuple[list[Throw], ClipRenderer]:
    renderer = ClipRenderer(spec)
    facade = Facade.from_mapping(renderer.scene.facade_json())
    detector = ThrowDetector(facade, spec.width, spec.height)
    found: list[Throw] = []
    for index in range(spec.frames):
        found += detector.process(renderer.frame_at(index), index / spec.fps)
    found += detector.flush()
    return found, renderer


@pytest.mark.parametrize(("seed", "night"), [(1, False), (6, True), (12, False)])
def test_throws_are_found_with_floor_and_column(seed: int, night: bool) -> None:
    spec = ClipSpec(seed=seed, seconds=12, throws=2, night=night, width=480, height=270)
    found, renderer = _run(spec)
    result = score(renderer.truth()["throws"], [t.as_json() for t in found])  # type: ignore[arg-type]
    assert result.found == 2, result.misses
    assert result.false_alarms == 0, result.alarms
    assert result.floor_within1 == 2


def test_distractors_alone_are_not_throws() -> None:
    """Birds (some diving), leaves, insects, people on balconies, lights, rain, a knock."""
    for seed in (21, 22):
        spec = ClipSpec(
            seed=seed,
            seconds=20,
            throws=0,
            birds=6,
            leaves=8,
            insects=3,
            people=3,
            lights_per_minute=30,
            rain=0.6,
            jolts=1,
            width=480,
            height=270,
        )
        found, _ = _run(spec)
        assert found == []


def test_full_resolution_frames_are_reduced_by_the_detector() -> None:
    facade = Facade.from_mapping(
        {
            "corners": [[400, 100], [1500, 100], [1500, 1000], [400, 1000]],
            "floors": 10,
            "columns": 3,
        }
    )
    detector = ThrowDetector(facade, 1920, 1080)
    assert detector.analysis_size == (480, 270)
    detector.process(np.zeros((1080, 1920), np.uint8), 0.0)
    with pytest.raises(ValueError, match="expected 1920x1080"):
        detector.process(np.zeros((100, 100), np.uint8), 0.04)


def test_reduce_is_an_area_average() -> None:
    frame = np.zeros((8, 8), np.uint8)
    frame[:4, :4] = 200
    assert reduce_frame(frame, 2, 2).tolist() == [[200, 0], [0, 0]]
    odd = reduce_frame(np.full((9, 7), 90, np.uint8), 3, 2)
    assert odd.shape == (2, 3) and int(odd.min()) == 90


def test_a_light_switched_on_is_absorbed_into_the_background() -> None:
    model = BackgroundModel()
    rng = np.random.default_rng(1)
    frame = np.full((60, 80), 50, np.float32)
    for _ in range(30):
        model.update(frame + rng.normal(0, 1, frame.shape).astype(np.float32))
    lit = frame.copy()
    lit[10:20, 10:20] = 200
    first = model.update(lit)
    assert first.mask[15, 15]
    for _ in range(12):
        last = model.update(lit + rng.normal(0, 1, frame.shape).astype(np.float32))
    assert not last.mask[15, 15]


def test_a_global_change_is_a_disturbed_frame() -> None:
    model = BackgroundModel()
    frame = np.full((60, 80), 50, np.float32)
    for _ in range(30):
        model.update(frame)
    assert model.update(frame + 40).disturbed
    assert not model.update(frame + 40).disturbed


def test_blobs_are_connected_components() -> None:
    mask = np.zeros((6, 8), bool)
    mask[1, 1] = mask[2, 2] = True  # diagonal: one blob
    mask[1, 6] = mask[4, 6] = True  # two lone pixels
    diff = np.where(mask, 10.0, 0.0).astype(np.float32)
    blobs = find_blobs(mask, diff)
    assert sorted(blobs.area.tolist()) == [1, 1, 2]
    labels = label_pixels(np.flatnonzero(mask), 8)
    assert len(set(labels.tolist())) == 3
    # a pixel at a row's end is not joined to the next row's start
    wrap = np.zeros((3, 4), bool)
    wrap[0, 3] = wrap[1, 0] = True
    assert len(set(label_pixels(np.flatnonzero(wrap), 4).tolist())) == 2


# A frontal facade at the analysis size: 20 floors of 3 m, 230 px high.
_FACADE = frontal_facade(140, 20, 340, 250)


def _piece(
    detector: ThrowDetector, ident: int, frames: range, *, still_at: int | None = None
) -> Track:
    """Frames of a fall from 43.2 m (floor 15, column 3) as the tracker would hand them over,
    in the analysed region's pixels; ``still_at``: a blob that stays where the fall is at
    that frame."""
    s = np.array(frames) / 25.0
    if still_at is not None:
        s = np.full(len(s), still_at / 25.0)
    h = 43.2 - 0.5 * 9.81 * s * s
    y = 250 - h * 230 / 60 - detector.roi[1]
    x = np.full(len(s), 265.0 - detector.roi[0])
    n = len(s)
    t = 10 + np.array(frames) / 25.0
    return Track(ident, list(t), list(x), list(y), [1] * n, [-1] * n, 1.0)


def test_a_fall_seen_in_glimpses_is_one_throw() -> None:
    """Behind a tree the tracker sees a fall in pieces, the middle ones a few frames long,
    none long enough alone: the pieces are chained into one fall."""
    detector = ThrowDetector(_FACADE, 480, 270)
    found: list[Throw] = []
    pieces = (range(0, 10), range(14, 19), range(23, 28), range(32, 37), range(41, 49))
    for ident, frames in enumerate(pieces):
        found += detector._finish([_piece(detector, ident, frames)])
    assert [(t.floor, t.column) for t in found] == [(15, 3)]
    assert found[0].start_s == pytest.approx(10.0, abs=0.1)


def test_a_blob_standing_still_is_not_the_start_of_a_fall() -> None:
    """A light in a window, then a fall's piece starting just below it: the light is not the
    fall's beginning (a fall does not stand still for half a second)."""
    detector = ThrowDetector(_FACADE, 480, 270)
    light = _piece(detector, 0, range(0, 14), still_at=15)
    assert detector._finish([light]) == []
    joined = detector._predecessor(_piece(detector, 1, range(16, 30)))
    assert joined is None


def test_a_glimpse_after_a_piece_near_its_apex_is_not_a_fall() -> None:
    """A piece that hardly moves for 0.6 s where a fall would have its apex (a person moving
    on a balcony, a drifting leaf), then, after a gap, four frames of something falling: the
    chain is a parabola, but the fall is hardly seen. With ten frames after the gap it is."""
    for rest, expected in ((range(22, 26), []), (range(22, 32), [(15, 3)])):
        detector = ThrowDetector(_FACADE, 480, 270)
        near_apex = _piece(detector, 0, range(-6, 10))  # rises 0.28 m, then falls 0.63 m
        found = detector._finish([near_apex])
        found += detector._finish([_piece(detector, 1, rest)])
        assert [(t.floor, t.column) for t in found] == expected


def test_a_fall_seen_only_long_after_its_release_names_no_window() -> None:
    """Half a second of a fall seen 1.6 s after its release (a bird's dive is such a
    moment) puts the release three times further back than it was seen: no window is named
    from that guess. Seen from 0.8 s on, for 1.3 s, the same fall is a throw."""
    for frames, expected, refused in (
        (range(40, 53), [], {"unseen": 1}),
        (range(20, 53), [(15, 3)], {}),
    ):
        detector = ThrowDetector(_FACADE, 480, 270)
        found = detector._finish([_piece(detector, 0, frames)])
        assert [(t.floor, t.column) for t in found] == expected
        assert detector.rejections == refused


def test_a_fall_seen_late_after_an_earlier_piece_is_a_throw() -> None:
    """The earlier pieces of a chain count as seen: a fall first glimpsed near its release,
    lost in front of windows of its own brightness, then seen for half a second lower down
    is a throw though its last piece alone was seen long after the release."""
    detector = ThrowDetector(_FACADE, 480, 270)
    found = detector._finish([_piece(detector, 0, range(4, 12))])
    found += detector._finish([_piece(detector, 1, range(40, 53))])
    assert [(t.floor, t.column) for t in found] == [(15, 3)]
    assert found[0].start_s == pytest.approx(10.0, abs=0.1)


def test_a_busy_scene_does_not_push_the_fall_out_of_the_history() -> None:
    """Rain and branches end hundreds of short tracks while a fall is lost for a frame: its
    earlier piece is still there to be joined when the rest of the fall comes."""
    detector = ThrowDetector(_FACADE, 480, 270)
    found = detector._finish([_piece(detector, 0, range(0, 14))])
    rng = np.random.default_rng(2)
    for ident in range(1, 300):  # raindrops far from the fall, each seen for 3 frames
        t = 10 + 0.5 + rng.uniform(0, 0.04, 3).cumsum()
        x, y = rng.uniform(0, 60), rng.uniform(0, 200)
        drop = Track(ident, list(t), [x] * 3, [y, y + 2, y + 4], [1] * 3, [1] * 3, 1.0)
        found += detector._finish([drop])
    found += detector._finish([_piece(detector, 400, range(15, 24))])
    assert [(t.floor, t.column) for t in found] == [(15, 3)]


def test_a_piece_is_kept_until_the_track_that_continues_it_ends() -> None:
    """Tracks are handed over when they end, not when they start: a fall's continuation that
    ends late still finds its earlier piece, though a short track that started long after that
    piece ended was handed over in between."""
    detector = ThrowDetector(_FACADE, 480, 270)
    found = detector._finish([_piece(detector, 0, range(0, 10))])
    later = 10 + 10 / 25 + 1.6  # more than the stitching gap after the piece's end
    times = [later, later + 0.04, later + 0.08]
    other = Track(1, times, [20.0] * 3, [50.0, 52.0, 54.0], [1] * 3, [1] * 3, 1.0)
    found += detector._finish([other])
    found += detector._finish([_piece(detector, 2, range(11, 31, 2))])  # too short alone
    assert [(t.floor, t.column) for t in found] == [(15, 3)]


def test_a_blob_taken_as_the_start_of_a_fall_does_not_hide_the_fall() -> None:
    """A short blob just above the window and just before the release (noise, a flicker) is
    joined to the fall's first piece as its beginning; the chain fails the free-fall test,
    and the fall without it passes."""
    detector = ThrowDetector(_FACADE, 480, 270)
    first = _piece(detector, 1, range(0, 10))
    junk = _piece(detector, 0, range(-12, -8), still_at=0)
    junk.y = [first.y[0] - 3.0 + 0.5 * k for k in range(4)]
    found = detector._finish([junk])
    found += detector._finish([first])
    rest = _piece(detector, 2, range(11, 31, 2))  # each piece is too short alone
    joined = detector._predecessor(rest)
    assert joined is not None and joined[0].t[0] < 10.0  # the chain with the blob
    found += detector._finish([rest])
    assert [(t.floor, t.column) for t in found] == [(15, 3)]
    assert found[0].start_s == pytest.approx(10.0, abs=0.1)


def _after_a_stray_point(rest: Track) -> Track:
    """``rest`` as a track that began on a noise point beside the fall, five frames earlier."""
    return Track(
        rest.ident,
        [rest.t[0] - 6 / 25, *rest.t],
        [rest.x[0] + 8.0, *rest.x],
        [rest.y[0] - 10.0, *rest.y],
        [1] * (len(rest) + 1),
        [-1] * (len(rest) + 1),
        1.0,
    )


def test_a_stray_first_point_does_not_spoil_the_rest_of_a_fall() -> None:
    """A fall lost behind a lower floor's balcony for five frames. Meanwhile a one-point track
    (noise beside the fall) waited, its gate widening each frame, and took the fall when it
    came back: the track it hands over starts with that noise. Without the stray head the
    track is the fall's continuation and joins the first piece."""
    detector = ThrowDetector(_FACADE, 480, 270)
    found = detector._finish([_piece(detector, 0, range(0, 14))])  # too short a drop alone
    rest = _piece(detector, 1, range(19, 33))
    found += detector._finish([_after_a_stray_point(rest)])
    assert [(t.floor, t.column) for t in found] == [(15, 3)]
    assert found[0].start_s == pytest.approx(10.0, abs=0.1)


def test_a_glimpse_after_a_stray_point_is_not_evidence_of_its_own() -> None:
    """The retry without a stray head needs the rest to be evidence of its own: a glimpse of
    five frames after a noise point, joined to earlier pieces, is not taken for their fall
    (on distractor video such chains of a light's pieces were the only false alarm)."""
    detector = ThrowDetector(_FACADE, 480, 270)
    found = detector._finish([_piece(detector, 0, range(0, 14))])
    rest = _piece(detector, 1, range(19, 24))
    found += detector._finish([_after_a_stray_point(rest)])
    assert found == []
    # the same glimpse without the noise point continues the fall
    detector = ThrowDetector(_FACADE, 480, 270)
    found = detector._finish([_piece(detector, 0, range(0, 14))])
    found += detector._finish([_piece(detector, 1, range(19, 24))])
    assert [(t.floor, t.column) for t in found] == [(15, 3)]


def test_repeated_frames_are_skipped() -> None:
    """A camera that streams 25 fps from a sensor giving 12.5 at night repeats each picture:
    a repeat says nothing new (in it a falling object would seem to stand still), so the
    throw is still found."""
    spec = ClipSpec(seed=6, seconds=12, throws=2, night=True, width=480, height=270, fps=12.5)
    renderer = ClipRenderer(spec)
    detector = ThrowDetector(Facade.from_mapping(renderer.scene.facade_json()), 480, 270)
    found: list[Throw] = []
    for index, frame in enumerate(renderer.frames()):
        found += detector.process(frame, 2 * index / 25.0)
        found += detector.process(frame.copy(), (2 * index + 1) / 25.0)
    found += detector.flush()
    result = score(renderer.truth()["throws"], [t.as_json() for t in found])  # type: ignore[arg-type]
    assert detector.repeated_frames == spec.frames
    assert result.found == 2, result.misses
