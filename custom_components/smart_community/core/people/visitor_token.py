"""The visitor pass as a QR code: a short token the community signs and later checks.

``SCV1.<person id>.<valid from>.<valid until>.<signature>``: the person id in base64url, the
window as UTC epoch seconds, the signature the first 16 bytes of HMAC-SHA256 over the
community code and the rest of the token, with the community's secret. A terminal or a
guard's scanner sends the token back; :func:`verify_visitor_token` accepts only a token this
community signed, unaltered, inside its window. The caller also compares the window with the
registry's current pass: a revoked pass (its window cut) no longer matches its old token.

>>> secret = bytes(32)
>>> token = sign_visitor_token(secret, "340104001001001", "V00001", 1767225600, 1767254400)
>>> token.startswith("SCV1.VjAwMDAx.1767225600.1767254400.")
True
>>> verify_visitor_token(secret, "340104001001001", token, now=1767230000).person_id
'V00001'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

PREFIX = "SCV1"
MAX_TOKEN = 200
_TOKEN = re.compile(r"SCV1\.([A-Za-z0-9_-]{1,120})\.(\d{1,11})\.(\d{1,11})\.([A-Za-z0-9_-]{22})")


class VisitorTokenError(ValueError):
    """A token that is not a valid pass now: ``reason`` says why (malformed, forged, window)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class VisitorToken:
    """What a valid token says."""

    person_id: str
    valid_from: int  # UTC epoch seconds
    valid_until: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: bytes, community: str, body: str) -> str:
    mac = hmac.new(secret, f"{community}|{body}".encode(), hashlib.sha256).digest()
    return _b64(mac[:16])


def sign_visitor_token(
    secret: bytes, community: str, person_id: str, valid_from: int, valid_until: int
) -> str:
    """The token of a pass (window in UTC epoch seconds)."""
    body = f"{PREFIX}.{_b64(person_id.encode('utf-8'))}.{int(valid_from)}.{int(valid_until)}"
    token = f"{body}.{_signature(secret, community, body)}"
    if len(token) > MAX_TOKEN:
        raise ValueError("person id too long for a visitor token")
    return token


def verify_visitor_token(secret: bytes, community: str, token: str, *, now: int) -> VisitorToken:
    """The pass a token stands for, if this community signed it and it is valid at ``now``."""
    match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
    if match is None:
        raise VisitorTokenError("malformed")
    body = token.rsplit(".", 1)[0]
    if not hmac.compare_digest(match.group(4), _signature(secret, community, body)):
        raise VisitorTokenError("bad_signature")
    try:
        person_id = _unb64(match.group(1)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as err:
        raise VisitorTokenError("malformed") from err
    valid_from, valid_until = int(match.group(2)), int(match.group(3))
    if now < valid_from:
        raise VisitorTokenError("not_yet_valid")
    if now >= valid_until:
        raise VisitorTokenError("expired")
    return VisitorToken(person_id, valid_from, valid_until)
