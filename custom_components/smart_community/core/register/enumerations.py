"""The register's enumerated columns (设备厂商, 监控点位类型 …), from ``data/enumerations.csv``.

A cell may hold the code (``1``), the label (``海康威视``) or both (``1.海康威视``,
``1、海康威视``), because the police templates and hand-filled sheets use all three.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

_CODE = re.compile(r"(\d+)(?:\.0+)?")  # Excel turns 1 into 1.0
_CODE_AND_LABEL = re.compile(r"(\d+)\s*[.、:：\s]\s*(\S.*)")


class EnumStyle(StrEnum):
    """How exports write an enumerated cell."""

    CODE = "code"  # 1
    LABEL = "label"  # 海康威视
    CODE_LABEL = "code_label"  # 1.海康威视


@dataclass(frozen=True, slots=True)
class Enumeration:
    """The allowed codes of one column and their labels."""

    field: str
    labels: Mapping[int, str]

    def parse(self, text: str) -> int:
        """The code a cell stands for; ``ValueError`` says what is allowed."""
        text = text.strip()
        if match := _CODE.fullmatch(text):
            code = int(match.group(1))
            if code in self.labels:
                return code
            raise ValueError(f"{code} is not one of {self.allowed()}")
        if match := _CODE_AND_LABEL.fullmatch(text):
            code = int(match.group(1))
            if self.labels.get(code, "").casefold() == match.group(2).strip().casefold():
                return code
            raise ValueError(f"{text!r} is not one of {self.allowed()}")
        for code, label in self.labels.items():
            if label.casefold() == text.casefold():
                return code
        raise ValueError(f"{text!r} is not one of {self.allowed()}")

    def format(self, code: int, style: EnumStyle = EnumStyle.CODE_LABEL) -> str:
        if style is EnumStyle.CODE:
            return str(code)
        if style is EnumStyle.LABEL:
            return self.labels[code]
        return f"{code}.{self.labels[code]}"

    def allowed(self) -> str:
        return ", ".join(f"{code}.{label}" for code, label in self.labels.items())


@cache
def _all() -> Mapping[str, Enumeration]:
    text = resources.files(__package__ or "").joinpath("data", "enumerations.csv")
    labels: dict[str, dict[int, str]] = {}
    for row in csv.DictReader(io.StringIO(text.read_text(encoding="utf-8"))):
        labels.setdefault(row["field"], {})[int(row["code"])] = row["label"]
    return {field: Enumeration(field, values) for field, values in labels.items()}


def enumeration(field: str) -> Enumeration:
    """The enumeration of a register column key (``manufacturer``, ``status`` …)."""
    return _all()[field]


def enumerated_fields() -> frozenset[str]:
    return frozenset(_all())
