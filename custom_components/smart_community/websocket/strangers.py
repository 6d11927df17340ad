"""Strangers: the anonymous face clusters with their visits, and what a manager does to them."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.helpers import config_validation as cv

from ..const import DOMAIN
from ..core.records import ClusterStats, RecordQuery
from ..features.strangers import stranger_number, watch_json
from ..permissions import Permission
from ..runtime import CommunityRuntime
from .command import PAGE, Command, Request, page_of, text
from .rows import Shaper, iso, place_of

SAMPLES = 6  # face captures shown per cluster


async def cluster_row(
    request: Request, runtime: CommunityRuntime, cluster_id: str, stats: ClusterStats | None
) -> dict[str, Any]:
    """A cluster with its visits, places and sample captures."""
    shaper = Shaper(runtime, request.sign)
    page = await runtime.records.async_search(RecordQuery(cluster_id=cluster_id, limit=SAMPLES))
    samples = [sample for r in page.records if (sample := shaper.face_sample(r)) is not None]
    places = [place_of(runtime.site.get(code)) for code in (stats.devices if stats else ())]
    return {
        "cluster_id": cluster_id,
        "number": stranger_number(cluster_id) or 0,
        "visits": stats.visits if stats else 0,
        "first_seen": iso(stats.first_seen) if stats else None,
        "last_seen": iso(stats.last_seen) if stats else None,
        "places": list(dict.fromkeys(place for place in places if place)),
        "samples": samples,
        "watch": watch_json(runtime.strangers.watch_entry(cluster_id)),
    }


async def _one(request: Request, cluster_id: str) -> dict[str, Any]:
    runtime = request.runtime
    stats = await runtime.records.async_cluster_stats([cluster_id])
    return await cluster_row(request, runtime, cluster_id, stats.get(cluster_id))


async def list_clusters(request: Request) -> dict[str, Any]:
    """Clusters seen in the records, by last sighting or by visits."""
    runtime = request.runtime
    msg = request.msg
    ids = await runtime.strangers.async_cluster_ids()
    stats = await runtime.records.async_cluster_stats(ids)
    found = list(stats.values())
    if msg["watch_only"]:
        found = [s for s in found if runtime.strangers.watch_entry(s.cluster_id)]
    if msg["sort"] == "visits":
        found.sort(key=lambda s: (-s.visits, -s.last_seen.timestamp()))
    else:
        found.sort(key=lambda s: -s.last_seen.timestamp())
    shown, next_cursor = page_of(found, msg)
    return {
        "clusters": [await cluster_row(request, runtime, s.cluster_id, s) for s in shown],
        "next_cursor": next_cursor,
    }


async def name(request: Request) -> dict[str, Any]:
    """The stranger is a registered person."""
    runtime = request.runtime
    cluster_id, person_id = request.msg["cluster_id"], request.msg["person_id"]
    moved = await runtime.strangers.async_name(cluster_id, person_id)
    person = runtime.people.snapshot.person(person_id)
    return {
        "cluster_id": cluster_id,
        "person_id": person_id,
        "name": person.name if person else person_id,
        "embeddings": moved,
    }


async def merge(request: Request) -> dict[str, Any]:
    """Two clusters are the same stranger."""
    into = request.msg["into"]
    await request.runtime.strangers.async_merge(request.msg["cluster_id"], into)
    return {"cluster": await _one(request, into)}


async def watch(request: Request) -> dict[str, Any]:
    """On or off the watch / black list."""
    msg = request.msg
    await request.runtime.strangers.async_set_watch(
        msg["cluster_id"], msg["watch_list"], msg.get("reason")
    )
    return {"cluster": await _one(request, msg["cluster_id"])}


async def not_this_person(request: Request) -> dict[str, Any]:
    """A wrong match: kept as a negative example; the capture starts its own cluster."""
    msg = request.msg
    new_cluster = await request.runtime.strangers.async_not_this_person(
        msg["record_id"], person_id=msg.get("person_id"), cluster_id=msg.get("cluster_id")
    )
    return {
        "record_id": msg["record_id"],
        "new_cluster_id": new_cluster,
        "stranger_number": stranger_number(new_cluster) or 0,
    }


CLUSTER = {vol.Required("cluster_id"): text}
COMMANDS = (
    Command(
        f"{DOMAIN}/strangers/list",
        Permission.STRANGERS,
        {
            **PAGE,
            vol.Optional("sort", default="last_seen"): vol.In(("last_seen", "visits")),
            vol.Optional("watch_only", default=False): cv.boolean,
        },
        list_clusters,
    ),
    Command(
        f"{DOMAIN}/strangers/name",
        Permission.STRANGERS,
        {**CLUSTER, vol.Required("person_id"): text},
        name,
    ),
    Command(
        f"{DOMAIN}/strangers/merge",
        Permission.STRANGERS,
        {**CLUSTER, vol.Required("into"): text},
        merge,
        fields={"same_cluster": "into"},
    ),
    Command(
        f"{DOMAIN}/strangers/watch",
        Permission.STRANGERS,
        {
            **CLUSTER,
            vol.Required("watch_list"): vol.In(("none", "watch_list", "black_list")),
            vol.Optional("reason"): vol.Any(None, text),
        },
        watch,
    ),
    Command(
        f"{DOMAIN}/faces/not_this_person",
        Permission.STRANGERS,
        {
            vol.Required("record_id"): vol.All(int, vol.Range(min=1)),
            vol.Optional("person_id"): text,
            vol.Optional("cluster_id"): text,
        },
        not_this_person,
    ),
)
