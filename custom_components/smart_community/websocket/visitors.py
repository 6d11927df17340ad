"""Visitors: passes by status, issuing one (with its QR token), revoking one."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.people import PersonRole
from ..permissions import Permission
from .command import PAGE, Command, Request, page_of, text
from .rows import Shaper


async def list_passes(request: Request) -> dict[str, Any]:
    """Active, upcoming or expired (and revoked) passes; the latest start first."""
    runtime = request.runtime
    people = runtime.people
    wanted = request.msg["status"]
    now = dt_util.now()
    passes = []
    for person in people.snapshot.people.values():
        if person.role is not PersonRole.VISITOR or person.visit is None:
            continue
        status = people.pass_status(person, now)
        if status == wanted or (wanted == "expired" and status == "revoked"):
            passes.append(person)
    passes.sort(key=lambda p: (p.visit.valid_from if p.visit else now, p.id), reverse=True)
    shown, next_cursor = page_of(passes, request.msg)
    shaper = Shaper(runtime, request.sign)
    return {"passes": [shaper.visitor_pass(p) for p in shown], "next_cursor": next_cursor}


async def issue(request: Request) -> dict[str, Any]:
    """A pass for a host's guest (``issue_visitor_pass``)."""
    runtime = request.runtime
    msg = {key: value for key, value in request.msg.items() if value not in (None, "")}
    person = await runtime.people.async_issue_visitor_pass(msg)
    return {"pass": Shaper(runtime, request.sign).visitor_pass(person)}


async def revoke(request: Request) -> dict[str, Any]:
    """The pass ends now; the user who revoked it is kept."""
    runtime = request.runtime
    person = await runtime.people.async_revoke_visitor_pass(
        request.msg["person_id"], request.user.name or request.user.id
    )
    return {"pass": Shaper(runtime, request.sign).visitor_pass(person)}


COMMANDS = (
    Command(
        f"{DOMAIN}/visitors/list",
        Permission.VISITORS,
        {**PAGE, vol.Required("status"): vol.In(("active", "upcoming", "expired"))},
        list_passes,
    ),
    Command(
        f"{DOMAIN}/visitors/issue",
        Permission.VISITORS,
        {
            vol.Required("host_id"): text,
            vol.Required("name"): text,
            vol.Optional("person_id"): vol.Any(None, text),
            vol.Optional("id_number"): vol.Any(None, text),
            vol.Optional("mobile"): vol.Any(None, text),
            vol.Required("valid_from"): cv.datetime,
            vol.Required("valid_until"): cv.datetime,
            vol.Required("gates"): vol.All([text], vol.Length(max=20)),
            vol.Optional("plate"): vol.Any(None, text),
        },
        issue,
        fields={"unknown_person": "host_id", "invalid_period": "valid_until"},
    ),
    Command(
        f"{DOMAIN}/visitors/revoke",
        Permission.VISITORS,
        {vol.Required("person_id"): text},
        revoke,
    ),
)
