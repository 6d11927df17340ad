"""Devices (一机一档): the register with every problem on its cell, a file checked before it is
imported, the import, the exports and the compliance checklist."""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path
from typing import Any

import voluptuous as vol
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv

from ..const import DOMAIN
from ..core.devices import DeviceKind
from ..core.register.cells import cell_text
from ..core.register.columns import COLUMNS, column_for_heading
from ..core.register.importer import RegisterCheck
from ..core.register.reader import RegisterTable
from ..core.register.row import RegisterProblem, RegisterRow
from ..features.register import RegisterFeature
from ..permissions import Permission
from ..views import download_path
from .command import MAX_FILE_BYTES, Command, Request, decode_base64, invalid, text
from .records import prepare_download
from .rows import iso

UPLOADS = "uploads"
SUFFIXES = (".csv", ".xlsx")
_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]")


def columns_json() -> list[dict[str, Any]]:
    """The register's columns: key, heading, part of the police table, who must fill it."""
    return [
        {"key": c.key, "heading": c.heading, "police": c.police, "need": c.need.value}
        for c in COLUMNS
    ]


def problem_json(problem: RegisterProblem) -> dict[str, Any]:
    """A problem on its cell: the column key when the heading is a register column."""
    column = column_for_heading(problem.column) if problem.column not in ("", "-") else None
    return {
        "row": problem.row,
        "column": column.key if column else None,
        "heading": column.heading if column else problem.column,
        "reason": problem.reason,
    }


def _kind(text_value: str, row: RegisterRow | None) -> str | None:
    if row is not None:
        return row.device_kind.value
    try:
        return DeviceKind(text_value).value
    except ValueError:
        return None


def register_table(
    request: Request, table: RegisterTable, check: RegisterCheck, *, live: bool
) -> dict[str, Any]:
    """Every row of a register file with its cells and its problems; ``live``: online state."""
    good = {row.row: row for row in check.rows}
    by_row: dict[int, list[dict[str, Any]]] = {}
    for problem in check.problems:
        by_row.setdefault(problem.row, []).append(problem_json(problem))
    numbers = {number for number, _ in table.rows}
    rows = []
    for number, raw in table.rows:
        cells = {key: cell_text(value) for key, value in raw.items()}
        code = cells.get("code", "")
        state = request.runtime.hub.state_of(code) if live and code else None
        rows.append(
            {
                "row": number,
                "code": code,
                "name": cells.get("name", ""),
                "kind": _kind(cells.get("device_kind", ""), good.get(number)),
                "cells": cells,
                "online": state.online if state else None,
                "last_seen": iso(state.last_seen) if state else None,
                "problems": by_row.get(number, []),
            }
        )
    file_problems = [p for number, found in by_row.items() if number not in numbers for p in found]
    return {"columns": columns_json(), "rows": rows, "file_problems": file_problems}


async def register(request: Request) -> dict[str, Any]:
    """The community's register as a table with online states and problems."""
    feature: RegisterFeature = request.runtime.register
    if not await request.hass.async_add_executor_job(feature.path.is_file):
        return {"columns": columns_json(), "rows": [], "file_problems": []}
    table, check = await feature.async_inspect()
    return register_table(request, table, check, live=True)


async def _upload(request: Request) -> Path:
    """The sent file in a private folder of the community (its name kept for the reader)."""
    msg = request.msg
    filename = Path(str(msg["filename"])).name
    if not filename.casefold().endswith(SUFFIXES):
        raise invalid(
            "register_unreadable",
            path=filename,
            reason="only .csv and .xlsx registers are supported",
            field="filename",
        )
    data = decode_base64(
        msg["data"],
        limit=MAX_FILE_BYTES,
        too_large="file_too_large",
        invalid_key="register_unreadable",
    )
    folder = request.runtime.hub.data_dir / UPLOADS / secrets.token_hex(8)
    target = folder / (_UNSAFE.sub("_", filename) or "register.csv")

    def _write() -> None:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    await request.hass.async_add_executor_job(_write)
    return target


