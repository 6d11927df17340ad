"""The registry: validation per role, lookups, JSON persistence and atomic changes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from custom_components.smart_community.core.people import (
    Address,
    MonthlyPass,
    PeopleRegistry,
    PersonRole,
    RegistryError,
    Tenancy,
    WatchEntry,
    WatchListKind,
)
from custom_components.smart_community.core.people.layout import CommunityLayout

from .helpers import (
    LAYOUT,
    OWNER_ID_NUMBER,
    elder,
    local,
    owner,
    owner_car,
    staff,
    tenant,
    visitor,
)


@pytest.fixture
def registry(tmp_path: Path) -> PeopleRegistry:
    reg = PeopleRegistry(LAYOUT, tmp_path / "people.json")
    reg.add_person(owner())
    return reg


def _key(err: pytest.ExceptionInfo[RegistryError]) -> str:
    return err.value.key


def test_added_person_is_normalised(registry: PeopleRegistry) -> None:
    stored = registry.snapshot.person("owner")
    assert stored is not None
    assert stored.mobile == "+8613800138000"
    assert stored.id_number == OWNER_ID_NUMBER


@pytest.mark.parametrize(
    ("person", "key", "placeholders"),
    [
        (owner(id="x", id_number="340121198001011231", cards=()), "invalid_id_number", None),
        (owner(id="x", id_number=None, mobile="12345", cards=()), "invalid_mobile", None),
        (
            owner(id="x", id_number=None, cards=(), address=Address("9", "1", "101")),
            "unknown_building",
            {"building": "9"},
        ),
        (
            owner(id="x", id_number=None, cards=(), address=Address("1", "3", "101")),
            "unknown_unit",
            {"building": "1", "unit": "3"},
        ),
        (
            owner(id="x", id_number=None, cards=(), address=Address("1", "1", "1903")),
            "invalid_room",
            {"room": "1903"},
        ),
        (
            owner(id="x", id_number=None, cards=(), address=Address("1", "1", "1503")),
            "invalid_room",
            {"room": "1503"},
        ),
        (
            owner(id="x", id_number=None, cards=(), address=Address("1", "1", "B1")),
            "invalid_room",
            {"room": "B1"},
        ),
        (  # "²".isdigit() is True and int("²") raised ValueError (issue 13)
            owner(id="x", id_number=None, cards=(), address=Address("1", "1", "²01")),
            "invalid_room",
            {"room": "²01"},
        ),
        (
            owner(id="x", id_number=None, cards=(), address=Address("1", "1", "9" * 5000)),
            "invalid_room",
            {"room": "9" * 5000},
        ),
        (
            owner(id="x", id_number=None, cards=(), address=None),
            "missing_field",
            {"field": "address"},
        ),
        (owner(id="", id_number=None, cards=()), "missing_field", {"field": "id"}),
        (owner(id="x", name=" ", id_number=None, cards=()), "missing_field", {"field": "name"}),
        (tenant(tenancy=None), "missing_field", {"field": "tenancy"}),
        (
            tenant(tenancy=Tenancy(move_in=date(2026, 2, 1), move_out=date(2026, 1, 31))),
            "invalid_period",
            {"field": "tenancy"},
        ),
        (visitor(visit=None), "missing_field", {"field": "visit"}),
        (staff(care=elder().care), "invalid_field", {"field": "care"}),
        (
            elder(care=replace(elder().care, inactivity_hours=0)),  # type: ignore[type-var]
            "invalid_field",
            {"field": "inactivity_hours"},
        ),
        (
            elder(care=replace(elder().care, emergency_contact_mobile="1")),  # type: ignore[type-var]
            "invalid_mobile",
            None,
        ),
        (owner(id="twin", cards=()), "duplicate_person", {"person_id": "owner"}),
        (
            owner(id="x", id_number=None, cards=("IC-0001",)),
            "duplicate_card",
            {"card": "IC-0001", "person_id": "owner"},
        ),
        (owner(), "duplicate_person", {"person_id": "owner"}),
    ],
)
def test_invalid_person_is_refused_and_nothing_changes(
    registry: PeopleRegistry, person: object, key: str, placeholders: dict[str, str] | None
) -> None:
    before = registry.snapshot
    file_before = (registry._path or Path()).read_bytes()
    with pytest.raises(RegistryError) as err:
        registry.add_person(person)  # type: ignore[arg-type]
    assert _key(err) == key
    if placeholders is not None:
        assert dict(err.value.placeholders) == placeholders
    assert registry.snapshot is before
    assert (registry._path or Path()).read_bytes() == file_before


def test_visitor_needs_a_resident_host(registry: PeopleRegistry) -> None:
    registry.add_person(staff())
    with pytest.raises(RegistryError) as err:
        registry.add_person(visitor(visit=replace(visitor().visit, host_id="staff")))  # type: ignore[type-var]
    assert (err.value.key, err.value.placeholders["person_id"]) == ("unknown_person", "staff")


def test_visitor_pass_must_end_after_it_starts(registry: PeopleRegistry) -> None:
    visit = visitor().visit
    assert visit is not None
    with pytest.raises(RegistryError) as err:
        registry.add_person(visitor(visit=replace(visit, valid_until=visit.valid_from)))
    assert err.value.key == "invalid_period"


def test_visitor_pass_needs_aware_times(registry: PeopleRegistry) -> None:
    visit = visitor().visit
    assert visit is not None
    naive = replace(visit, valid_from=visit.valid_from.replace(tzinfo=None))
    with pytest.raises(RegistryError) as err:
        registry.add_person(visitor(visit=naive))
    assert err.value.placeholders == {"field": "visit"}


def test_visitor_plate_is_validated_and_compacted(registry: PeopleRegistry) -> None:
    visit = visitor().visit
    assert visit is not None
    stored = registry.add_person(visitor(visit=replace(visit, plate="皖a·12345")))
    assert stored.visit is not None and stored.visit.plate == "皖A12345"
    assert registry.snapshot.visitor_for_plate("皖A 12345") == stored
    with pytest.raises(RegistryError) as err:
        registry.add_person(visitor(id="v2", visit=replace(visit, plate="bad")))
    assert err.value.key == "invalid_plate"


def test_every_role_can_be_registered(registry: PeopleRegistry) -> None:
    for person in (tenant(), visitor(), elder(), staff(), staff(id="guard", role=PersonRole.GUARD)):
        registry.add_person(person)
    assert set(registry.snapshot.people) == {
        "owner",
        "tenant",
        "visitor",
        "elder",
        "staff",
        "guard",
    }
    assert registry.snapshot.people["elder"].needs_care
    assert not registry.snapshot.people["owner"].needs_care


def test_card_lookup(registry: PeopleRegistry) -> None:
    assert registry.snapshot.people_by_card["IC-0001"].id == "owner"


def test_update_and_remove_person(registry: PeopleRegistry) -> None:
    registry.update_person(owner(name="张伟伟"))
    assert registry.snapshot.people["owner"].name == "张伟伟"
    registry.remove_person("owner")
    assert registry.snapshot.person("owner") is None


def test_update_and_remove_unknown_person_are_refused(registry: PeopleRegistry) -> None:
    with pytest.raises(RegistryError) as err:
        registry.update_person(owner(id="nobody", id_number=None, cards=()))
    assert err.value.key == "unknown_person"
    with pytest.raises(RegistryError) as err:
        registry.remove_person("nobody")
    assert err.value.key == "unknown_person"


def test_person_with_a_vehicle_or_a_visitor_cannot_be_removed(registry: PeopleRegistry) -> None:
    registry.add_vehicle(owner_car())
    with pytest.raises(RegistryError) as err:
        registry.remove_person("owner")
    assert dict(err.value.placeholders) == {"person_id": "owner", "by": "皖AD12345"}
    registry.remove_vehicle("皖AD12345")
    registry.add_person(visitor())
    with pytest.raises(RegistryError) as err:
        registry.remove_person("owner")
    assert dict(err.value.placeholders) == {"person_id": "owner", "by": "visitor"}


def test_watch_list_is_set_and_cleared(registry: PeopleRegistry) -> None:
    entry = WatchEntry(kind=WatchListKind.WATCH_LIST, reason="repeated tailgating")
    assert registry.set_watch("owner", entry).watch == entry
    assert registry.set_watch("owner", None).watch is None
    with pytest.raises(RegistryError):
        registry.set_watch("nobody", entry)


def test_vehicle_rules(registry: PeopleRegistry) -> None:
    stored = registry.add_vehicle(owner_car(plate="皖ad 12345"))
    assert stored.plate == "皖AD12345"
    assert registry.snapshot.vehicle("皖AD·12345") == stored
    cases = [
        (owner_car(), "duplicate_plate"),
        (owner_car(plate="皖A1234"), "invalid_plate"),
        (owner_car(plate="皖A11111", color="pink"), "invalid_plate_color"),
        (owner_car(plate="皖A11111", owner_id="nobody"), "unknown_person"),
        (
            owner_car(
                plate="皖A11111",
                monthly_pass=MonthlyPass(valid_from=date(2026, 2, 1), valid_until=date(2026, 1, 1)),
            ),
            "invalid_period",
        ),
    ]
    for vehicle, key in cases:
        with pytest.raises(RegistryError) as err:
            registry.add_vehicle(vehicle)
        assert err.value.key == key
    assert list(registry.snapshot.vehicles) == ["皖AD12345"]


def test_update_and_remove_vehicle(registry: PeopleRegistry) -> None:
    registry.add_vehicle(owner_car())
    registry.update_vehicle(owner_car(parking_space="B2-017"))
    assert registry.snapshot.vehicles["皖AD12345"].parking_space == "B2-017"
    with pytest.raises(RegistryError) as err:
        registry.update_vehicle(owner_car(plate="皖A99999"))
    assert err.value.key == "unknown_vehicle"
    with pytest.raises(RegistryError) as err:
        registry.remove_vehicle("皖A99999")
    assert err.value.key == "unknown_vehicle"


def test_registry_survives_a_restart(registry: PeopleRegistry, tmp_path: Path) -> None:
    for person in (tenant(), visitor(), elder(), staff()):
        registry.add_person(person)
    registry.set_watch(
        "staff", WatchEntry(kind=WatchListKind.BLACK_LIST, reason="x", since=local(2026, 1, 1))
    )
    registry.add_vehicle(owner_car(parking_space="B2-017"))
    reloaded = PeopleRegistry.load(LAYOUT, tmp_path / "people.json")
    assert reloaded.snapshot.people == registry.snapshot.people
    assert reloaded.snapshot.vehicles == registry.snapshot.vehicles


def test_missing_file_loads_an_empty_registry(tmp_path: Path) -> None:
    assert not PeopleRegistry.load(LAYOUT, tmp_path / "none.json").snapshot.people


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"version": 99, "people": [], "vehicles": []}',
        b'{"version": 1}',
        b'{"version": 1, "people": [{"id": "a"}], "vehicles": []}',
        b"[]",
        b"\xff\xfe",
    ],
)
def test_corrupt_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "people.json"
    path.write_bytes(content)
    with pytest.raises(RegistryError) as err:
        PeopleRegistry.load(LAYOUT, path)
    assert err.value.key == "corrupt_registry"


def test_failed_write_changes_nothing(
    registry: PeopleRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = registry._path
    assert path is not None
    before_file, before = path.read_bytes(), registry.snapshot

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", broken_fsync)
    with pytest.raises(OSError):
        registry.add_person(staff())
    assert registry.snapshot is before
    assert path.read_bytes() == before_file
    assert [p.name for p in path.parent.iterdir()] == ["people.json"]  # no temp file left


def test_file_is_plain_json_with_a_version(registry: PeopleRegistry) -> None:
    assert registry._path is not None
    data = json.loads(registry._path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["people"][0]["name"] == "张伟"


def test_layout_from_json() -> None:
    layout = CommunityLayout.from_json({"7": {"units": [1, 2], "floors": 3, "doors_per_floor": 1}})
    layout.validate_address(Address("7", "2", "301"))
    with pytest.raises(RegistryError):
        layout.validate_address(Address("7", "2", "401"))


def test_vehicles_of_a_person(registry: PeopleRegistry) -> None:
    registry.add_vehicle(owner_car())
    registry.add_vehicle(owner_car(plate="皖A55555"))
    assert sorted(v.plate for v in registry.snapshot.vehicles_of("owner")) == [
        "皖A55555",
        "皖AD12345",
    ]
    assert registry.snapshot.vehicles_of("nobody") == []


def test_concurrent_changes_are_not_lost(registry: PeopleRegistry, tmp_path: Path) -> None:
    import threading

    def worker(n: int) -> None:
        for i in range(10):
            registry.add_person(staff(id=f"s{n}-{i}"))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(registry.snapshot.people) == 41
    assert len(PeopleRegistry.load(LAYOUT, tmp_path / "people.json").snapshot.people) == 41


def test_photos_and_cards_survive_a_restart(registry: PeopleRegistry, tmp_path: Path) -> None:
    registry.update_person(owner(photos=("2026/03/09/ab.jpg",), cards=("IC-0001", "IC-0002")))
    reloaded = PeopleRegistry.load(LAYOUT, tmp_path / "people.json").snapshot.people["owner"]
    assert reloaded.photos == ("2026/03/09/ab.jpg",)
    assert reloaded.cards == ("IC-0001", "IC-0002")


def test_address_of_staff_is_validated_when_given(registry: PeopleRegistry) -> None:
    with pytest.raises(RegistryError) as err:
        registry.add_person(staff(address=Address("9", "1", "101")))
    assert err.value.key == "unknown_building"
    assert registry.add_person(staff(address=Address("3", "1", "101"))).address is not None
