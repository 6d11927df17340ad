"""Figures the standard fixes, in one place (合肥市智慧平安小区建设标准)."""

from __future__ import annotations

from typing import Final

#: 录像保存天数: recordings (and pictures) are kept for at least one month.
MIN_RETENTION_DAYS: Final = 30
