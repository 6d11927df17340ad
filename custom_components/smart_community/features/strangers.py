"""Strangers: the anonymous face clusters as people to name, merge, correct or watch.

Recognition puts every unknown usable face into an anonymous cluster (``anon-N``: "stranger
#N", a number that never changes); the records say where and when each was seen. Here a
manager names a cluster (its faces join the gallery as a registered person and its records get
the person), merges two clusters that are one stranger, takes a wrong capture out of a person
or cluster ("not this person": the face is kept as a negative example and starts a cluster of
its own, so the same mistake is not made again) and puts a cluster on the watch or black
list: from then on that face raises the same ``alert`` decision a watch-listed person does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, signal_records_update
from ..core.events import DeviceEvent, EventKind, ImageType
from ..core.people import WatchListKind
from ..core.records import Record
from ..core.site import RegisteredDevice
from .people import PeopleFeature, invalid
from .persisted import PersistedFeature, community_store
from .recognition import RecognitionFeature
from .records import RecordsFeature

CLUSTER_ID = re.compile(r"anon-(\d{1,9})", re.ASCII)

type Decider = Callable[[RegisteredDevice, DeviceEvent], DeviceEvent]


def stranger_number(cluster_id: str | None) -> int | None:
    """``anon-12`` → 12: the number the console shows ("stranger #12")."""
    match = CLUSTER_ID.fullmatch(cluster_id) if cluster_id else None
    return int(match.group(1)) if match else None


def face_image_index(record: Record) -> int | None:
    """Which of a record's pictures shows the face (a face crop, else the first picture)."""
    if not record.images:
        return None
    types = record.attributes.get("image_types") or []
    for index, kind in enumerate(types):
        if kind == ImageType.FACE.value and index < len(record.images):
            return index
    return 0


