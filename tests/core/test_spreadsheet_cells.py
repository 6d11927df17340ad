"""What an export keeps as it is and what it escapes (issue 13, finding 9)."""

from __future__ import annotations

import doctest
from datetime import date
from decimal import Decimal

import pytest

from custom_components.smart_community.core import spreadsheet_cells
from custom_components.smart_community.core.spreadsheet_cells import (
    csv_cell,
    looks_like_formula,
    unescape_csv_cell,
)


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("http://x","y")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "  =1+1",  # leading spaces do not stop Excel
        "＝1+1",  # full-width equals sign
        "＋1＋1",
        "－1－1",
        "＠SUM(A1)",
        "﹦1",  # small equals sign
        "−1+1",  # minus sign
        "-",  # see below: dashes alone are kept, this one has a formula after it
    ][:-1],
)
def test_formula_looking_text_is_escaped(text: str) -> None:
    assert looks_like_formula(text)
    assert csv_cell(text) == "'" + text
    assert unescape_csv_cell(csv_cell(text)) == text


@pytest.mark.parametrize(
    "value",
    [
        "+8613800138000",
        "-12.5",
        "+3",
        "-1e5",
        "-",
        "--",
        "",
        "张三",
        "皖A12345",
        "a=b",
        "1+1",
        -12.5,
        7,
        Decimal("-117.231560"),
        date(2024, 1, 30),
        None,
    ],
)
def test_numbers_phones_and_ordinary_text_are_kept(value: object) -> None:
    assert csv_cell(value) == value


def test_an_apostrophe_before_ordinary_text_is_kept_by_the_reader() -> None:
    assert unescape_csv_cell("'quoted") == "'quoted"


def test_docstring_examples() -> None:
    result = doctest.testmod(spreadsheet_cells)
    assert result.attempted > 0
    assert result.failed == 0
