"""门禁授权 in HA: every access terminal's people, faces, cards and windows follow the registry.

One :class:`TerminalsFeature` per community hosts the core sync engine (``core/terminals``):
the register says where each access terminal stands, the entry's options how to reach it
(``terminal_settings.py``), the people registry whom it admits. The engine runs on its own
worker thread (SQLite queue ``terminals.db`` in the community folder, photo assessment) and
starts in the background once the community's devices may talk; every registry change is
handed to it, and it plans again by itself when a pass or a tenancy ends.

**The terminals' own events.** A Hikvision terminal's ``alertStream`` and a Dahua terminal's
``eventManager`` attach stream are opened by the engine and are that vendor's protocol, so
they enter the hub as the register's 接入方式 of the same name: ``isapi`` for Hikvision
(the same as an ISAPI push to HA's HTTP listener), ``dahua`` for Dahua. The stream is opened
only when the register's row names that 接入方式; a terminal the register connects another
way (``mqtt`` through a gateway) is synchronised all the same and its events arrive the way
the register says. MQTT terminals have no stream: their access events and the
acknowledgements of the library commands come through the MQTT transport. Whatever the
path, an event naming a terminal's user id (``employeeNo`` / ``UserID`` / ``user_id``) is
renamed to the registry's person before the access decision sees it (:meth:`naming`).

**人证核验.** The population-collection terminal posts a registration to
``/api/smart_community/registration/<device>`` (``registration_view.py``); a verified one
waits in ``registrations/`` until a manager confirms it into the registry (its live photo
becomes the person's photo, which the terminals then receive) or rejects it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from homeassistant.components import mqtt
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ..const import (
    CONF_COMMUNITY_CODE,
    CONF_MQTT_PREFIX,
    DEFAULT_MQTT_PREFIX,
    DOMAIN,
)
from ..core.devices import DeviceKind
from ..core.digest import DigestAuth
from ..core.events import DeviceEvent, EventKind
from ..core.people import Person, RegistrySnapshot
from ..core.site import RegisteredDevice, Site
from ..core.terminals import (
    EngineAssessor,
    EngineOptions,
    FolderPhotoSource,
    PhotoMissing,
    SyncStore,
    TerminalError,
    TerminalSpec,
    TerminalStatus,
    TerminalSyncEngine,
    Vendor,
)
from ..core.terminals.engine import SyncState, named_event
from ..core.terminals.faces import terminal_jpeg
from ..core.terminals.idcheck import (
    EngineEmbedder,
    IdCheck,
    PendingRegistration,
    PendingRegistrations,
    RegistrationError,
    check_card,
    parse_registration,
    verify_registration,
)
from ..core.terminals.specs import policy_from_rules, terminal_specs
from ..hub import CommunityHub, Decider
from ..issues import IssueFamily, async_keep_only_items, async_raise_issue
from ..transports.base import EventOrigin, PushCredentials
from .access import AccessFeature
from .people import PeopleFeature, invalid
from .terminal_settings import HTTP_VENDORS, TerminalSetting, settings_from_options

_LOGGER = logging.getLogger(__name__)

SYNC_FILE = "terminals.db"
PHOTOS_FOLDER = "photos"  # the registry's photo refs are paths below it
REGISTRATIONS_FOLDER = "registrations"
SHOWN_FAILURES = 10  # refused items a sensor lists
REASONS_SHOWN = 300  # characters of the devices' reasons in a repair issue
DIGEST_REALM = "smart_community"
#: Timing of every community's engine (tests shorten the waits).
ENGINE_OPTIONS = EngineOptions()
#: The registrations the HTTP view may deliver to, by community code.
REGISTRATION_INDEX: HassKey[dict[str, TerminalsFeature]] = HassKey(f"{DOMAIN}_registrations")

type FaceEngineProvider = Callable[[], Any | None]  # the face engine, or None (blocking)


def community_clock() -> float:
    """Seconds since the epoch by HA's clock (tests replace it before a community starts)."""
    return dt_util.utcnow().timestamp()


def signal_terminal_update(entry_id: str, device_code: str) -> str:
    """Dispatcher signal: a terminal's sync status changed."""
    return f"{DOMAIN}_{entry_id}_terminal_{device_code}"


def signal_registrations_update(entry_id: str) -> str:
    """Dispatcher signal: a registration arrived, was confirmed or rejected."""
    return f"{DOMAIN}_{entry_id}_registrations"


