"""search_records, record_trajectory, export_records, purge_records."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv

from ..const import DOMAIN
from ..core.records import RecordKind
from ..features.files import export_target
from ..features.records import record_query
from ..permissions import Permission
from .action import ATTR_CONFIG_ENTRY_ID, ENTRY_FIELD, async_user_may, runtime_of

EXPORT_FORMATS = (".csv", ".xlsx")
_FILTERS: dict[Any, Any] = {
    **ENTRY_FIELD,
    vol.Optional("person_id"): cv.string,
    vol.Optional("cluster_id"): cv.string,
    vol.Optional("plate"): cv.string,
    vol.Optional("device"): cv.string,
    vol.Optional("kind"): vol.In([kind.value for kind in RecordKind]),
    vol.Optional("start"): cv.datetime,
    vol.Optional("end"): cv.datetime,
}
SEARCH_SCHEMA = vol.Schema(
    {
        **_FILTERS,
        vol.Optional("limit", default=50): vol.All(vol.Coerce(int), vol.Range(min=1, max=1000)),
        vol.Optional("cursor"): vol.All(cv.string, vol.Length(max=512)),
    }
)
TRAJECTORY_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
        vol.Optional("person_id"): cv.string,
        vol.Optional("cluster_id"): cv.string,
        vol.Optional("start"): cv.datetime,
        vol.Optional("end"): cv.datetime,
    }
)
EXPORT_SCHEMA = vol.Schema(
    {**_FILTERS, vol.Required("file"): cv.string, vol.Optional("admin", default=False): cv.boolean}
)
PURGE_SCHEMA = vol.Schema(ENTRY_FIELD)


def _asked(call: ServiceCall) -> dict[str, object]:
    """The call's parameters for the audit trail (the community id says nothing)."""
    return {key: value for key, value in call.data.items() if key != "config_entry_id"}


async def search_records(call: ServiceCall) -> ServiceResponse:
    """One page of records."""
    runtime = runtime_of(call)
    records = runtime.records
    query = record_query(call.data, limit=call.data["limit"], cursor=call.data.get("cursor"))
    await runtime.audit.async_record(call.context.user_id, "search_records", _asked(call))
    page = await records.async_search(query)
    return {
        "records": [records.record_json(record) for record in page.records],
        "next_cursor": page.next_cursor,
    }


async def record_trajectory(call: ServiceCall) -> ServiceResponse:
    """Where one person or stranger was seen."""
    runtime = runtime_of(call)
    await runtime.audit.async_record(call.context.user_id, "record_trajectory", _asked(call))
    points = await runtime.records.async_trajectory(
        person_id=call.data.get("person_id"),
        cluster_id=call.data.get("cluster_id"),
        start=call.data.get("start"),
        end=call.data.get("end"),
    )
    return {"points": list(points)}


async def export_records(call: ServiceCall) -> ServiceResponse:
    """Matching records to CSV / XLSX (ID numbers masked unless an administrator asks)."""
    runtime = runtime_of(call)
    records = runtime.records
    target = export_target(call.hass, call.data["file"], EXPORT_FORMATS)
    admin = call.data["admin"]
    if admin and not await async_user_may(
        call.hass,
        call.context.user_id,
        Permission.RECORDS_EXPORT_FULL,
        call.data[ATTR_CONFIG_ENTRY_ID],
    ):
        # Unmasked ID numbers need a person who is an administrator, not an automation.
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="admin_required")
    await runtime.audit.async_record(call.context.user_id, "export_records", _asked(call))
    rows = await records.async_export(record_query(call.data), target, admin=admin)
    return {"file": str(target), "rows": rows, "masked": not admin}


async def purge_records(call: ServiceCall) -> ServiceResponse:
    """Apply the retention now."""
    records = runtime_of(call).records
    result = await records.async_purge()
    return {
        "records": result.records,
        "images": result.images,
        "image_bytes": result.image_bytes,
        "retention_days": records.retention.days,
    }
