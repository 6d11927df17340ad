"""Access rules: who may pass which gate, turnstile, barrier and unit door, and when."""

from ..site import Direction
from .decide import decide
from .models import (
    AccessDecision,
    AccessPoint,
    AccessRules,
    Outcome,
    PersonSubject,
    PlateSubject,
    Subject,
)
from .schedule import ALWAYS, Schedule
from .time_window import TimeWindow

__all__ = [
    "ALWAYS",
    "AccessDecision",
    "AccessPoint",
    "AccessRules",
    "Direction",
    "Outcome",
    "PersonSubject",
    "PlateSubject",
    "Schedule",
    "Subject",
    "TimeWindow",
    "decide",
]
