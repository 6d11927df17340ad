"""HTTP digest, server side (MD5, qop=auth), as GA/T 1400 and ISAPI receivers use it."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.digest import (
    DigestAuth,
    client_authorization,
    compute_response,
    parse_digest_header,
)
from custom_components.smart_community.core.protocols.errors import DecodeError

URI = "/VIID/System/Register"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def make() -> tuple[DigestAuth, Clock]:
    clock = Clock()
    return DigestAuth("VIID", {"34010400001320000001": "s3cret"}, clock=clock, nonce_ttl=300), clock


def answer(auth: DigestAuth, password: str = "s3cret", nc: int = 1, challenge: str = "") -> str:
    return client_authorization(
        challenge or auth.challenge(),
        username="34010400001320000001",
        password=password,
        method="POST",
        uri=URI,
        nc=nc,
    )


def test_rfc_2617_example_response() -> None:
    assert (
        compute_response(
            algorithm="MD5",
            username="Mufasa",
            password="Circle Of Life",
            realm="testrealm@host.com",
            method="GET",
            uri="/dir/index.html",
            nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
            nc="00000001",
            cnonce="0a4f113b",
            qop="auth",
        )
        == "6629fae49393a05397450978507c4ef1"
    )


def test_challenge_offers_md5_qop_auth() -> None:
    auth, _ = make()
    params = parse_digest_header(auth.challenge())
    assert (params["realm"], params["qop"], params["algorithm"]) == ("VIID", "auth", "MD5")
    assert params["nonce"] and params["opaque"]


def test_client_answer_is_accepted() -> None:
    auth, _ = make()
    result = auth.verify("POST", answer(auth))
    assert result.ok and result.username == "34010400001320000001"


def test_wrong_password_unknown_user_and_missing_header() -> None:
    auth, _ = make()
    assert auth.verify("POST", answer(auth, password="guess")).reason == "wrong password"
    header = answer(auth).replace("34010400001320000001", "99999999999999999999")
    assert not auth.verify("POST", header).ok
    assert auth.verify("POST", None).reason == "no Authorization header"
    assert not auth.verify("POST", "Basic dXNlcjpwYXNz").ok


def test_forged_nonce_is_unknown() -> None:
    auth, _ = make()
    other, _ = make()  # another secret
    assert auth.verify("POST", answer(auth, challenge=other.challenge())).reason == "unknown nonce"


def test_expired_nonce_is_stale_so_the_device_retries() -> None:
    auth, clock = make()
    header = answer(auth)
    clock.now += 301
    result = auth.verify("POST", header)
    assert (result.ok, result.stale) == (False, True)
    assert "stale=true" in auth.challenge(stale=True)


def test_replayed_nonce_count_is_refused_and_higher_count_accepted() -> None:
    auth, _ = make()
    challenge = auth.challenge()
    assert auth.verify("POST", answer(auth, challenge=challenge)).ok
    assert auth.verify("POST", answer(auth, challenge=challenge)).reason == "replayed nonce count"
    assert auth.verify("POST", answer(auth, challenge=challenge, nc=2)).ok


def test_method_is_part_of_the_response() -> None:
    auth, _ = make()
    assert not auth.verify("GET", answer(auth)).ok


def test_qop_auth_is_required() -> None:
    auth, _ = make()
    legacy = answer(auth).split(", qop=")[0]
    assert auth.verify("POST", legacy).reason == "qop=auth is required"


def test_client_refuses_malformed_or_unsupported_challenges() -> None:
    with pytest.raises(DecodeError):
        client_authorization("Basic realm=x", username="u", password="p", method="GET", uri="/")
    with pytest.raises(DecodeError, match="algorithm"):
        client_authorization(
            'Digest realm="r", nonce="n", algorithm=SHA-512',
            username="u",
            password="p",
            method="GET",
            uri="/",
        )


def test_client_without_qop_uses_rfc_2069_response() -> None:
    header = client_authorization(
        'Digest realm="r", nonce="n"', username="u", password="p", method="GET", uri="/"
    )
    params = parse_digest_header(header)
    assert "qop" not in params
    assert params["response"] == compute_response(
        algorithm="MD5", username="u", password="p", realm="r", method="GET", uri="/", nonce="n"
    )
