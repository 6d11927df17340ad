"""Server-side HTTP Digest for the simulated terminals (MD5, qop=auth), like the devices."""

from __future__ import annotations

import secrets

from aiohttp import web

from custom_components.smart_community.core.docking.digest import (
    Challenge,
    DigestError,
    digest_response,
    parse_authorization,
)


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
        header = request.headers.get("Authorization")
        if not header:
            return False
        try:
            params = parse_authorization(header)
            nc = int(params.get("nc", "0"), 16)
        except (DigestError, ValueError):
            return False
        nonce = params.get("nonce", "")
        if nonce not in self._nonces or params.get("username") != self.username:
            return False
        expected = digest_response(
            Challenge(realm=self.realm, nonce=nonce, qop=params.get("qop") or None),
            username=self.username,
            password=self.password,
            method=request.method,
            uri=params.get("uri", ""),
            nc=nc,
            cnonce=params.get("cnonce", ""),
        )
        return (
            secrets.compare_digest(expected, params.get("response", ""))
            and params.get("uri") == request.path_qs
        )
