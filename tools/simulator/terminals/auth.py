"""Server-side HTTP Digest for the simulated terminals (MD5, qop=auth), like the devices."""

from __future__ import annotations

import secrets

from aiohttp import web

from custom_components.smart_community.core.docking.digest import verify_authorization


class DigestGuard:
    """Issues nonces and checks ``Authorization: Digest`` headers."""

    def __init__(self, username: str, password: str, realm: str) -> None:
        self.username = username
        self.password = password
        self.realm = realm
        self._nonces: set[str] = set()
        self.refused = 0

    def challenge(self) -> web.Response:
        nonce = secrets.token_hex(16)
        self._nonces.add(nonce)
        self.refused += 1
        return web.Response(
            status=401,
            text="Unauthorized",
            headers={
                "WWW-Authenticate": f'Digest realm="{self.realm}", qop="auth", '
                f'nonce="{nonce}", algorithm=MD5'
            },
        )

    def forget(self) -> None:
        """A reboot: every nonce is gone."""
        self._nonces.clear()

    def allows(self, request: web.Request) -> bool:
        return verify_authorization(
            request.headers.get("Authorization"),
            method=request.method,
            request_uri=request.path_qs,
            username=self.username,
            password=self.password,
            realm=self.realm,
            nonces=self._nonces,
        )
