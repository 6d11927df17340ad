"""The acceptance report (验收报告): one self-contained, escaped HTML page.

It shows the community and tier, each requirement with its evidence (devices, codes,
retention figures), the docking statistics of the last days and the open items, with
Chinese and English headings. Everything inserted is escaped; there are no external
resources, so the file can be mailed or printed as is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from html import escape

from .menu import Evaluation, Requirement

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.5em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}.met{color:#1a7f37}.open{color:#b42318;font-weight:bold}
ul{margin:0;padding-left:1.2em}.meta td:first-child{width:14em}
"""


def _items(values: tuple[str, ...] | list[str]) -> str:
    if not values:
        return "—"
    return "<ul>" + "".join(f"<li>{escape(v)}</li>" for v in values) + "</ul>"


def _status(requirement: Requirement) -> str:
    if requirement.met:
        return '<span class="met">✔ 符合 / met</span>'
    return '<span class="open">✘ 未满足 / open</span>'


def _requirements_table(evaluation: Evaluation) -> str:
    rows = "".join(
        "<tr>"
        f"<td><code>{escape(r.id)}</code></td>"
        f"<td>{escape(r.title_zh)}<br><small>{escape(r.title_en)}</small></td>"
        f"<td>{escape(r.tier)}</td>"
        f"<td>{_status(r)}</td>"
        f"<td>{_items(r.evidence)}</td>"
        f"<td>{_items(r.missing)}</td>"
        "</tr>"
        for r in evaluation.requirements
    )
    return (
        "<table><tr><th>编号 / ID</th><th>要求 / Requirement</th><th>档次 / Tier</th>"
        "<th>结论 / Result</th><th>依据 / Evidence</th><th>缺项 / Missing</th></tr>"
        f"{rows}</table>"
    )


def _docking_table(stats: Mapping[str, Mapping[str, object]]) -> str:
    if not stats:
        return "<p>无数据 / no data</p>"
    columns: list[str] = []
    for counters in stats.values():
        columns += [key for key in counters if key not in columns]
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        f"<tr><td>{escape(day)}</td>"
        + "".join(f"<td>{escape(str(counters.get(c, '')))}</td>" for c in columns)
        + "</tr>"
        for day, counters in stats.items()
    )
    return f"<table><tr><th>日期 / Day</th>{head}</tr>{body}</table>"


def _open_items(evaluation: Evaluation) -> str:
    items = evaluation.open_items
    if not items:
        return '<p class="met">全部符合 / all requirements met</p>'
    return (
        "<ol>"
        + "".join(
            f"<li><b>{escape(r.title_zh)}</b> ({escape(r.title_en)}){_items(r.missing)}</li>"
            for r in items
        )
        + "</ol>"
    )


def render_report(
    evaluation: Evaluation,
    *,
    docking_stats: Mapping[str, Mapping[str, object]],
    generated_at: datetime,
    community_code: str = "",
) -> str:
    """The acceptance report as an HTML document (UTF-8 text)."""
    verdict = (
        '<span class="met">符合 / compliant</span>'
        if evaluation.met
        else f'<span class="open">{len(evaluation.open_items)} 项未满足 / open items</span>'
    )
    title = f"{evaluation.community} 智慧平安小区验收报告"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}<br><small>Smart safe community acceptance report</small></h1>"
        '<table class="meta">'
        f"<tr><td>小区 / Community</td><td>{escape(evaluation.community)}</td></tr>"
        f"<tr><td>小区编码 / Code</td><td>{escape(community_code) or '—'}</td></tr>"
        f"<tr><td>建设档次 / Tier</td><td>{escape(evaluation.tier.zh)} / "
        f"{escape(evaluation.tier.value)}</td></tr>"
        f"<tr><td>结论 / Verdict</td><td>{verdict}</td></tr>"
        f"<tr><td>生成时间 / Generated</td><td>{escape(generated_at.isoformat())}</td></tr>"
        "</table>"
        "<h2>设备菜单核查 / Device menu check</h2>"
        f"{_requirements_table(evaluation)}"
        "<h2>数据对接统计（近7天）/ Data docking, last 7 days</h2>"
        f"{_docking_table(docking_stats)}"
        "<h2>待整改事项 / Open items</h2>"
        f"{_open_items(evaluation)}"
        "</body></html>\n"
    )
