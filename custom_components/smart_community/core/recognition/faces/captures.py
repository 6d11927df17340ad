"""One verdict per capture of a door camera, and the retry path across its frames.

A capture may hold several frames; the device may also send its next capture a moment later
when told ``retry``. :class:`CaptureDecider` keeps, per device, the frames whose verdict was
``retry`` for :attr:`window_s` seconds and decides:

* frames that match one person: that match (the most similar frame);
* frames that match different people: ``unknown`` (the least similar match is reported);
* ``retry`` frames of one candidate (with the device's pending ones): fused into one decision
  (``FaceEngine.fuse``: averaged embeddings, the weakest frame's threshold); still ``retry``,
  they wait for the next frame;
* otherwise the most similar frame (``unknown``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .decision import Verdict
from .engine import FaceResult

MAX_PENDING_FRAMES = 3

type Fuse = Callable[[Sequence[FaceResult]], FaceResult]


@dataclass(slots=True)
class _Pending:
    results: list[FaceResult]
    at: float


class CaptureDecider:
    def __init__(self, fuse: Fuse, window_s: float = 10.0) -> None:
        self.fuse = fuse
        self.window_s = window_s
        self._pending: dict[str, _Pending] = {}
        self._lock = threading.Lock()

    def pending(self, device: str) -> int:
        """How many retry frames of ``device`` wait for the next one."""
        with self._lock:
            item = self._pending.get(device)
            return len(item.results) if item else 0

    def decide(self, device: str, per_frame: Sequence[FaceResult], now: float) -> FaceResult:
        """The capture's verdict (``now``: a monotonic clock in seconds)."""
        if not per_frame:
            raise ValueError("a capture without a face has no verdict")
        with self._lock:
            pending = self._pending.pop(device, None)
            for stale in [d for d, p in self._pending.items() if now - p.at > self.window_s]:
                del self._pending[stale]
        matches = [r for r in per_frame if r.decision.verdict is Verdict.MATCH]
        if matches:
            if len({r.person_id for r in matches}) == 1:
                return max(matches, key=lambda r: r.similarity)
            weakest = min(matches, key=lambda r: r.similarity)
            return replace(
                weakest,
                person_id=None,
                decision=replace(weakest.decision, verdict=Verdict.UNKNOWN),
            )
        retries = [r for r in per_frame if r.decision.verdict is Verdict.RETRY]
        if retries and pending is not None and now - pending.at <= self.window_s:
            retries = [*pending.results, *retries]
        if retries and len({r.decision.person_id for r in retries}) == 1:
            fused = self.fuse(retries)
            if fused.decision.verdict is Verdict.RETRY:
                with self._lock:
                    self._pending[device] = _Pending(retries[-MAX_PENDING_FRAMES:], now)
            return fused
        return max(per_frame, key=lambda r: r.similarity)
