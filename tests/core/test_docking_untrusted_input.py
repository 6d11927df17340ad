"""Answers and subscriptions from the police platform are untrusted input too (issue 13).

ResponseStatus answers and subscriptions are parsed with ``protocols.documents.load_json``
(which refuses ``Infinity`` / ``NaN`` and bounds the document) and their numbers read with
``protocols.numbers.integer``: a malformed answer is a clear refusal, never a crash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.smart_community.core.docking.subscriptions import SubscriptionRegistry
from custom_components.smart_community.core.gat1400.viid import MalformedResponse, parse_statuses


@pytest.mark.parametrize(
    "payload",
    [
        {"ResponseStatusListObject": []},
        {"ResponseStatusListObject": {"ResponseStatusObject": 5}},
        {"ResponseStatusObject": {"StatusCode": float("inf")}},
    ],
)
def test_a_malformed_platform_answer_is_a_malformed_response(payload: Any) -> None:
    with pytest.raises(MalformedResponse):
        parse_statuses(payload)


def test_a_subscription_with_an_infinite_report_interval_is_refused(tmp_path: Path) -> None:
    registry = SubscriptionRegistry(tmp_path / "subs.db", platform_id="34010400002000000001")
    body = {
        "SubscribeListObject": {
            "SubscribeObject": [
                {
                    "SubscribeID": "1",
                    "ReceiveAddr": "http://127.0.0.1:9/",
                    "SubscribeDetail": "12",
                    "ReportInterval": "Infinity",
                }
            ]
        }
    }
    raw = json.dumps(body).replace('"Infinity"', "Infinity").encode()
    try:
        reply = registry.handle("POST", "/VIID/Subscribes", raw)
    finally:
        registry.close()
    assert reply.status in (200, 400)
