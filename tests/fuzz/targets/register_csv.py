"""Register files as CSV bytes: encodings, delimiters, headings, every cell's validation."""

from __future__ import annotations

from datetime import date

from custom_components.smart_community.core.register.importer import check_register_table
from custom_components.smart_community.core.register.reader import (
    RegisterFileError,
    read_register_data,
)
from tools.core_only import ROOT

TODAY = date(2025, 1, 1)


def seeds() -> list[bytes]:
    """The demo register, and its first rows alone."""
    demo = (ROOT / "tools" / "demo" / "register.csv").read_bytes()
    return [demo, b"\n".join(demo.split(b"\n")[:3])]


def check(data: bytes, name: str) -> None:
    """Read and validate; only RegisterFileError may escape."""
    try:
        table = read_register_data(data, name)
    except RegisterFileError:
        return
    check_register_table(table, today=TODAY)


def one_input(data: bytes) -> None:
    check(data, "register.csv")
