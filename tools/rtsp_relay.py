"""A minimal RTSP relay on loopback, for tests: FFmpeg publishes, cameras' clients play.

Debian's FFmpeg 5.1 has no RTSP *server* for players (``-rtsp_flags listen`` is an input
option: it waits for a publisher). So a test stream is made the way an NVR relay does it:
``ffmpeg -re -stream_loop -1 -i clip.mp4 -c copy -f rtsp -rtsp_transport tcp rtsp://…/cam``
publishes (ANNOUNCE + RECORD, RTP interleaved over TCP) into this relay, and any number of
players (PyAV, ffprobe, HA's stream) DESCRIBE / SETUP / PLAY over TCP and get the publisher's RTP
packets as they arrive, exactly as from a camera. RTP over UDP is refused (461).

    with RtspRelay() as relay, relay.publish(Path("clip.mp4")) as url:
        ...  # url = rtsp://127.0.0.1:PORT/cam
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path


class _Player:
    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.channels: dict[int, int] = {}  # publisher channel -> player channel
        self.playing = False
        self.lock = threading.Lock()

    def send(self, data: bytes) -> bool:
        try:
            with self.lock:
                self.conn.sendall(data)
        except OSError:
            return False
        return True


class RtspRelay:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind((host, port))
        self._server.listen(16)
        self._server.settimeout(0.2)  # accept() wakes up to notice close()
        self.host, self.port = self._server.getsockname()[:2]
        self._sdp: dict[str, str] = {}
        self._players: dict[str, list[_Player]] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self.published = threading.Event()

    def url(self, path: str = "cam") -> str:
        return f"rtsp://{self.host}:{self.port}/{path}"

    def __enter__(self) -> RtspRelay:
        thread = threading.Thread(target=self._accept, name="rtsp-relay", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed.set()
        with contextlib.suppress(OSError):
            self._server.close()
        for conn in list(self._conns):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                conn.close()
        for thread in self._threads:
            thread.join(5)

    @contextlib.contextmanager
    def publish(self, clip: Path, path: str = "cam") -> Iterator[str]:
        """FFmpeg (Debian's) loops ``clip`` into the relay at its own pace; yields the URL."""
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg is None:
            raise RuntimeError("ffmpeg is not installed: run scripts/bootstrap")
        process = subprocess.Popen(
            [
                ffmpeg,
                "-nostdin",
                "-loglevel",
                "error",
                "-re",
                "-stream_loop",
                "-1",
                "-i",
                str(clip),
                "-an",
                "-c",
                "copy",
                "-f",
                "rtsp",
                "-rtsp_transport",
                "tcp",
                self.url(path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 15
            while path not in self._sdp:
                if process.poll() is not None or time.monotonic() > deadline:
                    err = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(f"ffmpeg did not publish: {err.strip()}")
                time.sleep(0.05)
            yield self.url(path)
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    # ---- the protocol ---------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            self._conns.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    @staticmethod
    def _read_request(reader: socket.SocketIO, first: bytes) -> tuple[str, dict[str, str], bytes]:
        lines = [first.decode("latin-1").rstrip("\r\n")]
        while True:
            line = reader.readline()
            if not line:
                raise ConnectionError("closed")
            text = line.decode("latin-1").rstrip("\r\n")
            if not text:
                break
            lines.append(text)
        headers = {}
        for line in lines[1:]:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        body = b""
        length = int(headers.get("content-length", "0") or 0)
        while len(body) < length:
            chunk = reader.read(length - len(body))
            if not chunk:
                raise ConnectionError("closed")
            body += chunk
        return lines[0], headers, body

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        player = _Player(conn)
        publishing: str | None = None
        stream_path = ""
        try:
            while not self._closed.is_set():
                first = reader.read(1)
                if not first:
                    return
                if first == b"$":  # interleaved RTP/RTCP from the publisher
                    header = reader.read(3)
                    if len(header) < 3:
                        return
                    channel, size = header[0], int.from_bytes(header[1:3], "big")
                    payload = reader.read(size)
                    if publishing is not None and channel % 2 == 0:
                        self._forward(publishing, channel, payload)
                    continue
                request_line, headers, body = self._read_request(reader, first + reader.readline())
                method, url = request_line.split(" ")[:2]
                stream_path = (
                    url.split("://", 1)[-1].split("/", 1)[-1].split("/")[0]
                    if "/" in url.split("://", 1)[-1]
                    else ""
                )
                cseq = headers.get("cseq", "0")
                extra: dict[str, str] = {}
                status = "200 OK"
                reply_body = b""
                if method == "OPTIONS":
                    extra["Public"] = (
                        "OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, TEARDOWN, GET_PARAMETER"
                    )
                elif method == "ANNOUNCE":
                    self._sdp[stream_path] = body.decode("latin-1")
                    publishing = stream_path
                    self.published.set()
                elif method == "DESCRIBE":
                    sdp = self._sdp.get(stream_path)
                    if sdp is None:
                        status = "404 Not Found"
                    else:
                        reply_body = sdp.encode("latin-1")
                        extra["Content-Type"] = "application/sdp"
                        extra["Content-Base"] = f"{self.url(stream_path)}/"
                elif method == "SETUP":
                    transport = headers.get("transport", "")
                    if "TCP" not in transport.upper() or "interleaved=" not in transport:
                        status = "461 Unsupported Transport"
                    else:
                        pair = transport.split("interleaved=")[1].split(";")[0]
                        wanted = int(pair.split("-")[0])
                        if publishing is None:
                            track = len(player.channels) * 2
                            player.channels[track] = wanted
                        extra["Transport"] = transport
                        extra["Session"] = "12345678;timeout=60"
                elif method == "PLAY":
                    extra["Session"] = "12345678"
                    extra["Range"] = "npt=0.000-"
                    player.playing = True
                elif method == "RECORD":
                    extra["Session"] = "12345678"
                elif method in {"TEARDOWN", "GET_PARAMETER", "SET_PARAMETER"}:
                    pass
                else:
                    status = "405 Method Not Allowed"
                reply = [f"RTSP/1.0 {status}", f"CSeq: {cseq}"]
                reply += [f"{k}: {v}" for k, v in extra.items()]
                reply.append(f"Content-Length: {len(reply_body)}")
                data = ("\r\n".join(reply) + "\r\n\r\n").encode("latin-1") + reply_body
                if not player.send(data):
                    return
                if method == "PLAY":
                    with self._lock:
                        self._players.setdefault(stream_path, []).append(player)
                if method == "TEARDOWN":
                    return
        except (OSError, ConnectionError, ValueError, IndexError):
            return
        finally:
            with self._lock:
                for players in self._players.values():
                    if player in players:
                        players.remove(player)
            if publishing is not None:
                self._sdp.pop(publishing, None)
            with contextlib.suppress(OSError):
                conn.close()

    def _forward(self, path: str, channel: int, payload: bytes) -> None:
        with self._lock:
            players = list(self._players.get(path, []))
        for player in players:
            target = player.channels.get(channel)
            if target is None or not player.playing:
                continue
            frame = b"$" + bytes([target]) + len(payload).to_bytes(2, "big") + payload
            if not player.send(frame):
                with self._lock:
                    if player in self._players.get(path, []):
                        self._players[path].remove(player)


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.rtsp_relay CLIP [--port 8554] [--path cam]``: serve a clip in a loop
    as a camera would (the demo's falling-object camera), until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m tools.rtsp_relay", description=main.__doc__)
    parser.add_argument("clip", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--path", default="cam")
    args = parser.parse_args(argv)
    if not args.clip.is_file():
        parser.error(f"{args.clip}: no such file")

    # scripts/develop ends it with SIGTERM (often twice: its process group, then its clean-up):
    # stop FFmpeg too, not only this process. The handler takes no lock (an Event.set() from a
    # handler that interrupts Event.wait() can deadlock on the event's own lock: the relay
    # once outlived the demo, holding the port without a publisher) and ignores the repeats.
    def interrupted(_signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    with contextlib.suppress(KeyboardInterrupt):
        signal.signal(signal.SIGTERM, interrupted)
        with RtspRelay(args.host, args.port) as relay, relay.publish(args.clip, args.path) as url:
            print(url, flush=True)
            while True:  # short sleeps: the handler runs even if another thread got the signal
                time.sleep(0.5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
