"""CSV and XLSX exports of a search, streamed page by page (openpyxl write-only mode).

ID numbers are masked unless ``admin``; face embeddings are never stored, so never exported.
Device-sent text that looks like a formula is written as text (see ``spreadsheet_cells``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from ..spreadsheet_cells import csv_row, xlsx_row
from .errors import RecordsError
from .models import Record, RecordQuery
from .store import RecordStore

HEADER = (
    "id",
    "time_utc",
    "kind",
    "device",
    "person_id",
    "cluster_id",
    "plate",
    "outcome",
    "reason",
    "attributes",
    "images",
)


def export_row(record: Record) -> tuple[Any, ...]:
    """One output row; images as their relative paths."""
    return (
        record.id,
        record.time.isoformat(),
        record.kind.value,
        record.device,
        record.person_id or "",
        record.cluster_id or "",
        record.plate or "",
        record.outcome or "",
        record.reason or "",
        json.dumps(dict(record.attributes), ensure_ascii=False, sort_keys=True)
        if record.attributes
        else "",
        " ".join(image.path for image in record.images),
    )


def write_csv(records: Iterable[Record], path: Path) -> int:
    """UTF-8 with BOM (Excel opens Chinese text correctly); rows written."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for record in records:
            writer.writerow(csv_row(export_row(record)))
            count += 1
    return count


def write_xlsx(records: Iterable[Record], path: Path) -> int:
    """A write-only workbook (constant memory); rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("records")
    sheet.append(HEADER)
    count = 0
    for record in records:
        sheet.append(xlsx_row(sheet, export_row(record)))
        count += 1
    workbook.save(path)
    return count


def export_records(
    store: RecordStore, query: RecordQuery, path: Path, *, admin: bool = False
) -> int:
    """Export every record matching ``query`` to ``path`` (``.csv`` or ``.xlsx``)."""
    records = store.iter_records(query, admin=admin)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(records, path)
    if suffix == ".xlsx":
        return write_xlsx(records, path)
    raise RecordsError("unknown_export_format", suffix=suffix)
