"""ResponseStatusObject / ResponseStatusListObject, the answers of a GA/T 1400 server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..protocols.timeparse import LOCAL_ZONE
from .codes import StatusCode


def local_time(now: datetime) -> str:
    """GA/T 1400 ``LocalTime``: ``YYYYMMDDhhmmss`` in the community's zone."""
    return now.astimezone(LOCAL_ZONE).strftime("%Y%m%d%H%M%S")


@dataclass(frozen=True, slots=True)
class ResponseStatus:
    """One object's status."""

    id: str
    request_url: str
    code: StatusCode
    text: str
    time: datetime

    def to_json(self) -> dict[str, Any]:
        """``ResponseStatusObject`` body."""
        return {
            "Id": self.id,
            "RequestURL": self.request_url,
            "StatusCode": int(self.code),
            "StatusString": self.text,
            "LocalTime": local_time(self.time),
        }


def status_object(status: ResponseStatus) -> dict[str, Any]:
    """``{"ResponseStatusObject": {...}}`` (Register, Keepalive, errors)."""
    return {"ResponseStatusObject": status.to_json()}


def status_list(statuses: Sequence[ResponseStatus]) -> dict[str, Any]:
    """``{"ResponseStatusListObject": {"ResponseStatusObject": [...]}}`` (data uploads)."""
    return {
        "ResponseStatusListObject": {
            "ResponseStatusObject": [status.to_json() for status in statuses]
        }
    }
