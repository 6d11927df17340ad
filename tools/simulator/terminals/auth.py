"""Server-side HTTP Digest for the simulated terminals (MD5, qop=auth), like the devices."""

from __future__ import annotations

from aiohttp import web

from custom_components.smart_community.core.digest import DigestAuth


class DigestGuard:
    """Issues nonces and checks ``Authorization: Digest`` headers."""

    def __init__(self, username: str, password: str, realm: str) -> None:
        self.username = username
        self.password = password
        self.realm = realm
        self._auth = self._new_auth()
        self.refused = 0

    def _new_auth(self) -> DigestAuth:
        return DigestAuth(self.realm, lambda user: self.password if user == self.username else None)

    def challenge(self) -> web.Response:
        self.refused += 1
        return web.Response(
            status=401,
            text="Unauthorized",
            headers={"WWW-Authenticate": self._auth.challenge()},
        )

    def forget(self) -> None:
        """A reboot: every nonce is gone."""
        self._auth = self._new_auth()

    def allows(self, request: web.Request) -> bool:
        result = self._auth.verify(
            request.method, request.headers.get("Authorization"), uri=request.path_qs
        )
        return result.ok
