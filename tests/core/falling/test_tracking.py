"""The tracker on hand-made blobs."""

from __future__ import annotations

import numpy as np

from custom_components.smart_community.core.falling.blobs import Blobs
from custom_components.smart_community.core.falling.tracking import Tracker


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
