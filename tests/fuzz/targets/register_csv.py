"""Register files as CSV bytes: encodings, delimiters, headings, every cell's validation."""

from __future__ import annotations

from datetime import date

from custom_components.smart_community.core.register.importer import check_register_table
from custom_components.smart_community.core.register.reader import (
    RegisterFileError,
    read_register_data,
)
from tests.fuzz.seeds import ROOT

TODAY = date(2025, 1, 1)


def seeds() -> list[bytes]:
    """The headings and a few rows of the demo register (small, so mutations run fast)."""
    lines = (ROOT / "tools" / "demo" / "register.csv").read_bytes().split(b"\n")
    return [b"\n".join(lines[:count]) for count in (2, 4, 8)]


def check(data: bytes, name: str) -> None:
    """Read and validate; only RegisterFileError may escape."""
    try:
        table = read_register_data(data, name)
    except RegisterFileError:
        return
    check_register_table(table, today=TODAY)


def one_input(data: bytes) -> None:
    check(data, "register.csv")
