"""The access decision on every face match, card, QR code and plate, and who is inside.

The hub asks :meth:`AccessFeature.async_decide` before anything else sees a face match, an
access event or a plate read: the pure ``core.access.decide`` gives allow / deny / alert
with its reason against the registry and the community's rules, the car park follows the
allowed plates at its lanes, and people through a gate are counted in and out. The event
then carries ``decision``, ``decision_reason``, the person's name and role, so entities,
records, blueprints and the console all see the same verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_REQUIRE_LIVENESS,
    CONF_TEMPORARY_VEHICLES,
    CONF_TERMINAL_MIN_SIMILARITY,
    DEFAULT_TERMINAL_MIN_SIMILARITY,
    signal_people_update,
)
from ..core.access import (
    AccessDecision,
    AccessPoint,
    AccessRules,
    Outcome,
    PersonSubject,
    PlateSubject,
    decide,
)
from ..core.devices import DeviceKind
from ..core.events import RECOGNISED_BY_ENGINE, DeviceEvent, EventKind
from ..core.people import Person, RegistrySnapshot
from ..core.people.plate import compact_plate
from ..core.recognition.faces.decision import Verdict
from ..core.site import Direction, RegisteredDevice
from .daily import DailyCounts
from .parking import ParkingFeature
from .people import PeopleFeature
from .persisted import PersistedFeature, community_store

ENGINE = RECOGNISED_BY_ENGINE
VERDICT_RETRY = Verdict.RETRY.value  # the engine's face just under its band's threshold
# Terminals that recognise faces themselves: their match counts (with its similarity).
DECIDING_TERMINALS = frozenset({DeviceKind.ACCESS_TERMINAL, DeviceKind.TURNSTILE})


def face_evidence(
    device: RegisteredDevice,
    event: DeviceEvent,
    *,
    require_liveness: bool,
    terminal_min_similarity: float,
) -> str | None:
    """Why a face match may not open, or ``None`` when its evidence is enough.

    A match counts when the integration's engine made it (its similarity is calibrated and
    it names nobody below its threshold) or when a terminal that decides by itself made it
    with a similarity at least ``terminal_min_similarity``; a camera's own claim never opens.
    Liveness, when the rule asks for it, must be positive: the terminal's own check or the
    engine's agreement over several frames (never a single still).
    """
    if event.attributes.get("recognised_by") != ENGINE:
        if device.kind not in DECIDING_TERMINALS:
            return "match_not_verified"
        if event.similarity is None or event.similarity < terminal_min_similarity:
            return "low_similarity"
    if require_liveness and event.liveness is not True:
        return "not_live"
    return None


def plate_is_uncertain(event: DeviceEvent) -> bool:
    """Recognition could not settle every character (a province glyph, a small plate)."""
    attributes = event.attributes
    return bool(attributes.get("plate_uncertain")) or attributes.get("plate_certain") is False


class AccessFeature(PersistedFeature):
    """Decides; counts people in and out through the gates."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        *,
        options: Mapping[str, Any],
        people: PeopleFeature,
        parking: ParkingFeature,
        store: Store[dict[str, Any]],
    ) -> None:
        """Built by :meth:`async_load`."""
        super().__init__(hass, store, signal_people_update(entry_id))
        self.entry_id = entry_id
        self.options = options
        self.people = people
        self.parking = parking
        self.timezone = dt_util.get_default_time_zone()
        self.inside: dict[str, str] = {}  # person id -> role, people through a gate inward
        self.counts = DailyCounts(dt_util.now(self.timezone).date())  # people through gates

    @classmethod
    async def async_load(
        cls,
        hass: HomeAssistant,
        entry_id: str,
        community_code: str,
        *,
        options: Mapping[str, Any],
        people: PeopleFeature,
        parking: ParkingFeature,
    ) -> AccessFeature:
        """The feature with the people inside and today's counts of the last run."""
        store = community_store(hass, community_code, "occupancy")
        feature = cls(hass, entry_id, options=options, people=people, parking=parking, store=store)
        saved = await store.async_load() or {}
        feature.inside = {str(k): str(v) for k, v in saved.get("inside", {}).items()}
        feature.counts = DailyCounts.from_json(saved.get("counts"), feature.counts.day)
        return feature

    def rules(self) -> AccessRules:
        """The policy applied to the current registry snapshot."""
        return AccessRules(
            registry=self.people.snapshot,
            timezone=self.timezone,
            temporary_vehicles=bool(self.options.get(CONF_TEMPORARY_VEHICLES, True)),
        )

    def state_json(self) -> dict[str, Any]:
        """Who is inside and today's counts."""
        return {"inside": dict(self.inside), "counts": self.counts.to_json()}

    # --- the decision -------------------------------------------------------------------

    @callback
    def async_decide(self, device: RegisteredDevice, event: DeviceEvent) -> DeviceEvent:
        """The hub's decider: add the decision (and the car park's effects) to the event."""
        snapshot = self.people.snapshot
        person: Person | None = None
        if event.kind is EventKind.VEHICLE:
            if not event.plate or not device.lane:
                return event
            plate = compact_plate(event.plate)
            subject: PersonSubject | PlateSubject = PlateSubject(
                plate=plate,
                inside=self.parking.lot.session(plate) is not None,
                fee_due=self.parking.lot.fee_due(plate, event.time),
            )
            vehicle = snapshot.vehicle(plate)
            holder_id = vehicle.owner_id if vehicle else None
            visitor = None if vehicle else snapshot.visitor_for_plate(plate)
            person = snapshot.person(holder_id) if holder_id else visitor
        else:
            person_id = event.person_id
            card = event.attributes.get("card") or event.attributes.get("card_no")
            if person_id is None and isinstance(card, str) and card:
                by_card = snapshot.people_by_card.get(card)
                person_id = by_card.id if by_card else None
            elif person_id is None and event.kind is EventKind.ACCESS:
                return event  # a passage nobody identified: nothing to decide
            subject = PersonSubject(person_id)
            person = snapshot.person(person_id) if person_id else None
        point = AccessPoint.of(device, event.direction)
        decision = decide(subject, point, event.time, self.rules())
        refusal = self._evidence_refusal(device, event)
        if refusal is not None and decision.outcome is Outcome.ALLOW:
            # Who it would be stays on the event for the guard; the door stays shut.
            decision = AccessDecision(Outcome.DENY, refusal, {})
        elif (
            decision.reason == "unknown_person"
            and event.attributes.get("face_verdict") == VERDICT_RETRY
            and event.attributes.get("recognised_by") == ENGINE
        ):
            # Just under the threshold: not a stranger yet, the next frame decides again.
            decision = AccessDecision(Outcome.DENY, "look_again", {})
        attributes: dict[str, Any] = {
            **event.attributes,
            "decision": decision.outcome.value,
            "decision_reason": decision.reason,
            **decision.detail,
        }
        if person is not None:
            attributes["person_name"] = person.name
            attributes["role"] = person.role.value
            # A card or plate named them: blueprints and "last seen" read the id from here.
            attributes.setdefault("person_id", person.id)
        if isinstance(subject, PlateSubject):
            attributes.update(
                self._park(
                    device,
                    point,
                    subject.plate,
                    event.time,
                    opens=decision.opens,
                    free=decision.parks_free,
                )
            )
        elif person is not None and decision.opens and point.gate and not point.is_unit_door:
            self._pass_gate(person, point.direction, event.time)
        return replace(event, attributes=attributes)

    def _evidence_refusal(self, device: RegisteredDevice, event: DeviceEvent) -> str | None:
        if event.kind is EventKind.FACE_MATCH:
            return face_evidence(
                device,
                event,
                require_liveness=bool(self.options.get(CONF_REQUIRE_LIVENESS, True)),
                terminal_min_similarity=float(
                    self.options.get(CONF_TERMINAL_MIN_SIMILARITY, DEFAULT_TERMINAL_MIN_SIMILARITY)
                ),
            )
        if event.kind is EventKind.VEHICLE and plate_is_uncertain(event):
            return "plate_uncertain"
        return None

    def _pass_gate(self, person: Person, direction: Direction, at: datetime) -> None:
        self.counts.roll(at, self.timezone)
        if direction is Direction.IN and person.id not in self.inside:
            self.inside[person.id] = person.role.value
            self.counts.entries += 1
        elif direction is Direction.OUT and self.inside.pop(person.id, None) is not None:
            self.counts.exits += 1
        self.changed()

    def _park(
        self,
        device: RegisteredDevice,
        point: AccessPoint,
        plate: str,
        at: datetime,
        *,
        opens: bool,
        free: bool,
    ) -> dict[str, Any]:
        barrier = self.parking.site.barrier_of(device)
        if barrier is None or not opens:
            return {}
        if point.direction is Direction.IN:
            return self.parking.arrive(plate, at, barrier.code, free=free)
        return self.parking.depart(plate, at, barrier.code)

    # --- listeners ----------------------------------------------------------------------

    @callback
    def async_registry_changed(self, snapshot: RegistrySnapshot) -> None:
        """People removed from the registry are no longer counted inside."""
        gone = [person_id for person_id in self.inside if snapshot.person(person_id) is None]
        for person_id in gone:
            del self.inside[person_id]
        if gone:
            self.changed()

    @callback
    def async_midnight(self, now: datetime) -> None:
        """Today's counts start again at local midnight."""
        self.counts.roll(now, self.timezone)
        async_dispatcher_send(self.hass, signal_people_update(self.entry_id))
