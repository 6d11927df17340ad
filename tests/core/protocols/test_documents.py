"""Bodies as devices send them: BOMs, encodings, key spellings, XML namespaces, images."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.protocols.documents import (
    load_document,
    load_json,
    load_xml,
)
from custom_components.smart_community.core.protocols.errors import (
    BadImage,
    DecodeError,
    ImageTooLarge,
)
from custom_components.smart_community.core.protocols.images import (
    decode_base64_image,
    sniff_content_type,
)
from custom_components.smart_community.core.protocols.keys import find_deep, pick, pick_str
from custom_components.smart_community.core.protocols.multipart import parse_multipart

from .helpers import b64, tiny_jpeg


def test_json_with_utf8_bom_and_crlf() -> None:
    assert load_json(b'\xef\xbb\xbf{\r\n "PlateNo": "\xe7\x9a\x96A12345"\r\n}\r\n') == {
        "PlateNo": "皖A12345"
    }


def test_gb18030_body_is_read() -> None:
    assert load_json('{"Name": "张三"}'.encode("gb18030")) == {"Name": "张三"}


def test_truncated_json_says_where() -> None:
    with pytest.raises(DecodeError, match="line 1 column"):
        load_json(b'{"FaceListObject": {"FaceObject": [')


def test_key_spellings_are_one_key() -> None:
    for key in ("PlateNo", "plateNo", "plate_no", "PLATENO"):
        assert pick({key: "皖A1"}, "PlateNo") == "皖A1"


def test_pick_skips_empty_values_and_numbers_become_ids() -> None:
    assert pick({"DeviceID": "", "deviceId": "X"}, "DeviceID") == "X"
    assert pick_str({"UserID": 1001}, "userId") == "1001"
    assert pick("not a mapping", "x") is None


def test_find_deep_finds_nested_keys() -> None:
    assert find_deep({"a": [{"b": {"Similarity": 0.8}}]}, "similarity") == 0.8
    assert find_deep({"a": 1}, "missing") is None


def test_xml_namespaces_are_dropped_and_repeats_become_lists() -> None:
    doc = load_xml(
        b'<EventNotificationAlert xmlns="http://www.hikvision.com/ver20/XMLSchema">'
        b"<a>1</a><item>x</item><item>y</item></EventNotificationAlert>"
    )
    assert doc == {"EventNotificationAlert": {"a": "1", "item": ["x", "y"]}}


def test_xml_with_entities_is_refused() -> None:
    with pytest.raises(DecodeError, match="DTD"):
        load_xml(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')


def test_document_that_is_neither_json_nor_xml() -> None:
    with pytest.raises(DecodeError, match="neither"):
        load_document(b"hello")
    with pytest.raises(DecodeError, match="empty"):
        load_document(b"  \r\n")


def test_base64_image_tolerates_whitespace_data_uri_and_missing_padding() -> None:
    jpeg = tiny_jpeg()
    text = b64(jpeg)
    assert decode_base64_image(text, max_bytes=10**6, field="Data") == jpeg
    wrapped = "data:image/jpeg;base64," + "\r\n".join(
        text[i : i + 76] for i in range(0, len(text), 76)
    )
    assert decode_base64_image(wrapped, max_bytes=10**6, field="Data") == jpeg
    assert decode_base64_image(text.rstrip("="), max_bytes=10**6, field="Data") == jpeg
    assert sniff_content_type(jpeg) == "image/jpeg"


@pytest.mark.parametrize("value", ["not*base64!!", "", 42, None])
def test_bad_base64_is_bad_image(value: object) -> None:
    with pytest.raises(BadImage):
        decode_base64_image(value, max_bytes=10**6, field="Data")


def test_image_over_the_limit_is_refused_before_decoding() -> None:
    huge = "A" * (27 * 1024 * 1024)  # a 20 MB picture as base64
    with pytest.raises(ImageTooLarge, match="exceeds the limit"):
        decode_base64_image(huge, max_bytes=10 * 1024 * 1024, field="Data")


def _body(boundary: bytes, newline: bytes = b"\r\n") -> bytes:
    return newline.join(
        [
            b"--" + boundary,
            b'Content-Disposition: form-data; name="event.json"',
            b"Content-Type: application/json",
            b"",
            b'{"eventType": "heartBeat"}',
            b"--" + boundary,
            b'Content-Disposition: form-data; name="Picture"; filename="p.jpg"',
            b"Content-Type: image/jpeg",
            b"",
            b"\xff\xd8jpeg\xff\xd9",
            b"--" + boundary + b"--",
            b"",
        ]
    )


def test_multipart_boundary_from_header() -> None:
    parts = parse_multipart(_body(b"abc"), "multipart/form-data; boundary=abc")
    assert [(p.name, p.content_type) for p in parts] == [
        ("event.json", "application/json"),
        ("Picture", "image/jpeg"),
    ]
    assert parts[1].data == b"\xff\xd8jpeg\xff\xd9"
    assert parts[1].filename == "p.jpg"


def test_multipart_boundary_from_first_line_with_dashes_and_lf() -> None:
    parts = parse_multipart(_body(b"MIME_boundary", b"\n"))
    assert parts[0].data == b'{"eventType": "heartBeat"}'


def test_multipart_bare_boundary_on_first_line() -> None:
    body = b"MIME_boundary\r\n" + _body(b"MIME_boundary").split(b"\r\n", 1)[1]
    assert len(parse_multipart(body)) == 2


def test_multipart_with_boundary_that_starts_with_dashes() -> None:
    body = _body(b"----WebKitFormBoundary7MA4YWxk")
    assert len(parse_multipart(body)) == 2
    header = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk"
    assert len(parse_multipart(body, header)) == 2


def test_multipart_whose_boundary_is_absent() -> None:
    with pytest.raises(DecodeError, match="not found"):
        parse_multipart(_body(b"abc"), "multipart/form-data; boundary=xyz")
