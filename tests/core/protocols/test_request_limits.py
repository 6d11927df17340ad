"""Per-request limits: events, multipart parts, pictures and picture bytes, body size.

Issue 13, finding 8: a 16 MiB ISAPI body carried ~137k events and took ~17 s to split. The
limits are checked while the body is split and before pictures are kept; the time a
16 MiB body takes is measured by ``scripts/bench decoder_limits``.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from custom_components.smart_community.core.protocols.dahua import decode_dahua
from custom_components.smart_community.core.protocols.errors import (
    DecodeError,
    ImageTooLarge,
    LimitExceeded,
)
from custom_components.smart_community.core.protocols.isapi import decode_isapi
from custom_components.smart_community.core.protocols.limits import DEFAULT_LIMITS, DecodeLimits
from custom_components.smart_community.core.protocols.mqtt_schema import decode_mqtt
from custom_components.smart_community.core.protocols.multipart import parse_multipart
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from .helpers import b64, payload, tiny_jpeg

NOW = datetime(2024, 1, 30, 15, 0, tzinfo=LOCAL_ZONE)
ALERT = b'{"eventType": "heartBeat", "dateTime": "2024-01-30T14:00:00+08:00"}'


def _multipart(parts: list[tuple[str, bytes]], boundary: bytes = b"b") -> bytes:
    body = b"".join(
        b"--" + boundary + b"\r\nContent-Type: " + kind.encode() + b"\r\n\r\n" + data + b"\r\n"
        for kind, data in parts
    )
    return body + b"--" + boundary + b"--\r\n"


def test_the_137k_event_body_is_refused_while_it_is_split() -> None:
    part = (
        b'--b\r\nContent-Disposition: form-data; name="x"\r\nContent-Type: application/json\r\n\r\n'
    )
    part += ALERT + b"\r\n"
    body = part * (16 * 1024 * 1024 // len(part) - 1) + b"--b--\r\n"
    assert len(body) <= DEFAULT_LIMITS.max_body_bytes
    with pytest.raises(LimitExceeded, match="more than 32 multipart parts"):
        decode_isapi(body, "multipart/form-data; boundary=b")


def test_documents_per_request_are_capped() -> None:
    body = _multipart([("application/json", ALERT)] * 3)
    assert len(decode_isapi(body, "multipart/mixed; boundary=b", now=NOW)) == 3
    with pytest.raises(LimitExceeded, match="more than 2 alert documents"):
        decode_isapi(body, "multipart/mixed; boundary=b", limits=DecodeLimits(max_events=2))


def test_pictures_per_request_and_their_total_size_are_capped() -> None:
    jpeg = tiny_jpeg()
    body = _multipart([("application/json", ALERT), *[("image/jpeg", jpeg)] * 3])
    (event,) = decode_isapi(body, "multipart/mixed; boundary=b", now=NOW)
    assert len(event.images) == 3
    with pytest.raises(LimitExceeded, match="more than 2 pictures"):
        decode_isapi(body, "multipart/mixed; boundary=b", limits=DecodeLimits(max_images=2))
    total = DecodeLimits(max_total_image_bytes=2 * len(jpeg) + 1)
    with pytest.raises(LimitExceeded, match="pictures of more than"):
        decode_isapi(body, "multipart/mixed; boundary=b", limits=total)


def test_body_over_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(LimitExceeded, match="exceeds the limit"):
        decode_isapi(ALERT, "application/json", limits=DecodeLimits(max_body_bytes=10))
    with pytest.raises(LimitExceeded):
        decode_dahua(
            b"Code=VideoMotion;action=Start;index=0", limits=DecodeLimits(max_body_bytes=5)
        )
    with pytest.raises(LimitExceeded):
        decode_mqtt("a/b/event", b'{"type": "passage"}', limits=DecodeLimits(max_body_bytes=5))


def test_multipart_parts_with_huge_headers_are_refused() -> None:
    body = b"--b\r\nX-Padding: " + b"a" * 10_000 + b"\r\n\r\n{}\r\n--b--\r\n"
    with pytest.raises(DecodeError, match="headers longer than 8192"):
        parse_multipart(body, "multipart/mixed; boundary=b")


def test_multipart_boundary_must_start_a_line() -> None:
    # "--b" inside a part is data; only "--b" at the start of a line delimits
    body = b"--b\r\nContent-Type: text/plain\r\n\r\nx--b y\r\n--bb not a delimiter\r\n--b--\r\n"
    (part,) = parse_multipart(body, "multipart/mixed; boundary=b")
    assert part.data == b"x--b y\r\n--bb not a delimiter"


def test_multipart_transfer_encodings_and_undecodable_names() -> None:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="\xff\xfeface"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + b64(b"\xff\xd8jpeg").encode() + b"\r\n--b--"
    )
    (part,) = parse_multipart(body, "multipart/form-data; boundary=b")
    assert part.data == b"\xff\xd8jpeg"
    part.name.encode("utf-8")  # no surrogate escapes reach names, logs or answers
    assert part.name.endswith("face")


def test_multipart_without_a_close_delimiter_keeps_its_last_part() -> None:
    body = payload("isapi_anpr_multipart.txt").rsplit(b"--boundary--", 1)[0]
    (event,) = decode_isapi(body, now=NOW)
    assert event.plate == "皖A12345"


def test_picture_over_the_per_picture_limit_names_the_part() -> None:
    body = _multipart([("application/json", ALERT), ("image/jpeg", b"\xff\xd8" + bytes(100))])
    with pytest.raises(ImageTooLarge, match="exceeds the limit of 50"):
        decode_isapi(body, "multipart/mixed; boundary=b", max_image_bytes=50)


def test_dahua_records_per_excerpt_are_capped() -> None:
    records = b"\r\n".join([b"Code=VideoMotion;action=Start;index=0"] * 101)
    with pytest.raises(LimitExceeded, match="more than 100 records"):
        decode_dahua(records, now=NOW)
    assert len(decode_dahua(records, now=NOW, limits=DecodeLimits(max_events=101))) == 101


def test_dahua_record_with_too_many_fields() -> None:
    record = b"Code=VideoMotion;" + b"a=1;" * 40
    with pytest.raises(LimitExceeded, match="fields in a record"):
        decode_dahua(record, now=NOW)


def test_dahua_stream_with_a_nul_character() -> None:
    with pytest.raises(DecodeError, match="NUL"):
        decode_dahua(b"Code=Video\x00Motion;action=Start;index=0", now=NOW)


def test_dahua_data_spread_over_many_lines_is_split_in_one_pass() -> None:
    lines = "\n".join(f'"k{i}": {i},' for i in range(20_000))
    text = "Code=AlarmLocal;action=Start;index=0;data={\n" + lines + '\n"Name": "x"\n}\n'
    (event,) = decode_dahua(text, now=NOW, limits=DecodeLimits(max_nodes=30_000))
    assert event.event_type == "alarm_input"


def test_mqtt_pictures_share_one_budget() -> None:
    jpeg = tiny_jpeg()
    body = json.dumps(
        {"type": "face_capture", "face_image": b64(jpeg), "scene_image": b64(jpeg)}
    ).encode()
    assert len(decode_mqtt("a/b/event", body, now=NOW).images) == 2
    with pytest.raises(LimitExceeded, match="more than 1 pictures"):
        decode_mqtt("a/b/event", body, now=NOW, limits=DecodeLimits(max_images=1))


def test_error_reasons_are_one_short_printable_line() -> None:
    body = b'{"type": "' + b"x\\n" * 5000 + b'"}'
    with pytest.raises(DecodeError) as err:
        decode_mqtt("a/b/event", body, now=NOW)
    assert len(err.value.reason) <= 300
    assert str(err.value).isprintable()
    name = (
        b'--b\r\nContent-Disposition: form-data; name="a\x1b[31m"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n"
    )
    with pytest.raises(ImageTooLarge) as too_large:
        decode_isapi(
            _multipart([("application/json", ALERT)]).replace(
                b"--b--", name + bytes(100) + b"\r\n--b--"
            ),
            "multipart/mixed; boundary=b",
            max_image_bytes=10,
        )
    assert too_large.value.field == "a?[31m"
