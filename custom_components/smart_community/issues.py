"""Every repair issue of a community, by family: raised, cleared and removed with the community.

An issue id is ``<family>_<entry id>`` or, for families with one issue per item (the
compliance checklist), ``<family>_<entry id>_<item>``. Each family is cleared where its cause
goes away (a clean register, MQTT back, the last RS485 device removed ...), and
:func:`async_remove_community_issues` deletes them all when the community is removed, so no
issue outlives its cause.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN


class IssueFamily(StrEnum):
    """A kind of repair issue; the value is also its translation key in strings.json."""

    REGISTER_PROBLEMS = "register_problems"
    MQTT_MISSING = "mqtt_missing"
    SERIAL_UNAVAILABLE = "serial_unavailable"
    MODELS_MISSING = "models_missing"
    MODELS_OFFLINE = "models_offline"
    DOCKING_DOWN = "docking_down"
    DOCKING_OUTBOX_FULL = "docking_outbox_full"
    COMPLIANCE = "compliance_requirement"
    FALLING_STREAM_DOWN = "falling_stream_down"  # per camera: its stream cannot be read
    FALLING_UNCALIBRATED = "falling_uncalibrated"  # per camera: a stream but no facade
    TERMINAL_REFUSING = "terminal_refusing"  # per terminal: an access terminal keeps refusing


# Families whose problem stops a feature (the rest are warnings about the site).
_ERRORS = frozenset(
    {
        IssueFamily.MQTT_MISSING,
        IssueFamily.SERIAL_UNAVAILABLE,
        IssueFamily.DOCKING_DOWN,
        IssueFamily.DOCKING_OUTBOX_FULL,
        IssueFamily.FALLING_STREAM_DOWN,
        IssueFamily.TERMINAL_REFUSING,
    }
)
# Compliance ids keep their historical prefix so that issues users dismissed stay dismissed.
_ID_PREFIX = {IssueFamily.COMPLIANCE: "compliance"}


def issue_id(family: IssueFamily, entry_id: str, item: str | None = None) -> str:
    """The id of a family's issue for a community (and an item of it)."""
    base = f"{_ID_PREFIX.get(family, family.value)}_{entry_id}"
    return f"{base}_{item}" if item is not None else base


@callback
def async_raise_issue(
    hass: HomeAssistant,
    family: IssueFamily,
    entry_id: str,
    placeholders: Mapping[str, str],
    *,
    item: str | None = None,
) -> None:
    """Create (or update) a community's issue of ``family``."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(family, entry_id, item),
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR if family in _ERRORS else ir.IssueSeverity.WARNING,
        translation_key=family.value,
        translation_placeholders=dict(placeholders),
    )


@callback
def async_clear_issue(
    hass: HomeAssistant, family: IssueFamily, entry_id: str, *, item: str | None = None
) -> None:
    """The cause is gone: delete the issue (a no-op when there is none)."""
    ir.async_delete_issue(hass, DOMAIN, issue_id(family, entry_id, item))


@callback
def async_keep_only_items(
    hass: HomeAssistant, family: IssueFamily, entry_id: str, items: Iterable[str]
) -> None:
    """Delete a per-item family's issues whose item is not in ``items`` any more."""
    prefix = issue_id(family, entry_id) + "_"
    wanted = {issue_id(family, entry_id, item) for item in items}
    for domain, existing in list(ir.async_get(hass).issues):
        if domain == DOMAIN and existing.startswith(prefix) and existing not in wanted:
            ir.async_delete_issue(hass, DOMAIN, existing)


@callback
def async_remove_community_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Delete every issue of a removed community (repair issues outlive unloads, not entries)."""
    for domain, existing in list(ir.async_get(hass).issues):
        if domain == DOMAIN and _belongs_to(existing, entry_id):
            ir.async_delete_issue(hass, DOMAIN, existing)


def _belongs_to(existing: str, entry_id: str) -> bool:
    return any(
        existing == issue_id(family, entry_id)
        or existing.startswith(issue_id(family, entry_id) + "_")
        for family in IssueFamily
    )
