"""Masked forms of personal data, for everything outside the records store and admin views.

One function per kind of value, each total (any text in, a masked text out, never an error)
so that masking can run on whatever a device sent:

>>> mask_id_number("110101199003077719")
'110101********7719'
>>> mask_mobile("+8613800138000")
'138****8000'
>>> mask_name("欧阳娜娜")
'欧***'
>>> mask_card_number("3B6F1A20")
'****1A20'
>>> mask_watch_reason("盗窃前科")
'***'

:func:`mask_fields` masks the values of a mapping by key (event attributes, diagnostics).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .id_number import mask_id_number, mask_id_numbers_in_text

HIDDEN = "***"
_SEPARATORS = re.compile(r"[\s-]")


def mask_mobile(mobile: str) -> str:
    """``+8613800138000`` → ``138****8000``: the carrier prefix and the last four digits."""
    digits = _SEPARATORS.sub("", mobile).removeprefix("+86")
    if len(digits) <= 7:
        return HIDDEN
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(name: str) -> str:
    """``张伟`` → ``张*``: the family name's first character only."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_card_number(card: str) -> str:
    """``3B6F1A20`` → ``****1A20``: the last four characters tell cards apart, no more."""
    card = _SEPARATORS.sub("", card)
    if len(card) <= 4:
        return "*" * len(card)
    return "*" * (len(card) - 4) + card[-4:]


def mask_watch_reason(reason: str) -> str:
    """Why someone is on a watch list is never shown outside the records store."""
    return HIDDEN if reason.strip() else ""


# Attribute keys (normalised: lower case, no "_" "-" or spaces) and how to mask their values.
_MASKS: dict[str, Callable[[str], str]] = {
    "idnumber": mask_id_number,
    "idcard": mask_id_number,
    "idcardno": mask_id_number,
    "certificatenumber": mask_id_number,
    "mobile": mask_mobile,
    "phone": mask_mobile,
    "phonenumber": mask_mobile,
    "name": mask_name,
    "personname": mask_name,
    "guardname": mask_name,
    "cardno": mask_card_number,
    "cardnumber": mask_card_number,
    "card": mask_card_number,
    "watchreason": mask_watch_reason,
    "watchlistreason": mask_watch_reason,
}


def _key(name: str) -> str:
    return name.replace("_", "").replace("-", "").replace(" ", "").lower()


def _masked(value: Any, mask: Callable[[str], str] | None) -> Any:
    if isinstance(value, Mapping):
        return mask_fields(value)
    if isinstance(value, list | tuple):
        return [_masked(item, mask) for item in value]
    if mask is not None and isinstance(value, str | int) and not isinstance(value, bool):
        return mask(str(value))
    if isinstance(value, str):
        return mask_id_numbers_in_text(value)
    return value


def mask_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy with personal values masked by key, through nested mappings and lists.

    Keys are matched in any spelling (``card_no``, ``cardNo``); a number under a personal
    key becomes masked text; every other string still has ID-number-shaped runs masked.
    """
    return {
        key: _masked(value, _MASKS.get(_key(key)) if isinstance(key, str) else None)
        for key, value in values.items()
    }
