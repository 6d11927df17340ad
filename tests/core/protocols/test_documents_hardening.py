"""JSON and XML documents from devices: entity bombs, encodings, numbers, depth and size.

Issue 13, finding 8: the string filter for DTDs was bypassed by UTF-16 (1 MB became 126 MB),
an unknown XML encoding, a 5 000-digit integer or ``1e999`` escaped as LookupError,
ValueError or OverflowError. Each is now the protocol's own error.
"""

from __future__ import annotations

import json

import pytest

from custom_components.smart_community.core.protocols.documents import (
    load_document,
    load_json,
    load_xml,
)
from custom_components.smart_community.core.protocols.errors import DecodeError, LimitExceeded
from custom_components.smart_community.core.protocols.isapi import decode_isapi
from custom_components.smart_community.core.protocols.limits import DecodeLimits

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
    "<EventNotificationAlert><eventType>&lol2;</eventType></EventNotificationAlert>"
)


@pytest.mark.parametrize(
    "body",
    [
        LAUGHS.encode(),
        LAUGHS.encode("utf-16"),  # with BOM
        LAUGHS.encode("utf-16-le"),  # the bypass: no BOM, expat sniffs "<\0"
        LAUGHS.encode("utf-16-be"),
        LAUGHS.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16-le"),
        b"\xef\xbb\xbf" + LAUGHS.encode(),
    ],
    ids=["utf8", "utf16-bom", "utf16le", "utf16be", "declared-utf16", "utf8-bom"],
)
def test_dtd_and_entities_are_refused_in_any_encoding(body: bytes) -> None:
    with pytest.raises(DecodeError, match="DTD"):
        load_xml(body)
    with pytest.raises(DecodeError, match="DTD"):
        decode_isapi(body, "application/xml")


def test_external_entity_is_refused() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<a><eventType>&x;</eventType></a>"
    )
    with pytest.raises(DecodeError):
        load_xml(body)


@pytest.mark.parametrize("encoding", ["foo", "utf-7", "base64", "rot13"])
def test_unknown_or_unsafe_xml_encoding_is_refused(encoding: str) -> None:
    body = f'<?xml version="1.0" encoding="{encoding}"?><a><b>1</b></a>'.encode()
    with pytest.raises(DecodeError, match="encoding"):
        load_xml(body)


def test_gb2312_declared_xml_is_read() -> None:
    body = '<?xml version="1.0" encoding="GB2312"?><a><name>张三</name></a>'.encode("gb2312")
    assert load_xml(body) == {"a": {"name": "张三"}}


def test_utf16_xml_without_dtd_is_read() -> None:
    body = "<a><name>张三</name></a>".encode("utf-16")
    assert load_document(body) == {"a": {"name": "张三"}}


def test_xml_deeper_than_the_limit() -> None:
    body = b"<a>" * 33 + b"x" + b"</a>" * 33
    with pytest.raises(LimitExceeded, match="deeper than 32"):
        load_xml(body)
    assert load_xml(b"<a>" * 32 + b"x" + b"</a>" * 32)


def test_xml_with_more_elements_than_the_limit() -> None:
    body = b"<a>" + b"<b>1</b>" * 50_000 + b"</a>"
    with pytest.raises(LimitExceeded, match="50000 elements"):
        load_xml(body)


def test_xml_repeated_tags_become_lists_without_recursion() -> None:
    assert load_xml(b"<a><b>1</b><b>2</b><c><d>x</d></c></a>") == {
        "a": {"b": ["1", "2"], "c": {"d": "x"}}
    }


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"id": ' + b"9" * 5000 + b"}", "digits"),  # beyond Python's int-conversion limit
        (b'{"id": ' + b"9" * 65 + b"}", "digits"),
        (b'{"v": 1e999}', "out of range"),
        (b'{"v": -1e999}', "out of range"),
        (b'{"v": NaN}', "NaN"),
        (b'{"v": Infinity}', "Infinity"),
        (b'{"v": -Infinity}', "Infinity"),
        (b'{"v": "a\\u0000b"}', "NUL"),
        (b'{"v": "\\ud800"}', "surrogate"),
        (b'{"\\udc00": 1}', "surrogate"),
        (b"\xff\xfe\x00", "UTF-16"),
        (b'{"v": "\xc3\x28\x81\xff"}', "GB18030"),
    ],
)
def test_json_numbers_and_strings_no_program_can_use(body: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        load_json(body)


def test_json_ids_of_sixty_four_digits_and_valid_surrogate_pairs_are_kept() -> None:
    document = load_json(b'{"id": ' + b"9" * 64 + b', "emoji": "\\ud83d\\ude00"}')
    assert document == {"id": int("9" * 64), "emoji": "😀"}


def test_json_deeper_than_the_limit() -> None:
    with pytest.raises(LimitExceeded, match="deeper than 32"):
        load_json(b"[" * 33 + b"]" * 33)
    assert load_json(b"[" * 32 + b"]" * 32)


def test_json_with_more_values_than_the_limit() -> None:
    body = json.dumps([1] * 50_001).encode()
    with pytest.raises(LimitExceeded, match="more than 50000 values"):
        load_json(body)
    assert len(load_json(body, limits=DecodeLimits(max_nodes=60_000))) == 50_001


def test_json_nested_a_thousand_deep_is_a_decode_error() -> None:
    with pytest.raises(DecodeError):
        load_json(b"[" * 100_000 + b"]" * 100_000)
