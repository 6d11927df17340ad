"""Every action of the integration, registered from one table.

Each row names the action, its handler (``runtime → feature → response``), its schema and
who may call it (``Permission``; README "Security model"). To add an action: a handler in
the area's module here, a row in :data:`ACTIONS`, its fields in ``services.yaml`` and
``strings.json`` (see CONTRIBUTING.md).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, callback

from ..const import DOMAIN
from ..permissions import Permission
from . import compliance, parking, people, recognition, records, register, staff, terminals
from .action import Action, Handler, async_check_permission

ADMIN, STAFF = Permission.ADMIN, Permission.STAFF

ACTIONS: tuple[Action, ...] = (
    Action("import_register", register.import_register, register.IMPORT_REGISTER_SCHEMA, ADMIN),
    Action("export_register", register.export_register, register.EXPORT_REGISTER_SCHEMA, ADMIN),
    Action(
        "device_credentials",
        register.device_credentials,
        register.DEVICE_CREDENTIALS_SCHEMA,
        ADMIN,
    ),
    Action("add_person", people.add_person, people.ADD_PERSON_SCHEMA, ADMIN),
    Action("update_person", people.update_person, people.UPDATE_PERSON_SCHEMA, ADMIN),
    Action("remove_person", people.remove_person, people.REMOVE_PERSON_SCHEMA, ADMIN),
    Action("issue_visitor_pass", people.issue_visitor_pass, people.VISITOR_PASS_SCHEMA, STAFF),
    Action("add_vehicle", people.add_vehicle, people.ADD_VEHICLE_SCHEMA, ADMIN),
    Action(
        "open_parking_session",
        parking.open_parking_session,
        parking.PARKING_SESSION_SCHEMA,
        STAFF,
    ),
    Action(
        "close_parking_session",
        parking.close_parking_session,
        parking.PARKING_SESSION_SCHEMA,
        STAFF,
    ),
    Action("search_records", records.search_records, records.SEARCH_SCHEMA, ADMIN),
    Action("record_trajectory", records.record_trajectory, records.TRAJECTORY_SCHEMA, ADMIN),
    Action("export_records", records.export_records, records.EXPORT_SCHEMA, ADMIN),
    Action("purge_records", records.purge_records, records.PURGE_SCHEMA, ADMIN),
    Action("enroll_face", recognition.enroll_face, recognition.ENROLL_SCHEMA, ADMIN),
    Action("remove_face", recognition.remove_face, recognition.REMOVE_SCHEMA, ADMIN),
    Action(
        "name_face_cluster",
        recognition.name_face_cluster,
        recognition.NAME_CLUSTER_SCHEMA,
        ADMIN,
    ),
    Action(
        "not_this_person",
        recognition.not_this_person,
        recognition.NOT_THIS_PERSON_SCHEMA,
        ADMIN,
    ),
    Action("enroll_voice", recognition.enroll_voice, recognition.ENROLL_VOICE_SCHEMA, ADMIN),
    Action("remove_voice", recognition.remove_voice, recognition.REMOVE_SCHEMA, ADMIN),
    Action(
        "acceptance_report",
        compliance.acceptance_report,
        compliance.ACCEPTANCE_REPORT_SCHEMA,
        ADMIN,
    ),
    Action("notify_staff", staff.notify_staff, staff.NOTIFY_STAFF_SCHEMA, STAFF),
    Action("resync_terminals", terminals.resync_terminals, terminals.RESYNC_SCHEMA, ADMIN),
    Action("add_person_photo", terminals.add_person_photo, terminals.PERSON_PHOTO_SCHEMA, ADMIN),
    Action(
        "confirm_registration",
        terminals.confirm_registration,
        terminals.CONFIRM_REGISTRATION_SCHEMA,
        ADMIN,
    ),
    Action(
        "reject_registration",
        terminals.reject_registration,
        terminals.REJECT_REGISTRATION_SCHEMA,
        ADMIN,
    ),
)


def _guarded(hass: HomeAssistant, action: Action) -> Handler:
    async def handle(call: ServiceCall) -> ServiceResponse:
        await async_check_permission(hass, call, action.permission)
        return await action.handler(call)

    return handle


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register every action once (from ``async_setup``)."""
    for action in ACTIONS:
        hass.services.async_register(
            DOMAIN,
            action.name,
            _guarded(hass, action),
            schema=action.schema,
            supports_response=action.response,
        )
