"""门禁授权: every access terminal's people, faces, cards and windows follow the registry.

``planner`` decides who goes where, ``diff`` what must change, ``store`` keeps the per-terminal
queues and what each terminal confirmed, ``engine`` runs it all against the vendor clients
(``hikvision``, ``dahua``, ``mqtt``); ``receivers`` keep the terminals' event streams open;
``idcheck`` is the 人证核验 at the population-collection terminal.
"""

from .engine import (
    EngineOptions,
    RefusalSignal,
    SyncState,
    TerminalSpec,
    TerminalStatus,
    TerminalSyncEngine,
    Vendor,
)
from .errors import (
    AuthenticationFailed,
    BadDeviceAnswer,
    DeviceRefused,
    DeviceUnavailable,
    TerminalError,
    Unreachable,
)
from .faces import EngineAssessor, FolderPhotoSource, PhotoMissing, PhotoSource
from .models import FaceRef, Operation, OpKind, TerminalUser, UserKind, ValidityWindow
from .planner import AssignmentPolicy, Plan, plan_libraries
from .store import SyncStore
from .topology import TerminalPlace, place_of, terminal_places

__all__ = [
    "AssignmentPolicy",
    "AuthenticationFailed",
    "BadDeviceAnswer",
    "DeviceRefused",
    "DeviceUnavailable",
    "EngineAssessor",
    "EngineOptions",
    "FaceRef",
    "FolderPhotoSource",
    "OpKind",
    "Operation",
    "PhotoMissing",
    "PhotoSource",
    "Plan",
    "RefusalSignal",
    "SyncState",
    "SyncStore",
    "TerminalError",
    "TerminalPlace",
    "TerminalSpec",
    "TerminalStatus",
    "TerminalSyncEngine",
    "TerminalUser",
    "Unreachable",
    "UserKind",
    "ValidityWindow",
    "Vendor",
    "place_of",
    "plan_libraries",
    "terminal_places",
]
