"""Masked personal data for everything outside the records store and admin views (issue 13)."""

from __future__ import annotations

import doctest

import pytest

from custom_components.smart_community.core.people import masking
from custom_components.smart_community.core.people.masking import (
    mask_card_number,
    mask_fields,
    mask_mobile,
    mask_name,
    mask_watch_reason,
)

ID_NUMBER = "110101199003077719"


@pytest.mark.parametrize(
    ("mobile", "masked"),
    [
        ("+8613800138000", "138****8000"),
        ("13800138000", "138****8000"),
        ("138 0013 8000", "138****8000"),
        ("1234567", "***"),
        ("", "***"),
    ],
)
def test_mask_mobile(mobile: str, masked: str) -> None:
    assert mask_mobile(mobile) == masked


@pytest.mark.parametrize(
    ("name", "masked"), [("张伟", "张*"), ("欧阳娜娜", "欧***"), (" 李 ", "李"), ("", "")]
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("card", "masked"),
    [("3B6F1A20", "****1A20"), ("1234-5678-9012", "********9012"), ("12", "**"), ("", "")],
)
def test_mask_card_number(card: str, masked: str) -> None:
    assert mask_card_number(card) == masked


def test_mask_watch_reason_hides_everything() -> None:
    assert mask_watch_reason("盗窃前科 2023") == "***"
    assert mask_watch_reason("  ") == ""


def test_mask_fields_by_key_in_any_spelling_and_depth() -> None:
    masked = mask_fields(
        {
            "card_no": "3B6F1A20",
            "cardNo": 12345678,
            "person_name": "张伟",
            "mobile": "+8613800138000",
            "id_number": ID_NUMBER,
            "watch_reason": "盗窃前科",
            "note": f"证件 {ID_NUMBER} 已核验",
            "nested": {"CardNo": "AABBCCDD", "list": [{"name": "王芳"}]},
            "similarity": 0.93,
            "granted": True,
        }
    )
    assert masked == {
        "card_no": "****1A20",
        "cardNo": "****5678",
        "person_name": "张*",
        "mobile": "138****8000",
        "id_number": "110101********7719",
        "watch_reason": "***",
        "note": "证件 110101********7719 已核验",
        "nested": {"CardNo": "****CCDD", "list": [{"name": "王*"}]},
        "similarity": 0.93,
        "granted": True,
    }


def test_docstring_examples() -> None:
    result = doctest.testmod(masking)
    assert result.attempted > 0
    assert result.failed == 0
