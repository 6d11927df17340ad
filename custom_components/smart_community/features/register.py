"""The community's 一机一档 register file: load, import, export, and its repair issue.

The register lives at ``<config>/smart_community/<community code>/register.csv`` (the
standard's Chinese headings): readable, diffable and exportable by the property office.
Imports merge into it (core/register/importer.py decides), then the entry reloads so
devices, entities and transports always match the file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from ..const import DOMAIN
from ..core.codes.community import parse as parse_community_code
from ..core.register.export import export_register
from ..core.register.importer import (
    ImportResult,
    RegisterCheck,
    check_register_file,
    check_register_table,
    import_register,
)
from ..core.register.reader import RegisterFileError, RegisterTable, read_register_table
from ..core.register.row import RegisterProblem, RegisterRow
from ..issues import IssueFamily, async_clear_issue, async_raise_issue

_LOGGER = logging.getLogger(__name__)
MAX_PROBLEMS_SHOWN = 20
REGISTER_FILE = "register.csv"


def problem_json(problem: RegisterProblem) -> dict[str, Any]:
    """A problem as actions and the console answer it."""
    return {"row": problem.row, "column": problem.column, "reason": problem.reason}


def import_summary(result: ImportResult) -> dict[str, Any]:
    """What an import changed, and every problem."""
    return {
        "applied": result.applied,
        "devices": len(result.rows),
        "added": list(result.added),
        "updated": list(result.updated),
        "unchanged": len(result.unchanged),
        "absent_from_file": list(result.absent),
        "removed": list(result.removed),
        "problems": [problem_json(problem) for problem in result.problems],
    }


def _problem_lines(problems: tuple[RegisterProblem, ...]) -> str:
    lines = [f"- {problem}" for problem in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"- … {len(problems) - MAX_PROBLEMS_SHOWN} more")
    return "\n".join(lines)


@dataclass(slots=True)
class RegisterFeature:
    """One community's register file."""

    hass: HomeAssistant
    entry_id: str
    community_code: str
    community_name: str
    rows: list[RegisterRow]

    @property
    def path(self) -> Path:
        """Where the register is kept."""
        return Path(self.hass.config.path(DOMAIN, self.community_code, REGISTER_FILE))

    @classmethod
    async def async_load(
        cls, hass: HomeAssistant, entry_id: str, community_code: str, community_name: str
    ) -> RegisterFeature:
        """The register's good rows; problems (a hand-edited file) become a repair issue."""
        feature = cls(hass, entry_id, community_code, community_name, [])
        community = parse_community_code(community_code)
        path = feature.path

        def _read() -> RegisterCheck | None:
            if not path.exists():
                return None
            return check_register_file(path, community=community)

        try:
            check = await hass.async_add_executor_job(_read)
        except RegisterFileError as err:
            feature._update_issue((RegisterProblem(0, "-", str(err)),))
            return feature
        if check is None:
            feature._update_issue(())
            return feature
        feature._update_issue(check.problems)
        feature.rows = list(check.rows)
        return feature

    def _update_issue(self, problems: tuple[RegisterProblem, ...]) -> None:
        if not problems:
            async_clear_issue(self.hass, IssueFamily.REGISTER_PROBLEMS, self.entry_id)
            return
        async_raise_issue(
            self.hass,
            IssueFamily.REGISTER_PROBLEMS,
            self.entry_id,
            {
                "community": self.community_name,
                "count": str(len(problems)),
                "path": str(self.path),
                "problems": _problem_lines(problems),
            },
        )

    async def async_check(self, source: Path) -> RegisterCheck:
        """Every problem of a register file, nothing imported (the console's dry run)."""
        community = parse_community_code(self.community_code)
        try:
            return await self.hass.async_add_executor_job(
                lambda: check_register_file(source, community=community)
            )
        except (RegisterFileError, OSError) as err:
            raise _unreadable(source, err) from err

    async def async_inspect(
        self, source: Path | None = None
    ) -> tuple[RegisterTable, RegisterCheck]:
        """A register file's cells and its check, every row including the bad ones (the
        console's table); the community's own register when no file is given."""
        path = source or self.path
        community = parse_community_code(self.community_code)

        def _inspect() -> tuple[RegisterTable, RegisterCheck]:
            table = read_register_table(path)
            return table, check_register_table(table, community=community)

        try:
            return await self.hass.async_add_executor_job(_inspect)
        except (RegisterFileError, OSError) as err:
            raise _unreadable(path, err) from err

    async def async_import(
        self, source: Path, *, accept_good_rows: bool, replace: bool
    ) -> dict[str, Any]:
        """Merge ``source`` into the register file and reload the community."""
        target = self.path
        community = parse_community_code(self.community_code)
        existing = list(self.rows)

        def _import() -> ImportResult:
            result = import_register(
                source,
                existing,
                accept_good_rows=accept_good_rows,
                replace=replace,
                community=community,
            )
            if result.applied:
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{target.stem}.tmp.csv")
                export_register(result.rows, temporary)
                temporary.replace(target)  # atomic: a crash never leaves half a register
            return result

        try:
            result = await self.hass.async_add_executor_job(_import)
        except (RegisterFileError, OSError) as err:
            raise _unreadable(source, err) from err
        if result.applied:
            _LOGGER.info(
                "Register of %s imported from %s: %d added, %d updated, %d removed, %d problems",
                self.community_name,
                source,
                len(result.added),
                len(result.updated),
                len(result.removed),
                len(result.problems),
            )
            self.hass.config_entries.async_schedule_reload(self.entry_id)
        return import_summary(result)

    async def async_export(self, target: Path, *, police: bool) -> int:
        """Write the register (or the police export) to ``target``; rows written."""
        rows = list(self.rows)

        def _export() -> int:
            target.parent.mkdir(parents=True, exist_ok=True)
            return export_register(rows, target, police=police)

        return await self.hass.async_add_executor_job(_export)


def _unreadable(source: Path, err: Exception) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="register_unreadable",
        translation_placeholders={"path": str(source), "reason": str(err)},
    )
