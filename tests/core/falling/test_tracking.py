"""The tracker on hand-made blobs."""

from __future__ import annotations

import numpy as np

from custom_components.smart_community.core.falling.blobs import Blobs
from custom_components.smart_community.core.falling.tracking import Track, Tracker


def _blobs(points: list[tuple[float, float, int]]) -> Blobs:
    n = len(points)
    ones = np.ones(n, np.intp)
    return Blobs(
        np.array([p[0] for p in points], np.float64),
        np.array([p[1] for p in points], np.float64),
        ones,
        ones,
        ones,
        np.array([p[2] for p in points], np.int8),
        np.full(n, 10.0),
    )


def test_a_track_keeps_its_polarity() -> None:
    """A dark object moving down; where it lingered it left a bright ghost (absorbed into the
    background, then uncovered) right where the track expects it: the track follows the dark
    object, not the ghost."""
    tracker = Tracker()
    for k in range(6):
        tracker.update(k / 25, _blobs([(50.0, 10.0 + k, -1)]))
    tracker.update(6 / 25, _blobs([(50.0, 16.0, 1), (50.0, 17.2, -1)]))
    (track,) = [tr for tr in tracker.active if len(tr) > 1]
    assert track.y[-1] == 17.2 and track.signs[-1] == -1
    # a track with no settled look takes the nearest blob, whatever its polarity
    mixed = Tracker()
    for k in range(6):
        mixed.update(k / 25, _blobs([(50.0, 10.0 + k, -1 if k % 2 else 1)]))
    mixed.update(6 / 25, _blobs([(50.0, 16.0, 1), (50.0, 17.2, -1)]))
    (track,) = [tr for tr in mixed.active if len(tr) > 1]
    assert track.y[-1] == 16.0


def test_a_head_that_waited_for_its_next_point_is_stray() -> None:
    """One or two points, then a wait of several frames: the head goes; a track seen in every
    frame, or a longer head, stays whole."""
    frame = 1 / 25
    t = [0.0, 6 * frame] + [(7 + k) * frame for k in range(10)]
    track = Track(3, t, list(range(12)), list(range(12)), [1] * 12, [1] * 12, 1.0, joins=(5,))
    trimmed = track.without_stray_head(frame)
    assert trimmed.t == t[1:] and trimmed.joins == (4,)
    two = Track(3, [0.0, frame, *t[1:]], [0.0] * 13, [0.0] * 13, [1] * 13, [1] * 13, 1.0)
    assert two.without_stray_head(frame).t == t[1:]
    steady = [k * frame for k in range(12)]
    assert (
        Track(4, steady, [0.0] * 12, [0.0] * 12, [1] * 12, [1] * 12, 1.0)
        .without_stray_head(frame)
        .t
        == steady
    )
    three = [0.0, frame, 2 * frame] + [(9 + k) * frame for k in range(9)]
    kept = Track(5, three, [0.0] * 12, [0.0] * 12, [1] * 12, [1] * 12, 1.0)
    assert kept.without_stray_head(frame).t == three
