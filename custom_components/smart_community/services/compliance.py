"""acceptance_report: the standard's checklist, docking statistics and the police register."""

from __future__ import annotations

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse

from .action import ENTRY_FIELD, runtime_of

ACCEPTANCE_REPORT_SCHEMA = vol.Schema(ENTRY_FIELD)
DOCKING_DAYS = 7


async def acceptance_report(call: ServiceCall) -> ServiceResponse:
    """Write the acceptance report (HTML) and the police register (XLSX)."""
    runtime = runtime_of(call)
    docking = runtime.docking
    days = await docking.service.daily_statistics(DOCKING_DAYS) if docking is not None else {}
    return await runtime.compliance.async_acceptance_report(days)
