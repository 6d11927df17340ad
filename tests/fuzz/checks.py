"""What every decoded event must satisfy, whatever the input was."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from custom_components.smart_community.core.events import DeviceEvent
from custom_components.smart_community.core.protocols.timeparse import VALID_YEARS


def check_events(events: Iterable[DeviceEvent]) -> None:
    """Aware times in range, JSON-serialisable (no NaN, no lone surrogate), fractions 0..1."""
    for event in events:
        assert event.time.tzinfo is not None, event
        assert event.time.year in VALID_YEARS, event.time
        for value in (event.similarity, event.confidence):
            assert value is None or (math.isfinite(value) and 0 <= value <= 1), value
        json.dumps(event.to_json(), ensure_ascii=False, allow_nan=False).encode("utf-8")
