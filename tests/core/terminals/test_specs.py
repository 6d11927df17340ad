"""Terminal specs from the demo register plus the config entry's connection settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from custom_components.smart_community.core.access import AccessRules
from custom_components.smart_community.core.codes.community import parse as parse_community
from custom_components.smart_community.core.devices import Transport
from custom_components.smart_community.core.people import PersonRole, RegistrySnapshot
from custom_components.smart_community.core.register import check_register_file
from custom_components.smart_community.core.terminals import TerminalPlace, Vendor
from custom_components.smart_community.core.terminals.specs import (
    TerminalConnection,
    policy_from_rules,
    stream_transport,
    terminal_specs,
)

from .conftest import ZONE

DEMO = Path(__file__).parents[3] / "tools" / "demo" / "register.csv"
HIKVISION_UNIT_DOOR = "34010449011348001029"  # 3栋1单元
DAHUA_UNIT_DOOR = "34010449011348001031"  # 3栋2单元
HTTP_UNIT_DOORS = {
    "34010449011348001027",
    HIKVISION_UNIT_DOOR,
    DAHUA_UNIT_DOOR,
    "34010449011348001033",
    "34010449011348001035",
}


def test_demo_register_terminals_become_specs() -> None:
    rows = check_register_file(DEMO, community=parse_community("340104001001001")).rows
    unit = "34010449011348001021"  # 1栋1单元, reached over MQTT in the register
    specs, skipped = terminal_specs(rows, {})
    by_code = {spec.device_code: spec for spec in specs}
    assert by_code[unit].place == TerminalPlace(unit, building="1", unit="1")
    assert by_code[unit].vendor is Vendor.MQTT
    assert by_code[unit].mqtt_prefix == "community/340104001001001"
    assert by_code["34010449011348001004"].place.gate == "东门"
    # the simulated Hikvision (isapi) and Dahua (dahua) unit doors need the entry's settings
    assert skipped == dict.fromkeys(sorted(HTTP_UNIT_DOORS), "no_connection")
    connection = TerminalConnection(base_url="http://127.0.0.1:18080", username="a", password="b")
    specs, skipped = terminal_specs(rows, dict.fromkeys(HTTP_UNIT_DOORS, connection))
    by_code = {spec.device_code: spec for spec in specs}
    assert skipped == {}
    assert by_code[DAHUA_UNIT_DOOR].vendor is Vendor.DAHUA  # 接入方式 dahua
    assert by_code[HIKVISION_UNIT_DOOR].vendor is Vendor.HIKVISION  # 接入方式 isapi
    assert all(by_code[code].events for code in HTTP_UNIT_DOORS)
    # the same row reached as a Hikvision terminal with the entry's credentials
    row = next(r for r in rows if r.code == unit)
    http_row = replace(row, transport=Transport.ISAPI)
    specs, skipped = terminal_specs([http_row], {})
    assert specs == [] and skipped == {unit: "no_connection"}
    connection = TerminalConnection(base_url="http://10.34.1.25", username="admin", password="x")
    [spec] = terminal_specs([http_row], {unit: connection})[0]
    assert (spec.vendor, spec.base_url) == (Vendor.HIKVISION, "http://10.34.1.25")
    assert spec.events  # an isapi row: the alertStream carries its events
    dahua = replace(http_row, manufacturer=2)
    [dahua_spec] = terminal_specs([dahua], {unit: connection})[0]
    # a Dahua terminal the register connects through isapi: synchronised, no stream opened
    assert dahua_spec.vendor is Vendor.DAHUA and not dahua_spec.events
    assert [s.vendor for s in terminal_specs([dahua], {})[0]] == []
    gateway = replace(row, transport=Transport.MQTT)
    override = replace(connection, vendor=Vendor.HIKVISION)
    [through_gateway] = terminal_specs([gateway], {unit: override})[0]
    assert through_gateway.vendor is Vendor.HIKVISION and not through_gateway.events


def test_stream_events_belong_to_the_transport_of_the_same_protocol() -> None:
    assert stream_transport(Vendor.HIKVISION) is Transport.ISAPI
    assert stream_transport(Vendor.DAHUA) is Transport.DAHUA
    assert stream_transport(Vendor.MQTT) is None


def test_policy_follows_the_access_rules() -> None:
    rules = AccessRules(
        registry=RegistrySnapshot.build({}, {}),
        timezone=ZONE,
        gate_roles={"后门": frozenset({PersonRole.STAFF})},
        staff_at_unit_doors=False,
    )
    policy = policy_from_rules(rules)
    assert not policy.staff_at_unit_doors
    assert policy.gate_admits("东门", PersonRole.OWNER)
    assert not policy.gate_admits("后门", PersonRole.OWNER)
