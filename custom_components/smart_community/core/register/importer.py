"""Checking a register file and importing it into an existing register without losing devices.

Import rules: a file with problems changes nothing unless ``accept_good_rows``; rows merge by
设备编码 (update an existing device, add a new one); devices missing from the file are reported
as ``absent`` and only removed with ``replace=True``, and never when a bad row names them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..codes import gb28181
from ..codes.community import CommunityCode
from .cells import cell_text, integer_text
from .columns import heading
from .reader import RegisterTable, read_register_table
from .row import RegisterProblem, RegisterRow
from .validation import (
    ValidationContext,
    duplicate_problems,
    infer_community_name,
    missing_columns,
    validate_row,
)


@dataclass(frozen=True, slots=True)
class RegisterCheck:
    """A checked file: its good rows, every problem, how many data rows it has."""

    rows: tuple[RegisterRow, ...]
    problems: tuple[RegisterProblem, ...]
    row_count: int
    mentioned_codes: frozenset[str]  # codes of every row, bad ones included


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The register after an import and what changed (codes)."""

    rows: tuple[RegisterRow, ...]
    problems: tuple[RegisterProblem, ...]
    applied: bool
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # in the register, not in the file: kept unless replace
    removed: tuple[str, ...] = ()


def _code_of(cells: Mapping[str, object]) -> str:
    try:
        return gb28181.compact(integer_text(cell_text(cells.get("code"))))
    except ValueError:
        return ""


def check_register_file(
    path: Path,
    *,
    community: CommunityCode | None = None,
    community_name: str | None = None,
    today: date | None = None,
) -> RegisterCheck:
    """Validate every row; raises ``RegisterFileError`` when the file is unreadable."""
    return check_register_table(
        read_register_table(path),
        community=community,
        community_name=community_name,
        today=today,
    )


def check_register_table(
    table: RegisterTable,
    *,
    community: CommunityCode | None = None,
    community_name: str | None = None,
    today: date | None = None,
) -> RegisterCheck:
    """Validate every row of a table read from a register file."""
    if community_name is None:
        community_name = infer_community_name(cells for _, cells in table.rows)
    context = ValidationContext(
        today=today or date.today(),
        community=community,
        community_name=community_name,
        present=table.columns,
    )
    rows: list[RegisterRow] = []
    problems: list[RegisterProblem] = []
    for number, cells in table.rows:
        row, row_problems = validate_row(number, cells, context)
        problems.extend(row_problems)
        if row is not None:
            rows.append(row)
    duplicates = duplicate_problems(table.rows)
    bad_rows = {problem.row for problem in duplicates}
    any_camera = any(row.device_kind.is_camera for row in rows) or "camera_type" in table.columns
    header = missing_columns(table.columns, any_camera)
    all_problems = sorted([*header, *problems, *duplicates], key=lambda problem: problem.row)
    return RegisterCheck(
        rows=tuple(row for row in rows if row.row not in bad_rows),
        problems=tuple(all_problems),
        row_count=len(table.rows),
        mentioned_codes=frozenset(filter(None, (_code_of(cells) for _, cells in table.rows))),
    )


def _name_conflicts(
    incoming: Sequence[RegisterRow], kept: Iterable[RegisterRow]
) -> list[RegisterProblem]:
    """A new or renamed device may not take the name of a device that stays."""
    names = {row.name: row.code for row in kept}
    return [
        RegisterProblem(row.row, heading("name"), f"{row.name} is already device {names[row.name]}")
        for row in incoming
        if row.name in names and names[row.name] != row.code
    ]


def import_register(
    path: Path,
    existing: Iterable[RegisterRow],
    *,
    accept_good_rows: bool = False,
    replace: bool = False,
    community: CommunityCode | None = None,
    community_name: str | None = None,
    today: date | None = None,
) -> ImportResult:
    """Merge a register file into ``existing`` (see the module docstring for the rules)."""
    current = {row.code: row for row in existing}
    check = check_register_file(
        path, community=community, community_name=community_name, today=today
    )
    absent = tuple(code for code in current if code not in check.mentioned_codes)
    incoming_codes = {row.code for row in check.rows}
    kept = [row for code, row in current.items() if code not in incoming_codes]
    if replace:
        kept = [row for row in kept if row.code not in absent]
    conflicts = _name_conflicts(check.rows, kept)
    problems = tuple(sorted([*check.problems, *conflicts], key=lambda problem: problem.row))
    if problems and not accept_good_rows:
        return ImportResult(
            rows=tuple(current.values()), problems=problems, applied=False, absent=absent
        )
    conflicting = {problem.row for problem in conflicts}
    incoming = [row for row in check.rows if row.row not in conflicting]
    added = tuple(row.code for row in incoming if row.code not in current)
    updated = tuple(
        row.code
        for row in incoming
        if row.code in current and not row.same_device_data(current[row.code])
    )
    unchanged = tuple(
        row.code
        for row in incoming
        if row.code in current and row.same_device_data(current[row.code])
    )
    merged = dict(current)
    for row in incoming:
        merged[row.code] = row
    removed = absent if replace else ()
    for code in removed:
        del merged[code]
    return ImportResult(
        rows=tuple(merged.values()),
        problems=problems,
        applied=True,
        added=added,
        updated=updated,
        unchanged=unchanged,
        absent=absent,
        removed=removed,
    )
