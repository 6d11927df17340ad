"""API.md, the TypeScript contract and its permission table list the same commands and errors."""

from __future__ import annotations

import re

from custom_components.smart_community.websocket.rows import DECISION_REASONS, falling_origin

from .conftest import FRONTEND

TYPES = (FRONTEND / "src" / "api" / "types.ts").read_text(encoding="utf-8")
API = (FRONTEND / "API.md").read_text(encoding="utf-8")


def _commands_in_types() -> set[str]:
    commands = TYPES.split("export interface Commands {", 1)[1].split("\n}\n", 1)[0]
    subscriptions = TYPES.split("export interface Subscriptions {", 1)[1].split("\n}\n", 1)[0]
    return set(
        re.findall(r'^  "(smart_community/[a-z_/]+)": \{', commands + subscriptions, re.MULTILINE)
    )


def test_api_md_documents_every_command_of_the_contract() -> None:
    documented = set(re.findall(r"^### `(smart_community/[a-z_/]+)`", API, re.MULTILINE))
    commands = _commands_in_types()
    assert len(commands) >= 39
    assert sorted(commands - documented) == []
    assert sorted(documented - commands) == []


def test_every_command_has_a_permission() -> None:
    table = TYPES.split("export const COMMAND_PERMISSIONS = {", 1)[1].split("} as const", 1)[0]
    assert set(re.findall(r'"(smart_community/[a-z_/]+)":', table)) == _commands_in_types()


def test_api_md_lists_every_error_key() -> None:
    block = TYPES.split("export const ERROR_KEYS = [", 1)[1].split("] as const", 1)[0]
    keys = set(re.findall(r'^\s*"([a-z_]+)",', block, re.MULTILINE))
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", API.split("## Errors", 1)[1], re.MULTILINE))
    assert sorted(keys - documented) == []


def test_every_decision_reason_the_rules_give_reaches_the_console() -> None:
    """The console shows a reason only when it is in the contract: a reason the rules or the
    evidence checks give that the contract lacks reached the manager as a bare "Denied"."""

    block = TYPES.split("export const DECISION_REASONS = [", 1)[1].split("] as const;", 1)[0]
    in_types = set(re.findall(r'"([a-z_]+)"', block))
    assert in_types == set(DECISION_REASONS)
    package = FRONTEND.parent / "custom_components" / "smart_community"
    rules = (package / "core" / "access" / "decide.py").read_text(encoding="utf-8")
    evidence = (package / "features" / "access.py").read_text(encoding="utf-8")
    given = set(re.findall(r'_(?:deny|allow)\("([a-z_]+)"', rules))
    given |= set(re.findall(r'return "([a-z_]+)"', evidence))
    assert {"wrong_unit", "not_live", "plate_uncertain", "match_not_verified"} <= given
    assert given <= set(DECISION_REASONS), given - set(DECISION_REASONS)


def test_a_throws_origin_reaches_the_console_only_from_the_analysis_and_as_numbers() -> None:
    """The record dialog names the floor and window of a throw; it reads only what the
    integration's own analysis wrote, and only whole numbers (a record's attributes also hold
    what devices sent)."""

    good = {
        "detected_by": "analysis",
        "floor": 12,
        "floor_low": 11,
        "floor_high": 13,
        "column": 2,
        "confidence": 0.8731,
    }
    assert falling_origin(good) == {
        "floor": 12,
        "floor_low": 11,
        "floor_high": 13,
        "column": 2,
        "confidence": 0.87,
    }
    assert falling_origin({**good, "detected_by": "device"}) is None  # a camera's own claim
    assert falling_origin({**good, "floor": "12<script>"}) is None
    assert falling_origin({**good, "column": True}) is None
    assert falling_origin({**good, "floor_low": None, "confidence": "high"}) == {
        "floor": 12,
        "floor_low": 12,
        "floor_high": 13,
        "column": 2,
        "confidence": None,
    }
    fields = TYPES.split("export interface FallingOrigin {", 1)[1].split("\n}\n", 1)[0]
    assert set(re.findall(r"^  ([a-z_]+):", fields, re.MULTILINE)) == set(good) - {"detected_by"}
