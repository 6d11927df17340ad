"""What every decoded event must satisfy, whatever the input was."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from custom_components.smart_community.core.events import DeviceEvent
from custom_components.smart_community.core.protocols.timeparse import VALID_YEARS


def check_events(events: Iterable[DeviceEvent], *, strict_numbers: bool = True) -> None:
    """Aware times in range, JSON-serialisable (no NaN, no lone surrogate), fractions 0..1.

    ``strict_numbers`` is off for the GA/T 1400 objects, whose number parsing lives in
    ``gat1400/objects.py`` (left to the integrator's move, see the README's security model).
    """
    for event in events:
        assert event.time.tzinfo is not None, event
        assert event.time.year in VALID_YEARS, event.time
        document = event.to_json()
        if strict_numbers:
            for value in (event.similarity, event.confidence):
                assert value is None or (math.isfinite(value) and 0 <= value <= 1), value
            json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")
        else:
            json.dumps(document, ensure_ascii=False).encode("utf-8")
