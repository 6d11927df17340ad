"""RTSP end to end at core level: FFmpeg (Debian's) publishes a rendered clip into a loopback
relay, the monitor plays it over TCP like a camera, reports the throw with its evidence, and
reconnects when the stream goes away."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from custom_components.smart_community.core.falling.facade import Facade
from custom_components.smart_community.core.falling.monitor import (
    FallingObjectMonitor,
    MonitorOptions,
    MonitorState,
    MonitorStatus,
    ThrowEvidence,
)
from tools.rtsp_relay import RtspRelay


def _wait(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_a_throw_over_rtsp_with_reconnection(
    throw_clip: tuple[Path, Path, dict[str, object]],
    facade_of_clip: Facade,
    tmp_path: Path,
    socket_enabled: None,
) -> None:
    clip, _, truth = throw_clip
    throws: list[ThrowEvidence] = []
    states: list[MonitorState] = []
    got = threading.Event()

    def on_throw(evidence: ThrowEvidence) -> None:
        throws.append(evidence)
        got.set()

    def on_status(status: MonitorStatus) -> None:
        states.append(status.state)

    options = MonitorOptions(
        pre_s=1.0, post_s=1.0, reconnect_delays_s=(0.5,), read_timeout_s=3.0, open_timeout_s=5.0
    )
    monitor = FallingObjectMonitor("rtsp cam", tmp_path, options)
    with RtspRelay() as relay:
        with relay.publish(clip) as url:
            monitor.start(url, facade_of_clip, on_throw, on_status)
            try:
                # the clip loops every 7 s: one throw at least within two loops
                assert got.wait(25), f"no throw; states {states}, status {monitor.status}"
                evidence = throws[0]
                (true,) = truth["throws"]  # type: ignore[misc]
                assert evidence.column == true["column"]
                assert abs(evidence.floor - true["floor"]) <= 1
                assert evidence.clip_path is not None and evidence.clip_path.stat().st_size > 0
                assert evidence.keyframe_path is not None
                assert monitor.status.state is MonitorState.RUNNING
            except BaseException:
                monitor.stop()
                raise
        # the publisher is gone: the monitor notices and retries
        try:
            assert _wait(lambda: MonitorState.RECONNECTING in states, 15), states
            with relay.publish(clip):
                assert _wait(lambda: states[-1] is MonitorState.RUNNING, 15), states
        finally:
            monitor.stop()
    assert monitor.status.state is MonitorState.STOPPED
    assert not monitor.running


def test_the_relay_stops_with_its_publisher_on_repeated_sigterm(
    throw_clip: tuple[Path, Path, dict[str, object]], socket_enabled: None
) -> None:
    """scripts/develop ends the relay with SIGTERM, often twice in a row (its process group,
    then its clean-up): the relay and its FFmpeg must go, and the port must be free again."""
    import signal
    import socket
    import subprocess
    import sys

    clip, _, _ = throw_clip
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = Path(__file__).parents[3]
    relay = subprocess.Popen(
        [sys.executable, "-m", "tools.rtsp_relay", str(clip), "--port", str(port), "--path", "t"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert relay.stdout is not None
        assert relay.stdout.readline().decode().strip() == f"rtsp://127.0.0.1:{port}/t"
        publisher = subprocess.run(
            ["pgrep", "-P", str(relay.pid), "ffmpeg"], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(publisher) == 1
        for _ in range(5):
            relay.send_signal(signal.SIGTERM)
        assert relay.wait(15) == 0
        assert _wait(lambda: not Path(f"/proc/{publisher[0]}").exists(), 5)
        with socket.socket() as again:
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            again.bind(("127.0.0.1", port))  # the port is free for the next run
    finally:
        if relay.poll() is None:
            relay.kill()
            relay.wait()
