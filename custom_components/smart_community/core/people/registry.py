"""The people and vehicle registry, persisted as one JSON file.

Every change validates the whole new state, writes it atomically and only then becomes
visible; a refused or failed change leaves memory and file as they were.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from .codec import registry_from_json, registry_to_json
from .errors import RegistryError
from .json_file import read_json, write_json_atomically
from .layout import CommunityLayout
from .models import Person, Vehicle, WatchEntry
from .plate import compact_plate
from .validation import validate_person, validate_vehicle


@dataclass(frozen=True, slots=True)
class RegistrySnapshot:
    """An immutable view the access decision reads; lookups are dict hits."""

    people: Mapping[str, Person]
    vehicles: Mapping[str, Vehicle]  # by compact plate
    people_by_card: Mapping[str, Person]
    visitors_by_plate: Mapping[str, Person]

    @classmethod
    def build(cls, people: dict[str, Person], vehicles: dict[str, Vehicle]) -> RegistrySnapshot:
        """Index ``people`` and ``vehicles``."""
        return cls(
            people=MappingProxyType(people),
            vehicles=MappingProxyType(vehicles),
            people_by_card=MappingProxyType({card: p for p in people.values() for card in p.cards}),
            visitors_by_plate=MappingProxyType(
                {p.visit.plate: p for p in people.values() if p.visit and p.visit.plate}
            ),
        )

    def person(self, person_id: str) -> Person | None:
        """The person with that id."""
        return self.people.get(person_id)

    def vehicle(self, plate: str) -> Vehicle | None:
        """The registered vehicle with that plate (any separators or case)."""
        return self.vehicles.get(compact_plate(plate))

    def vehicles_of(self, person_id: str) -> list[Vehicle]:
        """The plates registered to a person."""
        return [v for v in self.vehicles.values() if v.owner_id == person_id]

    def visitor_for_plate(self, plate: str) -> Person | None:
        """The visitor whose pass names that plate."""
        return self.visitors_by_plate.get(compact_plate(plate))


class PeopleRegistry:
    """Thread-safe registry; ``path=None`` keeps it in memory (tests)."""

    def __init__(self, layout: CommunityLayout, path: Path | None = None) -> None:
        self._layout = layout
        self._path = path
        self._lock = threading.Lock()
        self._snapshot = RegistrySnapshot.build({}, {})

    @classmethod
    def load(cls, layout: CommunityLayout, path: Path) -> PeopleRegistry:
        """Read ``path`` (missing: empty registry); invalid content is ``corrupt_registry``."""
        registry = cls(layout, path)
        try:
            data = read_json(path)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise RegistryError("corrupt_registry", reason=type(err).__name__) from err
        if data is not None:
            people, vehicles = registry_from_json(data)
            registry._snapshot = RegistrySnapshot.build(
                {p.id: p for p in people}, {v.plate: v for v in vehicles}
            )
        return registry

    @property
    def snapshot(self) -> RegistrySnapshot:
        """The current state (immutable; replaced on every change)."""
        return self._snapshot

    def add_person(self, person: Person) -> Person:
        """Register a new person; ``duplicate_person`` if the id is taken."""

        def change(people: dict[str, Person], vehicles: dict[str, Vehicle]) -> Person:
            if person.id in people:
                raise RegistryError("duplicate_person", person_id=person.id)
            people[person.id] = stored = validate_person(person, self._layout, people)
            return stored

        return self._commit(change)

    def update_person(self, person: Person) -> Person:
        """Replace a registered person (same id)."""

        def change(people: dict[str, Person], vehicles: dict[str, Vehicle]) -> Person:
            if people.pop(person.id, None) is None:
                raise RegistryError("unknown_person", person_id=person.id)
            people[person.id] = stored = validate_person(person, self._layout, people)
            return stored

        return self._commit(change)

    def set_watch(self, person_id: str, watch: WatchEntry | None) -> Person:
        """Put a person on the black / watch list (``None`` takes them off)."""
        person = self._snapshot.person(person_id)
        if person is None:
            raise RegistryError("unknown_person", person_id=person_id)
        return self.update_person(replace(person, watch=watch))

    def remove_person(self, person_id: str) -> None:
        """Remove a person; refused (``person_in_use``) while vehicles or visitors point at them."""

        def change(people: dict[str, Person], vehicles: dict[str, Vehicle]) -> None:
            if people.pop(person_id, None) is None:
                raise RegistryError("unknown_person", person_id=person_id)
            for vehicle in vehicles.values():
                if vehicle.owner_id == person_id:
                    raise RegistryError("person_in_use", person_id=person_id, by=vehicle.plate)
            for other in people.values():
                if other.visit and other.visit.host_id == person_id:
                    raise RegistryError("person_in_use", person_id=person_id, by=other.id)

        self._commit(change)

    def add_vehicle(self, vehicle: Vehicle) -> Vehicle:
        """Register a vehicle of a registered person."""

        def change(people: dict[str, Person], vehicles: dict[str, Vehicle]) -> Vehicle:
            stored = validate_vehicle(vehicle, people, vehicles)
            vehicles[stored.plate] = stored
            return stored

        return self._commit(change)

    def update_vehicle(self, vehicle: Vehicle) -> Vehicle:
        """Replace a registered vehicle (same plate)."""

        def change(people: dict[str, Person], vehicles: dict[str, Vehicle]) -> Vehicle:
            if vehicles.pop(compact_plate(vehicle.plate), None) is None:
                raise RegistryError("unknown_vehicle", plate=vehicle.plate)
            stored = validate_vehicle(vehicle, people, vehicles)
            vehicles[stored.plate] = stored
            return stored

        return self._commit(change)

    def remove_vehicle(self, plate: str) -> None:
        """Forget a vehicle."""

        def change(people: dict[str, Person], vehicles: dict[str, Vehicle]) -> None:
            if vehicles.pop(compact_plate(plate), None) is None:
                raise RegistryError("unknown_vehicle", plate=plate)

        self._commit(change)

    def _commit[T](self, change: Callable[[dict[str, Person], dict[str, Vehicle]], T]) -> T:
        with self._lock:
            people = dict(self._snapshot.people)
            vehicles = dict(self._snapshot.vehicles)
            result = change(people, vehicles)
            if self._path is not None:
                write_json_atomically(
                    self._path, registry_to_json(list(people.values()), list(vehicles.values()))
                )
            self._snapshot = RegistrySnapshot.build(people, vehicles)
            return result
