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
