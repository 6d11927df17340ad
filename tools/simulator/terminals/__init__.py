"""Simulated access terminals (Hikvision ISAPI, Dahua HTTP API) for tests, the benchmark and
the demo: ``python -m tools.simulator.terminals --hikvision 2 --dahua 1``."""

from .dahua import DahuaTerminal
from .hikvision import HikvisionTerminal
from .library import LibraryRefusal, SimUser, TerminalLibrary, exact_matcher
from .server import CannedAnswer, SimulatedTerminal

__all__ = [
    "CannedAnswer",
    "DahuaTerminal",
    "HikvisionTerminal",
    "LibraryRefusal",
    "SimUser",
    "SimulatedTerminal",
    "TerminalLibrary",
    "exact_matcher",
]