def _forget(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


def _named(err: HomeAssistantError, filename: str) -> HomeAssistantError:
    """The user's file name in the error, never the private upload path."""
    placeholders = dict(err.translation_placeholders or {})
    if "path" in placeholders:
        placeholders["path"] = filename
        placeholders.setdefault("field", "data")
    err.translation_placeholders = placeholders
    return err


async def check_file(request: Request) -> dict[str, Any]:
    """Every problem of a register file and what importing it would change; nothing imported."""
    feature = request.runtime.register
    path = await _upload(request)
    try:
        table, check = await feature.async_inspect(path)
    except HomeAssistantError as err:
        raise _named(err, request.msg["filename"]) from None
    finally:
        await request.hass.async_add_executor_job(_forget, path)
    current = {row.code: row for row in feature.rows}
    in_file = {row.code: row for row in check.rows}
    return {
        **register_table(request, table, check, live=False),
        "added": [code for code in in_file if code not in current],
        "updated": [
            code
            for code, row in in_file.items()
            if code in current and not row.same_device_data(current[code])
        ],
        "unchanged": sum(
            1
            for code, row in in_file.items()
            if code in current and row.same_device_data(current[code])
        ),
        "absent_from_file": [code for code in current if code not in check.mentioned_codes],
    }


async def import_file(request: Request) -> dict[str, Any]:
    """Merge a register file (``import_register``); the community reloads."""
    msg = request.msg
    feature = request.runtime.register
    path = await _upload(request)
    try:
        summary = await feature.async_import(
            path, accept_good_rows=msg["accept_good_rows"], replace=msg["replace"]
        )
    except HomeAssistantError as err:
        raise _named(err, msg["filename"]) from None
    finally:
        await request.hass.async_add_executor_job(_forget, path)
    problems = [
        problem_json(RegisterProblem(p["row"], p["column"], p["reason"]))
        for p in summary["problems"]
    ]
    if not summary["applied"] and problems:
        first = problems[0]
        raise invalid(
            "register_has_problems",
            count=str(len(problems)),
            first=f"row {first['row']}, column {first['heading']}: {first['reason']}",
            field="data",
        )
    return {**summary, "problems": problems}


async def export(request: Request) -> dict[str, Any]:
    """The register, or the police export (camera rows, the standard's 25 columns)."""
    msg = request.msg
    police = msg["police"]
    stem = "police-register" if police else "register"
    target, token, filename = await prepare_download(request, stem, f".{msg['format']}")
    rows = await request.runtime.register.async_export(target, police=police)
    return {"url": request.sign(download_path(token, filename)), "filename": filename, "rows": rows}


async def compliance(request: Request) -> dict[str, Any]:
    """The device menu of the tier: every requirement, met or with what is missing."""
    evaluation = request.runtime.compliance.evaluation
    return {
        "tier": evaluation.tier.value,
        "compliant": evaluation.met,
        "items": [
            {
                "id": r.id,
                "tier": r.tier,
                "title_zh": r.title_zh,
                "title_en": r.title_en,
                "met": r.met,
                "evidence": list(r.evidence),
                "missing": list(r.missing),
            }
            for r in evaluation.requirements
        ],
    }


FILE: dict[Any, Any] = {vol.Required("filename"): text, vol.Required("data"): str}
COMMANDS = (
    Command(f"{DOMAIN}/devices/register", Permission.DEVICES, {}, register),
    Command(f"{DOMAIN}/devices/check_file", Permission.DEVICES_IMPORT, FILE, check_file),
    Command(
        f"{DOMAIN}/devices/import_file",
        Permission.DEVICES_IMPORT,
        {
            **FILE,
            vol.Optional("accept_good_rows", default=False): cv.boolean,
            vol.Optional("replace", default=False): cv.boolean,
        },
        import_file,
    ),
    Command(
        f"{DOMAIN}/devices/export",
        Permission.DEVICES,
        {
            vol.Optional("police", default=False): cv.boolean,
            vol.Optional("format", default="xlsx"): vol.In(("csv", "xlsx")),
        },
        export,
    ),
    Command(f"{DOMAIN}/devices/compliance", Permission.DEVICES, {}, compliance),
)
