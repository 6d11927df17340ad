"""What every simulated terminal shares: an aiohttp server on loopback behind HTTP Digest, an
offline spell on demand (the port really closes), canned hostile answers on demand, event
subscribers, and the demo's ``/simulator/present`` door (show a face or a card)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from .auth import DigestGuard
from .library import SimUser, TerminalLibrary

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class CannedAnswer:
    """An answer given instead of the real one (a misbehaving device)."""

    status: int
    body: bytes
    content_type: str = "text/plain"


class SimulatedTerminal:
    """Base of the vendor simulators: ``await start()``, :attr:`url`, ``await stop()``."""

    realm = "terminal"

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "12345abc",
        host: str = "127.0.0.1",
        port: int = 0,
        library: TerminalLibrary | None = None,
        device_code: str = "",
        name: str = "",
        heartbeat: float = 10.0,
    ) -> None:
        self.guard = DigestGuard(username, password, self.realm)
        self.library = library or TerminalLibrary()
        self.host = host
        self.port = port
        self.device_code = device_code
        self.name = name or self.realm
        self.heartbeat = heartbeat
        self.requests: Counter[str] = Counter()
        self.offline = False
        self._canned: list[CannedAnswer] = []
        self._subscribers: set[asyncio.Queue[bytes | None]] = set()
        self._runner: web.AppRunner | None = None

    # -- lifecycle -------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware], client_max_size=16 * 1024 * 1024)
        self.routes(app)
        app.router.add_post("/simulator/present", self._present)
        app.router.add_post("/simulator/control", self._control)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        if self.port == 0:
            server = site._server
            sockets = getattr(server, "sockets", None) or []
            self.port = sockets[0].getsockname()[1]
        self.offline = False

    async def stop(self) -> None:
        for queue in list(self._subscribers):
            queue.put_nowait(None)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def go_offline(self) -> None:
        """Unplug: the port closes and open streams end (the library stays)."""
        await self.stop()
        self.offline = True

    async def come_back(self) -> None:
        """Plug back in on the same port (a reboot: old nonces are gone)."""
        self.guard.forget()
        await self.start()

    def misbehave(self, *answers: CannedAnswer) -> None:
        """Answer the next authorised requests with these instead."""
        self._canned.extend(answers)

    # -- what subclasses provide -----------------------------------------------------

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def face_event(self, user_id: str | None, name: str, granted: bool, similarity: float) -> bytes:
        raise NotImplementedError

    def card_event(self, card: str, user_id: str | None, name: str, granted: bool) -> bytes:
        raise NotImplementedError

    def heartbeat_part(self) -> bytes:
        raise NotImplementedError

    # -- events ----------------------------------------------------------------------

    def emit(self, part: bytes) -> None:
        for queue in list(self._subscribers):
            queue.put_nowait(part)

    async def serve_stream(self, request: web.Request, content_type: str) -> web.StreamResponse:
        """An endless multipart answer fed by :meth:`emit` (and heartbeats)."""
        response = web.StreamResponse(headers={"Content-Type": content_type})
        await response.prepare(request)
        queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._subscribers.add(queue)
        try:
            while True:
                try:
                    part = await asyncio.wait_for(queue.get(), timeout=self.heartbeat)
                except TimeoutError:
                    part = self.heartbeat_part()
                if part is None:
                    break
                await response.write(part)
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self._subscribers.discard(queue)
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await response.write_eof()
        return response

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    def present_face(self, picture: bytes) -> tuple[str | None, bool]:
        """Someone shows their face: the terminal decides and emits its own event."""
        return self._face_shown(*self.library.verify_face(picture))

    async def async_present_face(self, picture: bytes) -> tuple[str | None, bool]:
        """:meth:`present_face` with the recognition off the event loop (the face engine)."""
        return self._face_shown(*await asyncio.to_thread(self.library.verify_face, picture))

    def _face_shown(
        self, user: SimUser | None, granted: bool, similarity: float
    ) -> tuple[str | None, bool]:
        self.emit(
            self.face_event(
                user.user_id if user else None, user.name if user else "", granted, similarity
            )
        )
        return (user.user_id if user else None), granted

    def present_card(self, card: str) -> tuple[str | None, bool]:
        user, granted = self.library.verify_card(card)
        self.emit(
            self.card_event(
                card, user.user_id if user else None, user.name if user else "", granted
            )
        )
        return (user.user_id if user else None), granted

    # -- plumbing --------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/simulator/"):
            return await handler(request)
        if not self.guard.allows(request):
            return self.guard.challenge()
        self.requests[request.path] += 1
        if self._canned:
            canned = self._canned.pop(0)
            return web.Response(
                status=canned.status, body=canned.body, content_type=canned.content_type
            )
        return await handler(request)

    async def _present(self, request: web.Request) -> web.Response:
        card = request.query.get("card")
        if card:
            user_id, granted = self.present_card(card)
        else:
            user_id, granted = await self.async_present_face(await request.read())
        return web.json_response({"user_id": user_id, "granted": granted})

    async def _control(self, request: web.Request) -> web.Response:
        body = await request.json()
        offline = float(body.get("offline_seconds", 0))
        if offline > 0:
            asyncio.get_running_loop().create_task(self._spell(offline))
        return web.json_response({"offline_seconds": offline})

    async def _spell(self, seconds: float) -> None:
        await self.go_offline()
        await asyncio.sleep(seconds)
        await self.come_back()


def json_body(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()
