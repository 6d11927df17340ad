"""Long-lived event subscriptions to terminals, decoded with the existing protocol decoders.

* Hikvision: ``GET /ISAPI/Event/notification/alertStream`` (multipart/mixed): each event is
  an ``EventNotificationAlert`` part (XML or JSON) followed by its pictures; decoded with
  ``core/protocols/isapi.py``. An alternative to HTTP listening (no port open towards HA).
* Dahua: ``GET /cgi-bin/eventManager.cgi?action=attach&codes=[All]&heartbeat=5``
  (multipart/x-mixed-replace, ``--myboundary``, one ``Code=...;action=...;data={...}`` record
  per part, ``Heartbeat`` parts in between); decoded with ``core/protocols/dahua.py``.

The receiver stamps every event with the terminal's device code, reconnects with back-off
when the stream ends, stalls or sends garbage, and counts what it could not decode instead
of stopping: one bad part from a device must not silence the door.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from ..docking.backoff import Backoff
from ..events import DeviceEvent, EventImage
from ..protocols.dahua import decode_dahua
from ..protocols.documents import load_document
from ..protocols.errors import DecodeError
from ..protocols.images import make_image
from ..protocols.isapi import _is_document, _picture_type, decode_alert  # shared part rules
from ..protocols.multipart import Part
from .errors import TerminalError
from .http import DigestHttp
from .stream import MultipartStream, stream_boundary

_LOGGER = logging.getLogger(__name__)
DAHUA_ATTACH = "/cgi-bin/eventManager.cgi?action=attach&codes=[All]&heartbeat=5"
ISAPI_ALERT_STREAM = "/ISAPI/Event/notification/alertStream"

type Sink = Callable[[DeviceEvent], Awaitable[None] | None]


class PartDecoder:
    """Turns stream parts into events; ``flush`` emits what waited for more parts."""

    def feed(self, part: Part) -> list[DeviceEvent]:
        raise NotImplementedError

    def flush(self) -> list[DeviceEvent]:
        return []


class IsapiParts(PartDecoder):
    """An alert document, then its pictures: the event goes out with the next document or
    when the stream pauses."""

    def __init__(self) -> None:
        self._pending: DeviceEvent | None = None
        self._images: list[EventImage] = []

    def feed(self, part: Part) -> list[DeviceEvent]:
        if _is_document(part):
            out = self.flush()
            self._pending = decode_alert(load_document(part.data))
            return out
        if self._pending is not None and part.data:
            self._images.append(make_image(_picture_type(part), part.data))
        return []

    def flush(self) -> list[DeviceEvent]:
        if self._pending is None:
            return []
        event = replace(self._pending, images=self._pending.images + tuple(self._images))
        self._pending, self._images = None, []
        if _is_heartbeat(event):
            return []
        return [event]


def _is_heartbeat(event: DeviceEvent) -> bool:
    """The alert stream's keepalive: an inactive ``videoloss`` every few seconds."""
    return (
        event.event_type.lower() == "videoloss"
        and event.attributes.get("event_state") == "inactive"
    )


class DahuaParts(PartDecoder):
    """One record (or a few) per part; heartbeats decode to nothing."""

    def feed(self, part: Part) -> list[DeviceEvent]:
        if not part.data.strip():
            return []
        return decode_dahua(part.data)


@dataclass(slots=True)
class ReceiverStats:
    """What a diagnostics page shows about one subscription."""

    connected: bool = False
    connects: int = 0
    events: int = 0
    bad_parts: int = 0
    last_error: str | None = None


class EventStreamReceiver:
    """Keeps one event stream open and hands each decoded event to ``sink``."""

    def __init__(
        self,
        http: DigestHttp,
        path: str,
        decoder: Callable[[], PartDecoder],
        sink: Sink,
        *,
        device_code: str,
        backoff: Backoff | None = None,
        pause: float = 0.5,
        silence_limit: float = 90.0,
    ) -> None:
        self._http = http
        self._path = path
        self._decoder = decoder
        self._sink = sink
        self.device_code = device_code
        self._backoff = backoff or Backoff(base=1.0, cap=60.0)
        self._pause = pause
        self._silence = silence_limit
        self.stats = ReceiverStats()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self.run(), name=f"smart_community events {self.device_code}"
            )

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run(self) -> None:
        """Forever: connect, read, reconnect after a failure (with back-off)."""
        failures = 0
        while True:
            try:
                await self._read_once()
                failures = 0
                self.stats.last_error = "stream ended"
            except (TerminalError, DecodeError) as err:
                failures += 1
                self.stats.last_error = str(err)
                _LOGGER.info("%s event stream: %s", self.device_code, err)
            finally:
                self.stats.connected = False
            await asyncio.sleep(self._backoff.delay(max(1, failures)))

    async def _read_once(self) -> None:
        async with self._http.stream("GET", self._path) as resp:
            self.stats.connected = True
            self.stats.connects += 1
            parser = MultipartStream(stream_boundary(resp.headers.get("Content-Type")))
            decoder = self._decoder()
            silent = 0.0
            while not parser.finished:
                try:
                    chunk = await asyncio.wait_for(resp.content.readany(), timeout=self._pause)
                except TimeoutError:
                    await self._emit(decoder.flush())
                    silent += self._pause
                    if silent >= self._silence:
                        raise TerminalError(f"no data for {self._silence:.0f} s") from None
                    continue
                except Exception as err:  # aiohttp payload errors: the connection broke
                    raise TerminalError(f"stream broke: {type(err).__name__} {err}") from err
                if not chunk:
                    break
                silent = 0.0
                for part in parser.feed(chunk):
                    try:
                        events = decoder.feed(part)
                    except DecodeError as err:
                        self.stats.bad_parts += 1
                        self.stats.last_error = f"undecodable part: {err}"
                        continue
                    await self._emit(events)
            await self._emit(decoder.flush())

    async def _emit(self, events: list[DeviceEvent]) -> None:
        for event in events:
            self.stats.events += 1
            result = self._sink(replace(event, device_id=self.device_code))
            if result is not None:
                await result


def isapi_receiver(
    http: DigestHttp, sink: Sink, *, device_code: str, **options: Any
) -> EventStreamReceiver:
    """The ``alertStream`` subscription of a Hikvision terminal."""
    return EventStreamReceiver(
        http, ISAPI_ALERT_STREAM, IsapiParts, sink, device_code=device_code, **options
    )


def dahua_receiver(
    http: DigestHttp, sink: Sink, *, device_code: str, **options: Any
) -> EventStreamReceiver:
    """The ``eventManager`` attach stream of a Dahua terminal."""
    return EventStreamReceiver(
        http, DAHUA_ATTACH, DahuaParts, sink, device_code=device_code, **options
    )
