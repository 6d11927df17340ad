"""What the access-terminal tests share (core and HA): a clock the test moves, photos."""

from __future__ import annotations

import io
import random
from datetime import datetime

from PIL import Image


class FakeClock:
    """Epoch seconds that only the test moves; ``local()`` is the terminals' wall clock
    (they keep local time without a zone) in the start's zone."""

    def __init__(self, start: datetime) -> None:
        self.now = start.timestamp()
        self.zone = start.tzinfo

    def __call__(self) -> float:
        return self.now

    def local(self) -> datetime:
        return datetime.fromtimestamp(self.now, self.zone).replace(tzinfo=None)

    def advance(self, seconds: float) -> None:
        self.now += seconds


def jpeg(seed: int, size: int = 240) -> bytes:
    """A distinct real JPEG (noise keeps each one different)."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (size, size), rng.randbytes(size * size * 3))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=40)
    return out.getvalue()
