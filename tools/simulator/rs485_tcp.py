"""Simulated RS485 turnstiles and barriers behind a TCP serial server (pyserial ``socket://``).

Real sites put RS485 buses behind serial servers; the integration reaches them with a register
address such as ``socket://127.0.0.1:7485#1``. This plays the devices of such a bus with the
frames of ``core/protocols/RS485.md``: ACK for OPEN / CLOSE / STOP, STATUS_REPORT for STATUS
(and unsolicited after every change), a passage report after each opening of a turnstile, and
the gate closing by itself after ``hold`` seconds.

    .venv/bin/python -m tools.simulator.rs485_tcp --port 7485 --turnstiles 1,2 [--barriers 3]
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import socketserver
import sys
import threading
import time
from dataclasses import dataclass

from custom_components.smart_community.core.protocols.rs485 import (
    Command,
    DeviceStatus,
    Frame,
    FrameParser,
    PassageKind,
    Position,
    encode_frame,
)

TURNSTILE, BARRIER = 1, 2


@dataclass(slots=True)
class SimulatedGate:
    """One bus address."""

    address: int
    device_type: int
    position: Position = Position.CLOSED
    passages_in: int = 0
    passages_out: int = 0

    def status(self, seq: int) -> Frame:
        payload = DeviceStatus(
            device_type=self.device_type,
            position=self.position,
            fault=False,
            anti_pinch=False,
            vehicle_present=False,
            fault_code=0,
            passages_in=self.passages_in,
            passages_out=self.passages_out,
        ).to_payload()
        return Frame(addr=self.address, seq=seq, cmd=Command.STATUS_REPORT, payload=payload)


class Bus:
    """The devices of one serial line and the connection currently attached to it."""

    def __init__(self, gates: list[SimulatedGate], hold: float) -> None:
        self.gates = {gate.address: gate for gate in gates}
        self.hold = hold
        self._lock = threading.Lock()
        self._connection: socket.socket | None = None

    def attach(self, connection: socket.socket | None) -> None:
        with self._lock:
            self._connection = connection

    def send(self, frame: Frame) -> None:
        with self._lock:
            if self._connection is not None:
                try:
                    self._connection.sendall(encode_frame(frame))
                except OSError:
                    self._connection = None

    def handle(self, frame: Frame) -> None:
        gate = self.gates.get(frame.addr)
        if gate is None:
            return  # another device's address: a real bus stays silent too
        if frame.cmd == Command.STATUS:
            self.send(gate.status(frame.seq))
            return
        moves = {
            Command.OPEN: Position.OPEN,
            Command.CLOSE: Position.CLOSED,
            Command.STOP: Position.STOPPED,
        }
        if frame.cmd not in moves:
            self.send(
                Frame(
                    addr=gate.address, seq=frame.seq, cmd=Command.NAK, payload=bytes((frame.cmd, 1))
                )
            )
            return
        self.send(
            Frame(addr=gate.address, seq=frame.seq, cmd=Command.ACK, payload=bytes((frame.cmd,)))
        )
        gate.position = moves[Command(frame.cmd)]
        self.send(gate.status(0))
        if gate.position is Position.OPEN:
            threading.Thread(
                target=self._pass_and_close, args=(gate, frame.payload), daemon=True
            ).start()

    def _pass_and_close(self, gate: SimulatedGate, payload: bytes) -> None:
        time.sleep(self.hold)
        if gate.device_type == TURNSTILE:
            direction = payload[0] if payload else 0
            if direction:
                gate.passages_out += 1
            else:
                gate.passages_in += 1
            self.send(
                Frame(
                    addr=gate.address,
                    seq=0,
                    cmd=Command.PASSAGE,
                    payload=bytes((direction, PassageKind.NORMAL, 1)),
                )
            )
        gate.position = Position.CLOSED
        self.send(gate.status(0))


def serve(port: int, bus: Bus, host: str = "127.0.0.1") -> socketserver.ThreadingTCPServer:
    """Start the serial server in a thread; ``shutdown()`` stops it."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            bus.attach(self.request)
            parser = FrameParser()
            while True:
                try:
                    data = self.request.recv(256)
                except OSError:
                    break
                if not data:
                    break
                for frame in parser.feed(data):
                    bus.handle(frame)
            bus.attach(None)

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _addresses(text: str) -> list[int]:
    return [int(item) for item in text.split(",") if item.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=7485)
    parser.add_argument("--turnstiles", default="1,2", help="bus addresses of turnstiles")
    parser.add_argument("--barriers", default="", help="bus addresses of barriers")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds a gate stays open")
    args = parser.parse_args(argv)
    gates = [SimulatedGate(address, TURNSTILE) for address in _addresses(args.turnstiles)]
    gates += [SimulatedGate(address, BARRIER) for address in _addresses(args.barriers)]
    server = serve(args.port, Bus(gates, args.hold))
    print(f"RS485 serial server on 127.0.0.1:{args.port}: {len(gates)} devices", file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
