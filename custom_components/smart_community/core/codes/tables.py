"""Reference tables shipped as CSV files in ``data/`` (the standards' tables are data, not code)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from functools import cache
from importlib import resources


@cache
def read_table(filename: str, package: str = __package__ or "") -> Mapping[str, Mapping[str, str]]:
    """Rows of ``<package>/data/<filename>`` keyed by their ``code`` column."""
    text = resources.files(package).joinpath("data", filename).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {row["code"]: row for row in rows}


@cache
def read_words(filename: str, package: str = __package__ or "") -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``<package>/data/<filename>``."""
    text = resources.files(package).joinpath("data", filename).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))
