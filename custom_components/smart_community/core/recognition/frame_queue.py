"""A bounded per-device queue of work for the recognition engine, with back-pressure.

Frames (pictures of one face capture or one vehicle pass, keyed by ``pass_id``) are bounded by
``max_frames``; when full, the oldest queued frame of the same pass is dropped (later frames of
a pass carry the same information), else the oldest frame of any pass. Events (a device's own
decision, an alarm) are never dropped and do not count against the bound. FIFO order is kept.
Thread-safe; no asyncio, so an executor worker and the event loop can both use it.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class QueuedItem[T]:
    payload: T
    pass_id: str | None  # None: an event
    sequence: int

    @property
    def is_event(self) -> bool:
        return self.pass_id is None


class FrameQueue[T]:
    def __init__(self, max_frames: int = 8) -> None:
        if max_frames < 1:
            raise ValueError("max_frames must be at least 1")
        self.max_frames = max_frames
        self._items: deque[QueuedItem[T]] = deque()
        self._frames = 0
        self._sequence = 0
        self._dropped = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    @property
    def frames(self) -> int:
        return self._frames

    @property
    def dropped(self) -> int:
        """Frames dropped so far (back-pressure made visible for diagnostics)."""
        return self._dropped

    def _next(self, payload: T, pass_id: str | None) -> QueuedItem[T]:
        self._sequence += 1
        return QueuedItem(payload, pass_id, self._sequence)

    def put_event(self, payload: T) -> None:
        with self._lock:
            self._items.append(self._next(payload, None))

    def put_frame(self, pass_id: str, payload: T) -> list[T]:
        """Queue a frame; returns the payloads dropped to make room."""
        with self._lock:
            dropped: list[T] = []
            if self._frames >= self.max_frames:
                victim = next(
                    (i for i in self._items if i.pass_id == pass_id),
                    next(i for i in self._items if not i.is_event),
                )
                self._items.remove(victim)
                self._frames -= 1
                self._dropped += 1
                dropped.append(victim.payload)
            self._items.append(self._next(payload, pass_id))
            self._frames += 1
            return dropped

    def get(self) -> QueuedItem[T] | None:
        """The oldest item, or None when empty."""
        with self._lock:
            if not self._items:
                return None
            item = self._items.popleft()
            if not item.is_event:
                self._frames -= 1
            return item

    def drain_pass(self, pass_id: str) -> list[T]:
        """Take every queued frame of one pass (to vote over them together)."""
        with self._lock:
            taken = [i for i in self._items if i.pass_id == pass_id]
            for item in taken:
                self._items.remove(item)
            self._frames -= len(taken)
            return [i.payload for i in taken]
