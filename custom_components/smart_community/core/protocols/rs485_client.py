"""Bus master for the RS485 frames of :mod:`.rs485`, over pyserial.

One request at a time (half duplex): send a command frame, wait for the ACK / NAK /
STATUS_REPORT with the same address and SEQ, retry on timeout with the *same* SEQ (a device
that already executed it just acknowledges again). A reader thread parses everything the
bus delivers; frames nobody waits for (SEQ 0: status changes, passages) go to ``on_report``.

    client = Rs485Client.open_url("/dev/ttyUSB0", on_report=print)
    client.open(1, direction="in")
    status = client.status(1)
    client.close()
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from .errors import ProtocolError
from .rs485 import (
    Command,
    DeviceStatus,
    Frame,
    FrameParser,
    NakReason,
    encode_frame,
)

_LOGGER = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 0.5
DEFAULT_RETRIES = 2
_POLL = 0.02


class Rs485Error(ProtocolError):
    """Base of the client's errors."""


class Rs485Timeout(Rs485Error):
    """No answer after all retries."""


class Rs485Nak(Rs485Error):
    """The device refused the command."""

    def __init__(self, reason: str, code: int) -> None:
        super().__init__(reason)
        self.code = code


class SerialPort(Protocol):
    """The part of ``serial.Serial`` the client uses."""

    timeout: float | None

    def read(self, size: int = 1) -> bytes: ...
    def write(self, data: bytes, /) -> int | None: ...
    def close(self) -> None: ...

    @property
    def in_waiting(self) -> int: ...


class Rs485Client:
    """Thread-safe bus master; ``close()`` stops and joins the reader thread."""

    def __init__(
        self,
        port: SerialPort,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        on_report: Callable[[Frame], None] | None = None,
    ) -> None:
        self._port = port
        self._port.timeout = _POLL
        self.timeout = timeout
        self.retries = retries
        self.on_report = on_report
        self.parser = FrameParser()
        self._bus = threading.Lock()  # one outstanding request
        self._cond = threading.Condition()
        self._waiting: tuple[int, int] | None = None
        self._answer: Frame | None = None
        self._seq = 0
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read_loop, name="rs485-reader", daemon=True)
        self._reader.start()

    @classmethod
    def open_url(cls, url: str, *, baudrate: int = 9600, **kwargs: Any) -> Rs485Client:
        """Open a pyserial URL or device path (8N1)."""
        import serial  # noqa: PLC0415  (pyserial: only when a register has RS485 devices)

        port = serial.serial_for_url(url, baudrate=baudrate, timeout=_POLL)
        return cls(port, **kwargs)

    # -- reader ---------------------------------------------------------------------------

    def _read_loop(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._port.read(max(1, self._port.in_waiting))
            except Exception:  # port closed under us (or unplugged): retry until stopped
                if self._stop.is_set():
                    return
                self._stop.wait(_POLL)
                continue
            if data:
                for frame in self.parser.feed(data):
                    self._dispatch(frame)

    def _dispatch(self, frame: Frame) -> None:
        with self._cond:
            if frame.seq and self._waiting == (frame.addr, frame.seq):
                self._answer = frame
                self._cond.notify_all()
                return
        if self.on_report is not None:
            try:
                self.on_report(frame)
            except Exception:  # a consumer's bug must not kill the bus reader
                _LOGGER.exception("RS485 report handler failed for %s", frame)

    # -- requests -------------------------------------------------------------------------

    def _next_seq(self) -> int:
        self._seq = self._seq % 255 + 1
        return self._seq

    def request(self, addr: int, cmd: Command, payload: bytes = b"") -> Frame:
        """Send and wait for the answer; :class:`Rs485Timeout` / :class:`Rs485Nak`."""
        with self._bus:
            seq = self._next_seq()
            wire = encode_frame(Frame(addr=addr, seq=seq, cmd=cmd, payload=payload))
            with self._cond:
                self._waiting = (addr, seq)
                self._answer = None
            try:
                for _attempt in range(self.retries + 1):
                    self._port.write(wire)
                    with self._cond:
                        self._cond.wait_for(lambda: self._answer is not None, self.timeout)
                        answer = self._answer
                    if answer is not None:
                        break
                else:
                    raise Rs485Timeout(
                        f"no answer from address {addr} to {cmd.name} "
                        f"after {self.retries + 1} attempts"
                    )
            finally:
                with self._cond:
                    self._waiting = None
        if answer.cmd == Command.NAK:
            code = answer.payload[1] if len(answer.payload) > 1 else 0
            name = NakReason(code).name if code in NakReason._value2member_map_ else str(code)
            raise Rs485Nak(f"address {addr} refused {cmd.name}: {name.lower()}", code)
        return answer

    def open(self, addr: int, *, direction: str | None = None) -> None:
        """Open the gate / raise the arm; ``direction`` ``in`` / ``out`` for turnstiles."""
        payload = b"" if direction is None else bytes((0 if direction == "in" else 1,))
        self.request(addr, Command.OPEN, payload)

    def close_gate(self, addr: int) -> None:
        """Close the gate / lower the arm."""
        self.request(addr, Command.CLOSE)

    def stop(self, addr: int) -> None:
        """Stop the arm where it is."""
        self.request(addr, Command.STOP)

    def status(self, addr: int) -> DeviceStatus:
        """Query the device's status."""
        answer = self.request(addr, Command.STATUS)
        if answer.cmd != Command.STATUS_REPORT:
            raise Rs485Error(f"address {addr} answered STATUS with {answer.cmd!r}")
        return DeviceStatus.from_payload(answer.payload)

    async def async_request(self, addr: int, cmd: Command, payload: bytes = b"") -> Frame:
        """:meth:`request` from asyncio code, on a worker thread."""
        return await asyncio.to_thread(self.request, addr, cmd, payload)

    def close(self) -> None:
        """Stop the reader, close the port."""
        self._stop.set()
        self._reader.join(timeout=2)
        self._port.close()
