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
    terminal_specs,
)

from .conftest import ZONE

DEMO = Path(__file__).parents[3] / "tools" / "demo" / "register.csv"


def test_demo_register_terminals_become_specs() -> None:
    rows = check_register_file(DEMO, community=parse_community("340104001001001")).rows
    unit = "34010449011348001021"  # 1栋1单元, reached over MQTT in the register
    specs, skipped = terminal_specs(rows, {})
    by_code = {spec.device_code: spec for spec in specs}
    assert by_code[unit].place == TerminalPlace(unit, building="1", unit="1")
    assert by_code[unit].vendor is Vendor.MQTT
    assert by_code[unit].mqtt_prefix == "community/340104001001001"
    assert by_code["34010449011348001004"].place.gate == "东门"
    assert skipped == {}
    # the same row reached as a Hikvision terminal with the entry's credentials
    row = next(r for r in rows if r.code == unit)
    http_row = replace(row, transport=Transport.ISAPI)
    specs, skipped = terminal_specs([http_row], {})
    assert specs == [] and skipped == {unit: "no_connection"}
    connection = TerminalConnection(base_url="http://10.34.1.25", username="admin", password="x")
    [spec] = terminal_specs([http_row], {unit: connection})[0]
    assert (spec.vendor, spec.base_url) == (Vendor.HIKVISION, "http://10.34.1.25")
    dahua = replace(http_row, manufacturer=2)
    assert terminal_specs([dahua], {unit: connection})[0][0].vendor is Vendor.DAHUA


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
