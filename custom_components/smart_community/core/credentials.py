"""Push credentials: every device authenticates with its own password, derived, never stored.

A community gets a random secret when it is created. A device's HTTP-digest credentials are
its 20-digit code as the user name and a password derived from the secret and the code
(HMAC-SHA256, 16 base32 characters ≈ 80 bits), so each device — or gateway pushing for the
devices behind it — has its own password, one leaked password opens nothing else, and no
table of passwords has to be kept in step with the register. Installers read a device's
password from an administrator-only action; changing the secret changes them all.

>>> secret = bytes.fromhex("00" * 32)
>>> device_password(secret, "34010449971328001001")
'FW4Y5XJ5OQ3SCMSI'
>>> len(new_secret())
32
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_BYTES = 32
PASSWORD_LENGTH = 16


def new_secret() -> bytes:
    """A community's push secret (created once, with the community)."""
    return secrets.token_bytes(SECRET_BYTES)


def device_password(secret: bytes, device_code: str) -> str:
    """The digest password of one device (or gateway): upper-case base32, no padding."""
    digest = hmac.new(secret, device_code.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:PASSWORD_LENGTH]
