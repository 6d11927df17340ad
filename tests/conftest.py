"""Root fixtures: a real mosquitto broker on loopback for the tests that need one.

Core tests stay HA-free and fast; HA fixtures live in tests/ha/conftest.py.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

try:  # HA's test plugin blocks sockets; the broker set-up itself needs real ones.
    from pytest_socket import _true_socket as _socket_class
except ImportError:  # pragma: no cover - plain pytest
    _socket_class = socket.socket

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with _socket_class(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def mosquitto_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Start a real mosquitto (Debian package) on 127.0.0.1 for the session."""
    if not Path(MOSQUITTO).exists():
        pytest.fail("mosquitto is not installed: run scripts/bootstrap (Debian package mosquitto)")
    port = free_port()
    folder = tmp_path_factory.mktemp("mosquitto")
    config = folder / "mosquitto.conf"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    process = subprocess.Popen(
        [MOSQUITTO, "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "mosquitto.log").open("w"),
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            with _socket_class(socket.AF_INET, socket.SOCK_STREAM) as probe:
                probe.settimeout(0.2)
                probe.connect(("127.0.0.1", port))
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"mosquitto did not start: {(folder / 'mosquitto.log').read_text()}")
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(timeout=10)
