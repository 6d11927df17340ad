"""JSON and XML documents: defusedxml with depth / element bounds, bounded JSON."""

from __future__ import annotations

from custom_components.smart_community.core.protocols.documents import (
    load_document,
    load_json,
    load_xml,
)
from custom_components.smart_community.core.protocols.errors import DecodeError

SEEDS = ("*.json", "*.xml", "malformed/*.json", "malformed/*.xml")


def one_input(data: bytes) -> None:
    for load in (load_document, load_json, load_xml):
        try:
            load(data)
        except DecodeError:
            continue