class StrangersFeature(PersistedFeature):
    """One community's watch list of face clusters and the console's cluster operations."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        store: Store[dict[str, Any]],
        people: PeopleFeature,
    ) -> None:
        """Built by :meth:`async_load`; records and recognition are attached once they run."""
        super().__init__(hass, store, signal_records_update(entry_id))
        self.entry_id = entry_id
        self.people = people
        self.records: RecordsFeature | None = None
        self.recognition: RecognitionFeature | None = None
        self.community_name = ""
        self.watch: dict[str, dict[str, str]] = {}

    @classmethod
    async def async_load(
        cls, hass: HomeAssistant, entry_id: str, community_code: str, people: PeopleFeature
    ) -> StrangersFeature:
        """The watched clusters of the last run."""
        store = community_store(hass, community_code, "strangers")
        feature = cls(hass, entry_id, store, people)
        saved = await store.async_load() or {}
        feature.watch = {
            str(cluster_id): {str(k): str(v) for k, v in entry.items()}
            for cluster_id, entry in saved.get("watch", {}).items()
        }
        return feature

    def state_json(self) -> dict[str, Any]:
        """The watch list."""
        return {"watch": self.watch}

    # --- the decision for watched faces ---------------------------------------------------

    def decider(self, decide: Decider) -> Decider:
        """``decide`` followed by the watch list of clusters: a watched stranger is an alert."""

        def decide_with_watch(device: RegisteredDevice, event: DeviceEvent) -> DeviceEvent:
            event = decide(device, event)
            if event.kind is not EventKind.FACE_MATCH or event.person_id:
                return event
            cluster_id = event.attributes.get("cluster_id")
            entry = self.watch.get(cluster_id) if isinstance(cluster_id, str) else None
            if entry is None:
                return event
            return replace(
                event,
                attributes={
                    **event.attributes,
                    "decision": "alert",
                    "decision_reason": entry["kind"],
                    "watch_cluster": cluster_id,
                },
            )

        return decide_with_watch

    # --- checks -----------------------------------------------------------------------------

    def _recognition(self) -> RecognitionFeature:
        if self.recognition is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="recognition_unavailable",
                translation_placeholders={"community": self.community_name},
            )
        return self.recognition

    def _records(self) -> RecordsFeature:
        assert self.records is not None, "records are attached at set-up"
        return self.records

    async def async_cluster_ids(self) -> list[str]:
        """Every anonymous cluster."""
        recognition = self._recognition()
        return await self.hass.async_add_executor_job(recognition.cluster_ids)

    async def _require_cluster(self, cluster_id: str, field: str = "cluster_id") -> None:
        if cluster_id not in await self.async_cluster_ids():
            raise invalid("unknown_cluster", cluster_id=cluster_id, field=field)

    def watch_entry(self, cluster_id: str) -> dict[str, str] | None:
        """``{"kind", "reason", "since"}`` of a watched cluster."""
        return self.watch.get(cluster_id)

    # --- changes ----------------------------------------------------------------------------

    async def async_set_watch(self, cluster_id: str, kind: str, reason: str | None) -> None:
        """Put a cluster on the watch or black list (``none``: take it off)."""
        await self._require_cluster(cluster_id)
        if kind == "none":
            if self.watch.pop(cluster_id, None) is not None:
                self.changed()
            return
        WatchListKind(kind)  # the schema allows only the list kinds
        if not (reason or "").strip():
            raise invalid("missing_field", field="reason")
        self.watch[cluster_id] = {
            "kind": kind,
            "reason": str(reason).strip(),
            "since": dt_util.now().isoformat(),
        }
        self.changed()

    async def async_merge(self, cluster_id: str, into: str) -> None:
        """Two clusters are the same stranger; ``cluster_id`` joins ``into`` with its records."""
        if cluster_id == into:
            raise invalid("same_cluster", field="into")
        await self._require_cluster(cluster_id)
        await self._require_cluster(into, field="into")
        await self._recognition().async_merge_clusters(cluster_id, into)
        await self._records().async_relabel_cluster(cluster_id, into)
        if (entry := self.watch.pop(cluster_id, None)) is not None:
            self.watch.setdefault(into, entry)
        self.changed()

    async def async_name(self, cluster_id: str, person_id: str) -> int:
        """The stranger is a registered person: the cluster's faces join their gallery and the
        cluster's records get the person; how many face embeddings moved."""
        if self.people.snapshot.person(person_id) is None:
            raise invalid("unknown_person", person_id=person_id, field="person_id")
        await self._require_cluster(cluster_id)
        moved = await self._recognition().async_name_cluster(cluster_id, person_id)
        await self._records().async_name_cluster(cluster_id, person_id)
        if self.watch.pop(cluster_id, None) is not None:
            self.changed()
        return moved

    async def async_not_this_person(
        self, record_id: int, *, person_id: str | None, cluster_id: str | None
    ) -> str:
        """A capture was wrongly matched to a person (or put in a cluster): its face is kept
        as "not them" and starts a cluster of its own; the record follows. The new cluster."""
        if (person_id is None) == (cluster_id is None):
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="person_or_cluster"
            )
        recognition = self._recognition()
        records = self._records()
        record = await records.async_get(record_id)
        wrong = (
            person_id is not None and record is not None and record.person_id != person_id
        ) or (cluster_id is not None and record is not None and record.cluster_id != cluster_id)
        index = face_image_index(record) if record is not None else None
        if record is None or wrong or index is None:
            raise invalid("unknown_record", record_id=str(record_id), field="record_id")
        sha = record.images[index].sha256
        data = await self.hass.async_add_executor_job(_read, records, sha)
        if data is None:
            raise invalid("unknown_record", record_id=str(record_id), field="record_id")
        new_cluster = await recognition.async_correct(
            data, person_id=person_id, cluster_id=cluster_id
        )
        if new_cluster is None:
            raise invalid("no_face_in_photo", field="record_id")
        await records.async_set_identity(record_id, person_id=None, cluster_id=new_cluster)
        return new_cluster


def _read(records: RecordsFeature, sha256: str) -> bytes | None:
    path = records.image_file(sha256)
    return path.read_bytes() if path is not None else None


@callback
def watch_json(entry: dict[str, str] | None) -> dict[str, Any] | None:
    """A watch entry as the console shows it."""
    if entry is None:
        return None
    since: datetime | None = dt_util.parse_datetime(entry.get("since", ""))
    return {
        "kind": entry["kind"],
        "reason": entry.get("reason", ""),
        "since": since.isoformat() if since else None,
    }
