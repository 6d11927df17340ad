"""The acceptance report's content."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from custom_components.smart_community.core.compliance.layout import CommunityLayout
from custom_components.smart_community.core.compliance.menu import Tier, evaluate
from custom_components.smart_community.core.compliance.report import render_report

from .test_menu import LAYOUT, MEDIUM, STANDARD, _changed

WHEN = datetime(2024, 5, 8, 9, 0, tzinfo=timezone(timedelta(hours=8)))
DOCKING = {"2024-05-07": {"sent": 1520, "rejected": 0}, "2024-05-08": {"sent": 310, "rejected": 2}}


def test_report_shows_tier_requirements_evidence_stats_and_open_items() -> None:
    devices = _changed(MEDIUM, "H1", retention_days=15)
    html = render_report(
        evaluate(LAYOUT, devices, Tier.MEDIUM),
        docking_stats=DOCKING,
        generated_at=WHEN,
        community_code=LAYOUT.code,
    )
    assert html.startswith("<!DOCTYPE html>")
    for text in (
        "华府骏苑",
        "340104001001001",
        "中配版",
        "设备菜单核查 / Device menu check",
        "数据对接统计（近7天）/ Data docking, last 7 days",
        "待整改事项 / Open items",
        "standard_nvr",
        "设备N1 (N1): 30 天 / days",
        "1520",
        "2024-05-08",
        "1 项未满足 / open items",
        "2024-05-08T09:00:00+08:00",
    ):
        assert text in html, text
    open_section = html.split("待整改事项 / Open items")[1]
    assert "录像存储时长不少于30天" in open_section
    assert "设备H1 (H1): 录像保存 15 天 / days &lt; 30 天 / retention" in open_section
    assert "standard_nvr" not in open_section


def test_report_is_self_contained() -> None:
    html = render_report(
        evaluate(LAYOUT, STANDARD, Tier.STANDARD), docking_stats={}, generated_at=WHEN
    )
    assert not re.search(r"(src|href)=", html)
    assert "全部符合 / all requirements met" in html and "无数据 / no data" in html


def test_everything_inserted_is_escaped() -> None:
    layout = CommunityLayout(name="<script>alert(1)</script>小区")
    html = render_report(
        evaluate(layout, [], Tier.STANDARD),
        docking_stats={"<b>day</b>": {"<i>sent</i>": "<x>"}},
        generated_at=WHEN,
    )
    assert "<script>" not in html and "<b>day" not in html and "<i>sent" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;小区" in html