def status_json(status: TerminalStatus) -> dict[str, Any]:
    """A terminal's status as the sensor, the actions and the console show it."""

    def moment(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "device_code": status.device_code,
        "vendor": status.vendor.value,
        "state": status.state.value,
        "pending": status.pending,
        "failed": status.failed,
        "done": status.done,
        "users": status.users,
        "faces": status.faces,
        "cards": status.cards,
        "last_error": status.last_error,
        "last_ok": moment(status.last_ok),
        "offline_since": moment(status.offline_since),
        "last_full_sync": moment(status.last_full_sync),
        "keeps_refusing": status.keeps_refusing,
        "failed_items": [
            {
                "item": item.description,
                "person_id": item.person_id,
                "reason": item.reason,
                "library_full": item.capacity,
            }
            for item in status.failures[:SHOWN_FAILURES]
        ],
    }


class TerminalsFeature:
    """One community's access terminals: the sync engine, their events, 人证核验."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        *,
        site: Site,
        people: PeopleFeature,
        access: AccessFeature,
        folder: Path,
    ) -> None:
        """Built by :meth:`async_load`."""
        self.hass = hass
        self.entry = entry
        self.entry_id = entry.entry_id
        self.site = site
        self.people = people
        self.access = access
        self.folder = folder
        self.community_code: str = entry.data[CONF_COMMUNITY_CODE]
        self.clock: Callable[[], float] = community_clock
        self.settings: dict[str, TerminalSetting] = settings_from_options(entry.options)
        self.specs: dict[str, TerminalSpec] = {}
        self.skipped: dict[str, str] = {}
        self.photos = FolderPhotoSource(folder / PHOTOS_FOLDER)
        self.registrations = PendingRegistrations(folder / REGISTRATIONS_FOLDER)
        self.pending_registrations = 0
        self.engine: TerminalSyncEngine | None = None
        self.hub: CommunityHub | None = None
        # 人证核验: the same credentials as the push receivers, for the collection terminals
        self.registration_credentials = PushCredentials(
            site, entry, lambda device: device.kind is DeviceKind.COLLECTION_TERMINAL
        )
        self.registration_auth = DigestAuth(DIGEST_REALM, self.registration_password)
        self._store: SyncStore | None = None
        self._faces: FaceEngineProvider = lambda: None
        self._started = False
        self._start_task: asyncio.Task[None] | None = None
        self._feeder: asyncio.Task[None] | None = None
        self._latest: RegistrySnapshot | None = None
        self._fed: RegistrySnapshot | None = None
        self._issues: dict[str, dict[str, str]] = {}
        self._stopped = False
        self._online: dict[str, bool] = {}  # the reachability last told to the hub

    @classmethod
    async def async_load(
        cls,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        *,
        site: Site,
        people: PeopleFeature,
        access: AccessFeature,
        folder: Path,
    ) -> TerminalsFeature:
        """The community's terminals and their sync file (not started: see async_start)."""
        feature = cls(hass, entry, site=site, people=people, access=access, folder=folder)
        feature._plan_specs()
        if feature.specs:
            feature._store = await hass.async_add_executor_job(_open_store, folder)
        feature.pending_registrations = len(
            await hass.async_add_executor_job(feature.registrations.list)
        )
        return feature

    def _plan_specs(self) -> None:
        """Which register terminals the engine hosts (the others and why in ``skipped``)."""
        rows = [device.row for device in self.site if device.kind is DeviceKind.ACCESS_TERMINAL]
        off = {code for code, setting in self.settings.items() if setting.off}
        connections = {
            code: connection
            for code, setting in self.settings.items()
            if (connection := setting.connection()) is not None
        }
        specs, self.skipped = terminal_specs([r for r in rows if r.code not in off], connections)
        self.skipped.update(dict.fromkeys(off, "off"))
        default_prefix = (
            f"{str(self.entry.options.get(CONF_MQTT_PREFIX, DEFAULT_MQTT_PREFIX)).strip('/')}"
            f"/{self.community_code}"
        )
        for spec in specs:
            # The MQTT transport's rule for a row without 接入地址.
            no_prefix = spec.vendor is Vendor.MQTT and not spec.mqtt_prefix
            self.specs[spec.device_code] = (
                replace(spec, mqtt_prefix=default_prefix) if no_prefix else spec
            )

    # --- lifecycle ----------------------------------------------------------------------

    async def async_start(self, hub: CommunityHub, faces: FaceEngineProvider) -> None:
        """Let the terminals talk: the engine starts in the background (planning may take
        a while the first time: every photo is assessed once)."""
        self.hub = hub
        self._faces = faces
        self.hass.data.setdefault(REGISTRATION_INDEX, {})[self.community_code] = self
        self.entry.async_on_unload(self.async_stop)
        self.entry.async_on_unload(
            self.hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._hass_stopping)
        )
        if self._store is None:
            async_keep_only_items(self.hass, IssueFamily.TERMINAL_REFUSING, self.entry_id, ())
            return
        has_faces = await self.hass.async_add_executor_job(faces) is not None
        engine = TerminalSyncEngine(
            self._store,
            list(self.specs.values()),
            policy=policy_from_rules(self.access.rules()),
            photos=self.photos,
            session=async_get_clientsession(self.hass),
            assessor=EngineAssessor(self._embed_single) if has_faces else None,
            mqtt_publish=self._publish,
            event_sink=self._deliver,
            options=ENGINE_OPTIONS,
            clock=self._now,
        )
        self.engine = engine
        self.entry.async_on_unload(engine.add_listener(self._status_changed))
        self.entry.async_on_unload(self.people.async_add_change_listener(self._registry_changed))
        self.entry.async_on_unload(hub.async_add_event_listener(self._hub_event))
        self._latest = self.people.snapshot
        self._start_task = self.entry.async_create_background_task(
            self.hass, self._async_start_engine(engine), f"{DOMAIN} terminals {self.community_code}"
        )

    async def _async_start_engine(self, engine: TerminalSyncEngine) -> None:
        snapshot = self._latest or self.people.snapshot
        try:
            await engine.start(snapshot)
        except Exception:  # a broken sync file must not take the community down
            _LOGGER.exception("Access terminal synchronisation did not start")
            return
        self._fed = snapshot
        self._started = True
        self._feed()
        _LOGGER.info("Access terminal synchronisation started for %d terminals", len(self.specs))

    async def async_stop(self) -> None:
        """Stop the engine (items cut off go back to pending) and close the sync file."""
        if self._stopped:
            return
        self._stopped = True
        index = self.hass.data.get(REGISTRATION_INDEX, {})
        if index.get(self.community_code) is self:
            del index[self.community_code]
        for task in (self._start_task, self._feeder):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.engine is not None:
            await self.engine.stop()
        if self._store is not None:
            await self.hass.async_add_executor_job(self._store.close)

    def _now(self) -> float:
        return self.clock()

    async def _hass_stopping(self, event: Event) -> None:
        await self.async_stop()

    @property
    def started(self) -> bool:
        """The engine planned once and its workers run."""
        return self._started and not self._stopped

    # --- the registry -------------------------------------------------------------------

    @callback
    def _registry_changed(self, snapshot: RegistrySnapshot) -> None:
        """People listener: the latest snapshot goes to the engine (changes coalesce)."""
        self._latest = snapshot
        self._feed()

    @callback
    def _feed(self) -> None:
        if not self.started or (self._feeder is not None and not self._feeder.done()):
            return
        if self._latest is self._fed:
            return
        self._feeder = self.entry.async_create_background_task(
            self.hass, self._async_feed(), f"{DOMAIN} terminals plan {self.community_code}"
        )

    async def _async_feed(self) -> None:
        engine = self.engine
        assert engine is not None
        while self._latest is not None and self._latest is not self._fed:
            snapshot = self._latest
            try:
                await engine.registry_changed(snapshot)
            except Exception:  # the next change tries again; the engine keeps its last plan
                _LOGGER.exception("Access terminals could not plan for a registry change")
                return
            self._fed = snapshot

    # --- events -------------------------------------------------------------------------

    def naming(self, decide: Decider | None) -> Decider:
        """The hub's decider, preceded by naming the registry's person of a terminal user."""

        def named(device: RegisteredDevice, event: DeviceEvent) -> DeviceEvent:
            event = self.name_event(device, event)
            return decide(device, event) if decide is not None else event

        return named

    def name_event(self, device: RegisteredDevice, event: DeviceEvent) -> DeviceEvent:
        """An event of a synchronised terminal with the registry's person id (the terminal's
        own user id kept as ``terminal_user_id``)."""
        if self._store is None or device.code not in self.specs:
            return event
        return named_event(event, self._store.person_of)

    @callback
    def _deliver(self, event: DeviceEvent) -> None:
        """Engine sink: an event of a terminal's own stream, as its 接入方式 delivers it."""
        hub = self.hub
        spec = self.specs.get(event.device_id)
        device = hub.devices.get(event.device_id) if hub is not None else None
        if hub is None or spec is None or device is None:
            return
        hub.async_process_event(event, EventOrigin(device.transport, f"{spec.vendor} stream"))

    @callback
    def _hub_event(self, device: RegisteredDevice, event: DeviceEvent) -> None:
        """Hub listener: MQTT terminals acknowledge library commands with command_result."""
        spec = self.specs.get(device.code)
        if (
            self.engine is not None
            and spec is not None
            and spec.vendor is Vendor.MQTT
            and event.kind is EventKind.OTHER
            and event.event_type == "command_result"
        ):
            self.engine.mqtt_result(device.code, event.attributes)

    async def _publish(self, topic: str, payload: bytes) -> None:
        """Library commands of MQTT terminals, through HA's MQTT (QoS 1)."""
        await mqtt.async_publish(self.hass, topic, payload, qos=1, retain=False)

    def _embed_single(self, image: bytes) -> tuple[object, str, object]:
        """The enrolment quality gate on one photo (blocking; the engine's thread)."""
        engine = self._faces()
        if engine is None:
            return None, "recognition models are not installed", None
        embedding, reason, quality = engine.embed_single(image, for_enrolment=True)
        return embedding, reason, quality

    # --- status, repair issues ----------------------------------------------------------

    def status(self, device_code: str) -> TerminalStatus | None:
        """The latest sync status of a terminal (no I/O)."""
        return self.engine.status(device_code) if self.engine is not None else None

    @callback
    def _status_changed(self, device_code: str) -> None:
        async_dispatcher_send(self.hass, signal_terminal_update(self.entry_id, device_code))
        self._update_availability(device_code)
        self._update_issues()

    @callback
    def _update_availability(self, device_code: str) -> None:
        """An HTTP terminal's connectivity follows the sync engine's view of it: online once
        it answered, offline when it stops answering (MQTT terminals have their last will)."""
        status = self.status(device_code)
        spec = self.specs.get(device_code)
        device = self.hub.devices.get(device_code) if self.hub is not None else None
        if status is None or spec is None or device is None or spec.vendor not in HTTP_VENDORS:
            return
        online = status.state is not SyncState.OFFLINE
        if (online and status.last_ok is None) or self._online.get(device_code) == online:
            return
        self._online[device_code] = online
        assert self.hub is not None
        self.hub.async_process_event(
            DeviceEvent(
                kind=EventKind.STATE,
                device_id=device_code,
                time=dt_util.utcnow(),
                event_type="availability",
                attributes={"online": online},
                source=f"{spec.vendor} sync",
            ),
            EventOrigin(device.transport, f"{spec.vendor} sync"),
        )

    @callback
    def _update_issues(self) -> None:
        """A repair issue per terminal that keeps refusing; it goes when the terminal stops."""
        assert self.engine is not None
        current: dict[str, dict[str, str]] = {}
        for signal in self.engine.refusals():
            device = self.site.get(signal.device_code)
            reasons = "; ".join(signal.reasons)
            current[signal.device_code] = {
                "device": device.name if device else signal.device_code,
                "code": signal.device_code,
                "failed": str(signal.failed),
                "reasons": reasons[:REASONS_SHOWN] + ("…" if len(reasons) > REASONS_SHOWN else ""),
            }
        for code, placeholders in current.items():
            if self._issues.get(code) != placeholders:
                async_raise_issue(
                    self.hass,
                    IssueFamily.TERMINAL_REFUSING,
                    self.entry_id,
                    placeholders,
                    item=code,
                )
        if current.keys() != self._issues.keys():
            async_keep_only_items(self.hass, IssueFamily.TERMINAL_REFUSING, self.entry_id, current)
        self._issues = current

    def face_problems(self) -> Mapping[str, str]:
        """People with photos none of which passes the quality rules, and why."""
        return self.engine.face_problems() if self.engine is not None else {}

    def diagnostics(self) -> dict[str, Any]:
        """How the terminals are doing (no names; person ids are redacted by the caller)."""
        return {
            "hosted": {code: spec.vendor.value for code, spec in sorted(self.specs.items())},
            "skipped": dict(sorted(self.skipped.items())),
            "started": self.started,
            "statuses": {
                code: status_json(status)
                for code in sorted(self.specs)
                if (status := self.status(code)) is not None
            },
            "people_without_usable_face": len(self.face_problems()),
            "pending_registrations": self.pending_registrations,
        }

    # --- actions ------------------------------------------------------------------------

    def _hosted(self, device_code: str | None) -> list[str]:
        if self.engine is None:
            raise invalid("no_terminals")
        if device_code is None:
            return sorted(self.specs)
        if device_code not in self.specs:
            raise invalid("unknown_terminal", device=device_code)
        return [device_code]

    async def async_resync(self, device_code: str | None = None) -> list[dict[str, Any]]:
        """Read the terminal(s) back and compare with the plan; refused items are retried."""
        codes = self._hosted(device_code)
        if not self.started or self.engine is None:
            raise invalid("terminals_starting")
        await self.engine.resync(device_code)
        return [status_json(status) for code in codes if (status := self.status(code)) is not None]

    def opens_door(self, device_code: str) -> bool:
        """Whether the lock of this terminal is opened through the engine (ISAPI, Dahua)."""
        spec = self.specs.get(device_code)
        return self.engine is not None and spec is not None and spec.vendor in HTTP_VENDORS

    async def async_open_door(self, device: RegisteredDevice, door: int = 1) -> None:
        """Remote door opening through the terminal's own API."""
        if self.engine is None or not self.opens_door(device.code):
            raise invalid("unknown_terminal", device=device.code)
        try:
            await self.engine.open_door(device.code, door)
        except TerminalError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={
                    "device": device.name,
                    "command": "unlock",
                    "reason": err.reason[:200],
                },
            ) from err

    # --- 人证核验 -------------------------------------------------------------------------

    def today(self) -> date:
        """The community's date by the feature's clock."""
        return datetime.fromtimestamp(self.clock(), dt_util.get_default_time_zone()).date()

    def registration_password(self, username: str) -> str | None:
        """Digest password of a collection terminal (its own, by its code) or of the shared
        push user; ``None`` for anyone else (README "Security model")."""
        return self.registration_credentials.password_for(username)

    def collection_terminal(self, target: str) -> RegisteredDevice | None:
        """The population-collection terminal a registration URL names: its code or
        address, or the community code when the register has exactly one."""
        terminals = [d for d in self.site if d.kind is DeviceKind.COLLECTION_TERMINAL]
        for device in terminals:
            if target in (device.code, device.address.strip("/")):
                return device
        if target == self.community_code and len(terminals) == 1:
            return terminals[0]
        return None

    async def async_receive_registration(
        self, body: bytes, device: RegisteredDevice
    ) -> tuple[int, dict[str, Any]]:
        """A posted registration: ``(HTTP status, answer)``; a verified one waits for a
        manager, a refused one is not kept."""
        try:
            registration = await self.hass.async_add_executor_job(
                lambda: parse_registration(body, device_code=device.code)
            )
        except RegistrationError as err:
            return 400, {"accepted": False, "reason": "bad_request", "detail": str(err)[:200]}

        def verify() -> IdCheck | None:
            # The card's own checks need no model: a bad card is refused even without one.
            refusal = check_card(registration.card, today=self.today())
            if refusal is not None:
                return refusal
            engine = self._faces()
            if engine is None:
                return None
            return verify_registration(registration, EngineEmbedder(engine), today=self.today())

        check = await self.hass.async_add_executor_job(verify)
        if check is None:
            return 503, {"accepted": False, "reason": "recognition_unavailable"}
        similarity = None if check.similarity is None else round(check.similarity, 3)
        if not check.accepted:
            _LOGGER.info("Registration at %s refused: %s", device.name, check.reason)
            return 200, {
                "accepted": False,
                "reason": check.reason,
                "detail": dict(check.detail),
                "similarity": similarity,
            }
        received = datetime.fromtimestamp(self.clock(), dt_util.get_default_time_zone())
        pending = await self.hass.async_add_executor_job(
            lambda: self.registrations.add(registration, check, received_at=received)
        )
        await self._registrations_changed()
        return 200, {"accepted": True, "registration_id": pending.id, "similarity": similarity}

    async def _registrations_changed(self) -> None:
        self.pending_registrations = len(
            await self.hass.async_add_executor_job(self.registrations.list)
        )
        async_dispatcher_send(self.hass, signal_registrations_update(self.entry_id))

    async def async_list_registrations(self) -> list[dict[str, Any]]:
        """The verified registrations waiting for a manager (ID numbers masked)."""
        pending = await self.hass.async_add_executor_job(self.registrations.list)
        return [item.summary() for item in sorted(pending, key=lambda item: item.received_at)]

    async def async_get_registration(
        self, registration_id: str
    ) -> tuple[PendingRegistration, bytes, bytes]:
        """A waiting registration (the card's full data: mask what is shown) with its live
        and chip photos; it keeps waiting."""
        try:
            return await self.hass.async_add_executor_job(self.registrations.get, registration_id)
        except (KeyError, OSError) as err:
            raise invalid("unknown_registration", registration_id=registration_id) from err

    async def async_reject_registration(self, registration_id: str) -> None:
        """A manager turns a registration down: it and its photos are deleted."""
        try:
            await self.hass.async_add_executor_job(self.registrations.take, registration_id)
        except (KeyError, OSError) as err:
            raise invalid("unknown_registration", registration_id=registration_id) from err
        await self._registrations_changed()

    async def async_confirm_registration(
        self, registration_id: str, fields: Mapping[str, Any]
    ) -> Person:
        """Register the verified person (name and ID number from the card, the live photo as
        their photo; role, address and the rest from ``fields``). The registry's refusal
        leaves the registration waiting and stores nothing."""
        pending, live, _ = await self.async_get_registration(registration_id)
        person_id = str(fields.get("person_id") or self._next_person_id())
        ref, created = await self.hass.async_add_executor_job(self._keep_photo, live)
        data = {
            key: value
            for key, value in fields.items()
            if key not in ("name", "id_number", "photos", "registration_id")
        }
        data.update(
            person_id=person_id,
            name=pending.card.name,
            id_number=pending.card.id_number,
            photos=(ref,),
        )
        try:
            person = await self.people.async_add_person(data)
        except Exception:
            if created:
                await self.hass.async_add_executor_job(self._drop_photo, ref)
            raise
        with contextlib.suppress(KeyError):
            await self.hass.async_add_executor_job(self.registrations.take, registration_id)
        await self._registrations_changed()
        return person

    async def async_add_photo(self, person_id: str, data: bytes, *, replace: bool = False) -> str:
        """A person's photo for the access terminals (the enrolment quality rules apply when
        the recognition models are installed); its ref. Added to the person's photos, or
        replacing them."""
        person = self.people.snapshot.person(person_id)
        if person is None:
            raise invalid("unknown_person", person_id=person_id)

        def check() -> str | None:
            engine = self._faces()
            if engine is None:
                return None
            embedding, reason, _ = engine.embed_single(data, for_enrolment=True)
            return None if embedding is not None else reason

        if (reason := await self.hass.async_add_executor_job(check)) is not None:
            raise invalid("photo_unusable", reason=reason)
        try:
            await self.hass.async_add_executor_job(terminal_jpeg, data)
        except PhotoMissing as err:
            raise invalid("photo_unusable", reason=str(err)) from err
        ref, created = await self.hass.async_add_executor_job(self._keep_photo, data)
        photos = (ref,) if replace else (*[p for p in person.photos if p != ref], ref)
        try:
            await self.people.async_update_person({"person_id": person_id, "photos": photos})
        except Exception:
            if created:
                await self.hass.async_add_executor_job(self._drop_photo, ref)
            raise
        return ref

    def _next_person_id(self) -> str:
        people = self.people.snapshot.people
        number = len(people) + 1
        while f"P{number:05d}" in people:
            number += 1
        return f"P{number:05d}"

    def _keep_photo(self, data: bytes) -> tuple[str, bool]:
        """Store a person photo (named by its content); ``(ref, newly written)``."""
        ref = f"{hashlib.sha256(data).hexdigest()[:24]}.jpg"
        path = self.photos.root / ref
        if path.exists():
            return ref, False
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        return ref, True

    def _drop_photo(self, ref: str) -> None:
        (self.photos.root / ref).unlink(missing_ok=True)


def _open_store(folder: Path) -> SyncStore:
    folder.mkdir(parents=True, exist_ok=True)
    return SyncStore(folder / SYNC_FILE)
