"""The community's register file under the config folder, its import, export and repairs.

The register lives at ``<config>/smart_community/<community code>/register.csv`` (the
standard's Chinese headings): readable, diffable and exportable by the property office.
Imports merge into it (core/register/importer.py decides), then the entry reloads so
devices, entities and transports always match the file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN
from .core.codes.community import parse as parse_community_code
from .core.register.export import export_register
from .core.register.importer import ImportResult, check_register_file, import_register
from .core.register.reader import RegisterFileError
from .core.register.row import RegisterProblem, RegisterRow
from .hub import CommunityHub
from .issues import IssueFamily, async_clear_issue, async_raise_issue

_LOGGER = logging.getLogger(__name__)
MAX_PROBLEMS_SHOWN = 20


def register_path(hass: HomeAssistant, hub: CommunityHub) -> Path:
    """Where the community's register is kept."""
    return Path(hass.config.path(DOMAIN, hub.community_code, "register.csv"))


def config_file(hass: HomeAssistant, relative: str) -> Path:
    """A path the user named, refused unless it is inside the config folder."""
    config_dir = Path(hass.config.config_dir).resolve()
    path = (config_dir / relative).resolve()
    if not path.is_relative_to(config_dir) or path == config_dir:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="file_outside_config",
            translation_placeholders={"path": relative},
        )
    return path


def _problem_lines(problems: tuple[RegisterProblem, ...] | list[RegisterProblem]) -> str:
    lines = [f"- {problem}" for problem in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"- … {len(problems) - MAX_PROBLEMS_SHOWN} more")
    return "\n".join(lines)


def _update_problem_issue(
    hass: HomeAssistant, hub: CommunityHub, path: Path, problems: tuple[RegisterProblem, ...]
) -> None:
    if not problems:
        async_clear_issue(hass, IssueFamily.REGISTER_PROBLEMS, hub.entry_id)
        return
    async_raise_issue(
        hass,
        IssueFamily.REGISTER_PROBLEMS,
        hub.entry_id,
        {
            "community": hub.community_name,
            "count": str(len(problems)),
            "path": str(path),
            "problems": _problem_lines(problems),
        },
    )


async def async_load_register(hass: HomeAssistant, hub: CommunityHub) -> list[RegisterRow]:
    """The register's good rows; problems (a hand-edited file) become a repair issue."""
    path = register_path(hass, hub)

    def _read() -> tuple[tuple[RegisterRow, ...], tuple[RegisterProblem, ...]] | None:
        if not path.exists():
            return None
        check = check_register_file(path, community=parse_community_code(hub.community_code))
        return check.rows, check.problems

    try:
        result = await hass.async_add_executor_job(_read)
    except RegisterFileError as err:
        problem = RegisterProblem(0, "-", str(err))
        _update_problem_issue(hass, hub, path, (problem,))
        return []
    if result is None:
        _update_problem_issue(hass, hub, path, ())
        return []
    rows, problems = result
    _update_problem_issue(hass, hub, path, problems)
    return list(rows)


def import_summary(result: ImportResult) -> dict[str, Any]:
    """Service response: what changed and every problem."""
    return {
        "applied": result.applied,
        "devices": len(result.rows),
        "added": list(result.added),
        "updated": list(result.updated),
        "unchanged": len(result.unchanged),
        "absent_from_file": list(result.absent),
        "removed": list(result.removed),
        "problems": [
            {"row": problem.row, "column": problem.column, "reason": problem.reason}
            for problem in result.problems
        ],
    }


async def async_import_register(
    hass: HomeAssistant,
    hub: CommunityHub,
    source: Path,
    *,
    accept_good_rows: bool,
    replace: bool,
) -> dict[str, Any]:
    """Merge ``source`` into the register file and reload the community."""
    target = register_path(hass, hub)
    existing = [device.row for device in hub.devices.values()]

    def _import() -> ImportResult:
        result = import_register(
            source,
            existing,
            accept_good_rows=accept_good_rows,
            replace=replace,
            community=parse_community_code(hub.community_code),
        )
        if result.applied:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.stem}.tmp.csv")
            export_register(result.rows, temporary)
            temporary.replace(target)  # atomic: a crash never leaves half a register
        return result

    try:
        result = await hass.async_add_executor_job(_import)
    except (RegisterFileError, OSError) as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="register_unreadable",
            translation_placeholders={"path": str(source), "reason": str(err)},
        ) from err
    summary = import_summary(result)
    if result.applied:
        _LOGGER.info(
            "Register of %s imported from %s: %d added, %d updated, %d removed, %d problems",
            hub.community_name,
            source,
            len(result.added),
            len(result.updated),
            len(result.removed),
            len(result.problems),
        )
        hass.config_entries.async_schedule_reload(hub.entry_id)
    return summary


async def async_export_register(
    hass: HomeAssistant, hub: CommunityHub, target: Path, *, police: bool
) -> int:
    """Write the register (or the police export) to ``target``; rows written."""
    rows = [device.row for device in hub.devices.values()]

    def _export() -> int:
        target.parent.mkdir(parents=True, exist_ok=True)
        return export_register(rows, target, police=police)

    return await hass.async_add_executor_job(_export)
