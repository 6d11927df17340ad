"""The standard's device menu for the community's tier, checked against its register.

Each unmet requirement (a gate without its face camera, a unit without its door terminal,
recordings kept under 30 days ...) is a repair issue that goes when the register fixes it;
a sensor shows the verdict; the acceptance report (HTML, zh + en) and the police register
(XLSX) are written for the acceptance inspection.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, signal_compliance_update
from ..core.compliance.from_register import community_layout, menu_devices
from ..core.compliance.menu import Evaluation, Option, Tier, evaluate
from ..core.compliance.report import render_report
from ..core.register.export import export_police_register
from ..core.register.row import RegisterRow
from ..core.site import Site
from ..issues import IssueFamily, async_keep_only_items, async_raise_issue

MAX_MISSING_SHOWN = 15
REPORTS_FOLDER = "reports"
OPTIONS_BY_SYSTEM: dict[str, tuple[Option, ...]] = {
    "perimeter": (Option.PERIMETER,),
    "patrol": (Option.PATROL,),
    "falling_object": (Option.FALLING_OBJECT,),
    "iot": (Option.SMOKE, Option.MANHOLE, Option.METERS),
}


def evaluate_site(
    site: Site, name: str, code: str, tier: str, optional_systems: list[str]
) -> Evaluation:
    """The menu check of a community's tier and optional systems."""
    options = [
        option for system in optional_systems for option in OPTIONS_BY_SYSTEM.get(system, ())
    ]
    return evaluate(
        community_layout(name, code, site), menu_devices(site), Tier(tier), options=options
    )


def _missing_lines(missing: tuple[str, ...]) -> str:
    lines = [f"- {item}" for item in missing[:MAX_MISSING_SHOWN]]
    if len(missing) > MAX_MISSING_SHOWN:
        lines.append(f"- … {len(missing) - MAX_MISSING_SHOWN} more")
    return "\n".join(lines)


def _write_report(html_path: Path, html: str, xlsx_path: Path, rows: list[RegisterRow]) -> int:
    html_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = html_path.with_suffix(".html.tmp")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(html_path)
    return export_police_register(rows, xlsx_path)


@dataclass(slots=True, eq=False)
class ComplianceFeature:
    """The last evaluation of one community."""

    hass: HomeAssistant
    entry_id: str
    community_name: str
    community_code: str
    site: Site
    evaluation: Evaluation

    @classmethod
    def start(
        cls,
        hass: HomeAssistant,
        entry_id: str,
        site: Site,
        *,
        name: str,
        code: str,
        tier: str,
        optional_systems: list[str],
    ) -> ComplianceFeature:
        """Check the menu and raise / clear the repair issues."""
        evaluation = evaluate_site(site, name, code, tier, optional_systems)
        feature = cls(hass, entry_id, name, code, site, evaluation)
        feature._update_issues()
        async_dispatcher_send(hass, signal_compliance_update(entry_id))
        return feature

    @property
    def open_ids(self) -> list[str]:
        """IDs of the unmet requirements, in menu order."""
        return [r.id for r in self.evaluation.open_items]

    def _update_issues(self) -> None:
        evaluation = self.evaluation
        for requirement in evaluation.open_items:
            async_raise_issue(
                self.hass,
                IssueFamily.COMPLIANCE,
                self.entry_id,
                {
                    "community": self.community_name,
                    "tier": evaluation.tier.zh,
                    "requirement": requirement.id,
                    "title": f"{requirement.title_zh} / {requirement.title_en}",
                    "missing": _missing_lines(requirement.missing),
                },
                item=requirement.id,
            )
        async_keep_only_items(self.hass, IssueFamily.COMPLIANCE, self.entry_id, self.open_ids)

    @property
    def reports_dir(self) -> Path:
        """Where reports are written: the community's folder, never HA's public ``www/``."""
        return Path(self.hass.config.path(DOMAIN, self.community_code, REPORTS_FOLDER))

    async def async_acceptance_report(
        self, docking_days: dict[str, dict[str, int]]
    ) -> dict[str, Any]:
        """Write the acceptance report and the police register; their paths and a summary."""
        evaluation = self.evaluation
        now = dt_util.now()
        html = render_report(
            evaluation,
            docking_stats=docking_days,
            generated_at=now,
            community_code=self.community_code,
        )
        stem = now.date().isoformat()
        html_path = self.reports_dir / f"acceptance-{stem}.html"
        xlsx_path = self.reports_dir / f"police-register-{stem}.xlsx"
        rows = [device.row for device in self.site]
        cameras = await self.hass.async_add_executor_job(
            _write_report, html_path, html, xlsx_path, rows
        )
        return {
            "html": str(html_path),
            "xlsx": str(xlsx_path),
            "summary": {
                "tier": evaluation.tier.value,
                "compliant": evaluation.met,
                "requirements": len(evaluation.requirements),
                "open_items": self.open_ids,
                "police_register_rows": cameras,
                "docking_days": docking_days,
            },
        }
