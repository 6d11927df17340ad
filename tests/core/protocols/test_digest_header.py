"""Digest ``Authorization`` headers from the network (issue 13, findings 8 and 10).

An empty parameter value (``username=``) raised IndexError inside the stdlib's
``parse_keqv_list`` and a non-ASCII one TypeError inside ``hmac.compare_digest``: HTTP 500
with a traceback. :func:`parse_digest_params` refuses both with a DecodeError.
"""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.digest import (
    MAX_HEADER,
    DigestAuth,
    client_authorization,
)
from custom_components.smart_community.core.digest import (
    parse_digest_header as parse_digest_params,
)
from custom_components.smart_community.core.protocols.errors import DecodeError


def _auth() -> DigestAuth:
    """A verifier of its own per test: a nonce's count may be used once (replay guard)."""
    return DigestAuth("smart_community", {"device": "secret"}, clock=lambda: 1e9)


CRASHING = [
    "Digest username=",
    'Digest username="device", realm=',
    'Digest username="device", realm="smart_community", nonce="x.é", uri="/", response="r", '
    'qop=auth, nc=00000001, cnonce="c"',
]


def _good(auth: DigestAuth) -> str:
    return client_authorization(
        auth.challenge(),
        username="device",
        password="secret",
        method="POST",
        uri="/VIID/System/Register",
    )


def test_a_correct_header_parses_like_the_verifier_reads_it() -> None:
    auth = _auth()
    header = _good(auth)
    params = parse_digest_params(header)
    assert params["username"] == "device"
    assert params["realm"] == "smart_community"
    assert params["qop"] == "auth"
    assert auth.verify("POST", header).ok


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (CRASHING[0], "empty Digest parameter 'username'"),
        (CRASHING[1], "empty Digest parameter 'realm'"),
        (CRASHING[2], "non-ASCII"),
        ('Digest username="a\x00b"', "control characters"),
        ("Digest =x", "malformed"),
        ("Digest username", "malformed"),
        ('Digest username="a", username="b"', "twice"),
        ("Digest ", "not a Digest header"),
        ("Basic Zm9vOmJhcg==", "not a Digest header"),
        ("Digest a=" + "x" * MAX_HEADER, "longer than 4096"),
    ],
)
def test_headers_no_verifier_should_see(header: str, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        parse_digest_params(header)


@pytest.mark.parametrize("header", CRASHING)
def test_the_gat1400_verifier_answers_crashing_headers(header: str) -> None:
    assert not _auth().verify("POST", header).ok
