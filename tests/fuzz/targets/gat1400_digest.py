"""Digest ``Authorization`` headers of GA/T 1400 registration.

``parse_digest_params`` refuses what it cannot vouch for with a DecodeError; every header it
accepts must be one ``DigestAuth.verify`` answers without raising (``verify`` itself still
parses with the stdlib helpers until the integrator puts ``parse_digest_params`` in place).
"""

from __future__ import annotations

from custom_components.smart_community.core.digest import (
    DigestAuth,
    client_authorization,
)
from custom_components.smart_community.core.digest import (
    parse_digest_header as parse_digest_params,
)
from custom_components.smart_community.core.protocols.errors import DecodeError

AUTH = DigestAuth("smart_community", {"device": "secret"}, secret=b"fuzz" * 8, clock=lambda: 1e9)


def seeds() -> list[bytes]:
    """A correct answer to a challenge, and headers with the usual omissions."""
    good = client_authorization(
        AUTH.challenge(),
        username="device",
        password="secret",
        method="POST",
        uri="/VIID/System/Register",
    )
    return [
        good.encode(),
        b'Digest username="device", realm="smart_community"',
        b"Basic Zm9vOmJhcg==",
    ]


def one_input(data: bytes) -> None:
    # aiohttp hands header values over as str, undecodable bytes as surrogate escapes
    header = data.decode("utf-8", errors="surrogateescape")
    try:
        params = parse_digest_params(header)
    except DecodeError:
        return
    assert all(key == key.lower() for key in params)
    result = AUTH.verify("POST", header)
    assert isinstance(result.reason, str)
