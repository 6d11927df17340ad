"""HTTP with Digest authentication towards one terminal (aiohttp session owned by the caller).

Hikvision and Dahua terminals answer the first request with ``401`` and a Digest challenge;
the challenge (``core/digest.py``) is reused with a growing ``nc`` until the terminal
sends a new one (``stale=true``, a restart, or a count that arrived out of order). Answers
are read up to ``max_answer_bytes`` so a hostile device cannot fill our memory; network
trouble is :class:`DeviceUnavailable`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

import aiohttp
from yarl import URL

from ..digest import DigestError, DigestSession
from .errors import AuthenticationFailed, BadDeviceAnswer, DeviceUnavailable, Unreachable

DEFAULT_MAX_ANSWER = 4 * 1024 * 1024
# Requests sharing a challenge count ``nc`` up in the order they are signed, but concurrent
# requests may reach the terminal in another order; a terminal that refuses a lower count
# answers 401 with a fresh challenge, which is worth a few more tries. Wrong credentials
# are refused every time.
CHALLENGE_ATTEMPTS = 4


@dataclass(frozen=True, slots=True)
class Answer:
    """Status, content type (lower case, without parameters) and body of one answer."""

    status: int
    content_type: str
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class DigestHttp:
    """Requests to ``base_url`` with Digest credentials."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        username: str,
        password: str,
        *,
        timeout: float = 15.0,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER,
    ) -> None:
        self._session = session
        self.base_url = base_url.rstrip("/")
        self._digest = DigestSession(username, password)
        self._timeout = timeout
        self._max = max_answer_bytes

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> Answer:
        """One request (``path`` with its query); answers the Digest challenge once."""
        headers = {"Content-Type": content_type} if content_type else {}
        for attempt in range(CHALLENGE_ATTEMPTS):
            async with self._open(method, path, body, headers) as resp:
                if (
                    resp.status == 401
                    and attempt < CHALLENGE_ATTEMPTS - 1
                    and self._take_challenge(resp)
                ):
                    continue
                if resp.status == 401:
                    raise AuthenticationFailed(f"{method} {path}: credentials refused (401)")
                data = await self._read(resp)
                return Answer(resp.status, resp.content_type.lower(), data)
        raise AuthenticationFailed(f"{method} {path}: credentials refused (401)")

    @contextlib.asynccontextmanager
    async def stream(self, method: str, path: str) -> AsyncIterator[aiohttp.ClientResponse]:
        """A long-lived answer (event streams): the response, already authorised and 200."""
        for attempt in range(CHALLENGE_ATTEMPTS):
            async with self._open(method, path, None, {}, timeout=None) as resp:
                if (
                    resp.status == 401
                    and attempt < CHALLENGE_ATTEMPTS - 1
                    and self._take_challenge(resp)
                ):
                    continue
                if resp.status == 401:
                    raise AuthenticationFailed(f"{method} {path}: credentials refused (401)")
                if resp.status != 200:
                    text = (await self._read(resp)).decode("utf-8", errors="replace")
                    raise DeviceUnavailable(f"{method} {path}: HTTP {resp.status} {text[:200]}")
                yield resp
                return

    def _take_challenge(self, resp: aiohttp.ClientResponse) -> bool:
        header = resp.headers.get("WWW-Authenticate")
        if not header:
            return False
        try:
            self._digest.accept(header)
        except DigestError as err:
            raise AuthenticationFailed(f"unusable challenge: {err}") from err
        return True

    @contextlib.asynccontextmanager
    async def _open(
        self,
        method: str,
        path: str,
        body: bytes | None,
        headers: Mapping[str, str],
        *,
        timeout: float | None = -1.0,
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        send = dict(headers)
        url = URL(self.base_url + path)  # the digest signs the URI exactly as it is sent
        auth = self._digest.authorize(method, url.raw_path_qs)
        if auth is not None:
            send["Authorization"] = auth
        total = self._timeout if timeout == -1.0 else timeout
        client_timeout = aiohttp.ClientTimeout(
            total=total, sock_connect=self._timeout, sock_read=None if total is None else total
        )
        try:
            async with self._session.request(
                method, url, data=body, headers=send, timeout=client_timeout
            ) as resp:
                yield resp
        except (aiohttp.ClientConnectionError, TimeoutError, OSError) as err:
            raise Unreachable(f"{method} {path}: {type(err).__name__} {err}") from err
        except aiohttp.ClientError as err:
            raise BadDeviceAnswer(f"{method} {path}: {type(err).__name__} {err}") from err

    async def _read(self, resp: aiohttp.ClientResponse) -> bytes:
        declared = resp.content_length
        if declared is not None and declared > self._max:
            raise BadDeviceAnswer(f"answer of {declared} bytes is over {self._max}")
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in resp.content.iter_chunked(65536):
                size += len(chunk)
                if size > self._max:
                    raise BadDeviceAnswer(f"answer longer than {self._max} bytes")
                chunks.append(chunk)
        except (aiohttp.ClientError, TimeoutError) as err:
            raise DeviceUnavailable(f"answer cut off: {type(err).__name__} {err}") from err
        return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class FormPart:
    """One ``multipart/form-data`` part of a request."""

    name: str
    data: bytes
    content_type: str
    filename: str | None = None


class _Collector:
    """The writer aiohttp's multipart serialiser writes into."""

    def __init__(self) -> None:
        self.data = bytearray()

    async def write(self, chunk: bytes) -> None:
        self.data += chunk


async def form_data(parts: list[FormPart]) -> tuple[bytes, str]:
    """``(body, content type)`` of a form (aiohttp writes it; digest needs the bytes)."""
    writer = aiohttp.MultipartWriter("form-data")
    for part in parts:
        payload = writer.append(part.data, {"Content-Type": part.content_type})
        if part.filename is None:
            payload.set_content_disposition("form-data", name=part.name)
        else:
            payload.set_content_disposition("form-data", name=part.name, filename=part.filename)
    collector = _Collector()
    await writer.write(collector)
    return bytes(collector.data), writer.content_type
