"""The falling-object benchmark's clips: held-out seeds stay apart from the development's, a
longer run only adds hours, and the false-alarm rate's interval is the exact Poisson one."""

from __future__ import annotations

import pytest

from benchmarks.falling_objects import (
    DEV_DISTRACTORS,
    HOUR_PIECES,
    distractor_jobs,
    poisson_interval,
)


def test_held_out_distractors_never_use_a_development_seed() -> None:
    held_out = {seed for _, seed, _ in distractor_jobs(24 * 60, dev=False)}
    assert len(held_out) == 24 * HOUR_PIECES
    assert not held_out & set(DEV_DISTRACTORS)
    dev = {seed for _, seed, _ in distractor_jobs(13 * 60, dev=True)}
    assert dev <= set(DEV_DISTRACTORS)
    with pytest.raises(IndexError):  # more development hours than there are clips
        distractor_jobs(14 * 60, dev=True)


def test_a_longer_run_keeps_each_hour_and_its_split() -> None:
    one_hour = distractor_jobs(60, dev=False)
    four_hours = distractor_jobs(240, dev=False)
    assert four_hours[:HOUR_PIECES] == one_hour
    # the one-hour run as it was: seeds 0-9 through H.264, 10-29 rendered straight
    assert [(kind, seed) for kind, seed, _ in one_hour] == [("h264", s) for s in range(10)] + [
        ("direct", s) for s in range(10, 30)
    ]
    for block in range(4):
        hour = four_hours[block * HOUR_PIECES : (block + 1) * HOUR_PIECES]
        assert [kind for kind, _, _ in hour].count("h264") == 10
        assert all(seconds == 120.0 for _, _, seconds in hour)
    # after seed 99 the held-out seeds jump over the development's
    assert [seed for _, seed, _ in four_hours[99:102]] == [99, 500, 501]
    # a part hour keeps a third through H.264
    assert [kind for kind, _, _ in distractor_jobs(6, dev=False)] == ["h264", "direct", "direct"]


@pytest.mark.parametrize(
    ("count", "low", "high"),
    [(0, 0.0, 3.689), (1, 0.0253, 5.572), (4, 1.090, 10.242), (10, 4.795, 18.390)],
)
def test_poisson_interval_is_garwood(count: int, low: float, high: float) -> None:
    got = poisson_interval(count)
    assert got == pytest.approx((low, high), abs=1e-3)
