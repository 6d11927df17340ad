"""Bounded per-device queue: back-pressure drops old frames of the same pass, never events."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.recognition.frame_queue import FrameQueue


def test_fifo_order() -> None:
    queue: FrameQueue[str] = FrameQueue(4)
    queue.put_frame("p1", "a")
    queue.put_event("e")
    queue.put_frame("p1", "b")
    got = [queue.get(), queue.get(), queue.get(), queue.get()]
    assert [g.payload if g else None for g in got] == ["a", "e", "b", None]


def test_full_queue_drops_oldest_frame_of_the_same_pass() -> None:
    queue: FrameQueue[str] = FrameQueue(3)
    queue.put_frame("p1", "a1")
    queue.put_frame("p2", "b1")
    queue.put_frame("p2", "b2")
    assert queue.put_frame("p2", "b3") == ["b1"]
    assert queue.dropped == 1
    assert queue.drain_pass("p2") == ["b2", "b3"]


def test_full_queue_drops_oldest_frame_of_another_pass_when_needed() -> None:
    queue: FrameQueue[str] = FrameQueue(2)
    queue.put_frame("p1", "a1")
    queue.put_frame("p1", "a2")
    assert queue.put_frame("p2", "b1") == ["a1"]


def test_events_are_never_dropped_nor_counted() -> None:
    queue: FrameQueue[str] = FrameQueue(1)
    for i in range(5):
        queue.put_event(f"e{i}")
    queue.put_frame("p1", "a")
    assert queue.put_frame("p1", "b") == ["a"]
    assert len(queue) == 6
    assert queue.frames == 1


def test_bound_must_be_positive() -> None:
    with pytest.raises(ValueError):
        FrameQueue(0)
