"""Watching one falling-object camera: stream -> detector -> evidence, in a worker thread.

:class:`FallingObjectMonitor` is what the Home Assistant side runs per camera::

    monitor = FallingObjectMonitor("cam-3", evidence_dir)
    monitor.start("rtsp://…", facade, on_throw=callback, on_status=status_callback)
    …
    monitor.stop()

It opens the stream (RTSP over TCP, any URL FFmpeg opens, or a file), keeps the last seconds of
encoded packets in a ring, feeds reduced grey frames to a :class:`ThrowDetector`, and for each
throw waits ``post_s`` seconds of stream, writes an MP4 clip (``pre_s`` before the release to
``post_s`` after the last sighting) and a keyframe JPEG, then calls ``on_throw`` with a
:class:`ThrowEvidence`. A live stream that fails or ends is reopened with back-off; a file ends
the monitor. Callbacks run in the worker thread: the HA side hands them to its event loop.
:func:`analyse` is the same session once, for the command line and tests.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from ..urls import redact
from ..video.clip import write_clip
from ..video.keyframe import write_keyframe
from ..video.ring import PacketRing
from ..video.source import VideoError, VideoSource, is_live
from .detector import DetectorOptions, Throw, ThrowDetector
from .facade import Facade

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitorOptions:
    pre_s: float = 4.0  # clip seconds before the release
    post_s: float = 3.0  # clip seconds after the last sighting
    reconnect_delays_s: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)
    open_timeout_s: float = 10.0
    read_timeout_s: float = 10.0
    realtime_files: bool = False  # pace a file like a camera (for a file used as a camera)
    detector: DetectorOptions = field(default_factory=DetectorOptions)


@dataclass(frozen=True, slots=True)
class ThrowEvidence:
    """What one throw left behind: the typed result handed to ``on_throw``."""

    camera: str
    throw: Throw
    detected_at: datetime  # wall clock, UTC, when the evidence was written
    released_at: datetime  # wall clock, UTC, of the release (``throw.start_s`` in the stream)
    clip_path: Path | None
    keyframe_path: Path | None
    error: str | None = None  # why the clip or keyframe is missing, if it is

    @property
    def floor(self) -> int:
        return self.throw.floor

    @property
    def column(self) -> int:
        return self.throw.column

    @property
    def confidence(self) -> float:
        return self.throw.confidence

    def as_json(self) -> dict[str, object]:
        return {
            "camera": self.camera,
            **self.throw.as_json(),
            "detected_at": self.detected_at.isoformat(),
            "released_at": self.released_at.isoformat(),
            "clip": str(self.clip_path) if self.clip_path else None,
            "keyframe": str(self.keyframe_path) if self.keyframe_path else None,
            "error": self.error,
        }


class MonitorState(StrEnum):
    IDLE = "idle"
    CONNECTING = "connecting"
    RUNNING = "running"
    RECONNECTING = "reconnecting"
    ENDED = "ended"  # a file was read to its end
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class MonitorStatus:
    state: MonitorState
    frames: int = 0
    seconds: float = 0.0
    throws: int = 0
    fps: float = 0.0  # frames analysed per second of wall time, this session
    last_error: str | None = None
    width: int = 0  # the stream's picture size, once it has been opened
    height: int = 0


@dataclass(slots=True)
class SessionSummary:
    frames: int = 0
    seconds: float = 0.0
    throws: int = 0
    wall_s: float = 0.0
    video_fps: float = 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "frames": self.frames,
            "seconds": round(self.seconds, 3),
            "throws": self.throws,
            "fps": round(self.frames / self.wall_s, 1) if self.wall_s > 0 else 0.0,
            "video_fps": round(self.video_fps, 3),
        }


def _slug(camera: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_" else "_" for c in camera)
    return keep.strip("_") or "camera"


class _Evidence:
    """Writes a throw's clip and keyframe once enough stream has passed."""

    def __init__(
        self,
        camera: str,
        folder: Path | None,
        options: MonitorOptions,
        clock: Callable[[], datetime],
    ) -> None:
        self.camera = camera
        self.folder = folder
        self.options = options
        self.clock = clock

    def write(
        self, source: VideoSource, ring: PacketRing, throw: Throw, now_s: float
    ) -> ThrowEvidence:
        """``now_s``: the stream time that has been read (the wall clock's "now")."""
        detected = self.clock()
        released = detected - timedelta(seconds=max(now_s - throw.start_s, 0.0))
        if self.folder is None:
            return ThrowEvidence(self.camera, throw, detected, released, None, None)
        stem = (
            f"{_slug(self.camera)}_{detected.strftime('%Y%m%dT%H%M%S%fZ')}"
            f"_F{throw.floor}_C{throw.column}"
        )
        clip = self.folder / f"{stem}.mp4"
        keyframe = self.folder / f"{stem}.jpg"
        o = self.options
        try:
            packets = ring.window(throw.start_s - o.pre_s, throw.end_s + o.post_s)
            clip_start = write_clip(clip, source.stream, packets)
        except VideoError as err:
            _LOGGER.warning(
                "%s: no clip for the throw at %.1f s: %s", self.camera, throw.start_s, err
            )
            return ThrowEvidence(self.camera, throw, detected, released, None, None, str(err))
        middle = (throw.trajectory[0][0] + throw.trajectory[-1][0]) / 2
        label = (
            f"floor {throw.floor} ({throw.floor_low}-{throw.floor_high}) "
            f"column {throw.column}  {throw.confidence:.2f}"
        )
        try:
            write_keyframe(
                keyframe,
                clip,
                middle - clip_start,
                trajectory=[(x, y) for _, x, y in throw.trajectory],
                outline=throw.window_outline,
                origin=throw.origin_px,
                label=label,
            )
        except (VideoError, OSError) as err:
            return ThrowEvidence(self.camera, throw, detected, released, clip, None, str(err))
        return ThrowEvidence(self.camera, throw, detected, released, clip, keyframe)


def _session(
    source: VideoSource,
    facade: Facade,
    options: MonitorOptions,
    evidence: _Evidence,
    *,
    stopping: Callable[[], bool],
    summary: SessionSummary,
    progress: Callable[[SessionSummary], None] | None = None,
) -> Iterator[ThrowEvidence]:
    """Analyse one opened source until it ends or ``stopping()``; yields evidence and calls
    ``progress`` about every 5 s of wall time."""
    info = source.info
    assert info is not None
    summary.video_fps = info.fps
    detector = ThrowDetector(facade, info.width, info.height, options.detector)
    aw, ah = detector.analysis_size
    keep = options.pre_s + options.post_s + 12.0  # the longest fall is about 4 s
    ring = PacketRing(keep)
    pending: list[Throw] = []
    started = time.monotonic()
    reported = 0.0
    now = 0.0
    for packet, frames in source.read(lambda w, h: (aw, ah)):
        if stopping():
            break
        ring.append(packet)
        for frame in frames:
            pending += detector.process(frame.pixels, frame.time_s)
            summary.frames += 1
            now = max(now, frame.time_s)
        summary.seconds = now
        summary.wall_s = time.monotonic() - started
        if progress is not None and summary.wall_s - reported >= 5.0:
            reported = summary.wall_s
            progress(summary)
        ready = [p for p in pending if now >= p.end_s + options.post_s]
        for throw in ready:
            pending.remove(throw)
            summary.throws += 1
            yield evidence.write(source, ring, throw, now)
    if not stopping():
        pending += detector.flush()
    for throw in pending:  # the stream ended: a shorter clip is better than none
        summary.throws += 1
        yield evidence.write(source, ring, throw, now)
    summary.wall_s = time.monotonic() - started
    if info.fps and summary.frames:
        summary.seconds = max(summary.seconds, summary.frames / info.fps)


def analyse(
    url: str,
    facade: Facade,
    *,
    camera: str = "camera",
    evidence_dir: Path | None = None,
    options: MonitorOptions | None = None,
    clock: Callable[[], datetime] | None = None,
    summary: SessionSummary | None = None,
) -> Iterator[ThrowEvidence]:
    """One pass over a file or stream (no reconnection); yields each throw's evidence.
    Raises :class:`VideoError` when the video cannot be opened or read."""
    options = options or MonitorOptions()
    source = VideoSource(
        url, open_timeout_s=options.open_timeout_s, read_timeout_s=options.read_timeout_s
    )
    source.open()
    try:
        evidence = _Evidence(camera, evidence_dir, options, clock or (lambda: datetime.now(UTC)))
        yield from _session(
            source,
            facade,
            options,
            evidence,
            stopping=lambda: False,
            summary=summary if summary is not None else SessionSummary(),
        )
    finally:
        source.close()


class FallingObjectMonitor:
    """One camera's analysis thread. ``start`` returns at once; ``stop`` joins the thread."""

    def __init__(
        self,
        camera: str,
        evidence_dir: Path | None,
        options: MonitorOptions | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.camera = camera
        self.evidence_dir = evidence_dir
        self.options = options or MonitorOptions()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._status = MonitorStatus(MonitorState.IDLE)
        self._lock = threading.Lock()
        self._on_status: Callable[[MonitorStatus], None] | None = None
        self._source: VideoSource | None = None

    @property
    def status(self) -> MonitorStatus:
        with self._lock:
            return self._status

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(
        self,
        stream_url: str,
        facade: Facade,
        on_throw: Callable[[ThrowEvidence], None],
        on_status: Callable[[MonitorStatus], None] | None = None,
    ) -> None:
        if self.running:
            raise RuntimeError(f"{self.camera}: the monitor is already running")
        self._stop.clear()
        self._on_status = on_status
        self._thread = threading.Thread(
            target=self._run,
            args=(stream_url, facade, on_throw),
            name=f"falling-objects-{_slug(self.camera)}",
            daemon=True,
        )
        self._thread.start()

    def request_stop(self) -> None:
        """Ask the thread to end without waiting (stop many cameras in parallel)."""
        self._stop.set()

    def stop(self, timeout: float = 15.0) -> None:
        """Ask the thread to end and wait for it (at most a read timeout plus a clip)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                _LOGGER.warning(
                    "%s: the analysis thread did not stop in %.0f s", self.camera, timeout
                )
            else:
                self._thread = None

    def snapshot(self, quality: int = 85) -> bytes | None:
        """A JPEG of the camera's current view at full size (for calibrating the facade), or
        None before the first picture. Any thread; the conversion runs in the caller's."""
        source = self._source
        frame = source.last_frame if source is not None else None
        if frame is None:
            return None
        out = io.BytesIO()
        frame.to_image().convert("RGB").save(out, format="JPEG", quality=quality)
        return out.getvalue()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end by itself (a file read to its end); True if it did."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _set(self, **changes: object) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
            status = self._status
        if self._on_status is not None:
            try:
                self._on_status(status)
            except Exception:
                _LOGGER.exception("%s: status callback failed", self.camera)

    def _run(self, url: str, facade: Facade, on_throw: Callable[[ThrowEvidence], None]) -> None:
        o = self.options
        evidence = _Evidence(self.camera, self.evidence_dir, o, self._clock)
        failures = 0
        live = is_live(url)
        counter = [0]  # throws reported since start
        while not self._stop.is_set():
            self._set(state=MonitorState.CONNECTING)
            source = VideoSource(
                url,
                open_timeout_s=o.open_timeout_s,
                read_timeout_s=o.read_timeout_s,
                realtime=o.realtime_files,
            )
            summary = SessionSummary()
            try:
                info = source.open()
                self._source = source
                self._set(
                    state=MonitorState.RUNNING,
                    last_error=None,
                    width=info.width,
                    height=info.height,
                )
                failures = 0

                def progress(s: SessionSummary, count: list[int] = counter) -> None:
                    self._set(
                        frames=s.frames,
                        seconds=s.seconds,
                        throws=count[0],
                        fps=s.frames / s.wall_s if s.wall_s else 0.0,
                    )

                for item in _session(
                    source,
                    facade,
                    o,
                    evidence,
                    stopping=self._stop.is_set,
                    summary=summary,
                    progress=progress,
                ):
                    counter[0] += 1
                    try:
                        on_throw(item)
                    except Exception:
                        _LOGGER.exception("%s: throw callback failed", self.camera)
                progress(summary)
                if not live:
                    self._set(state=MonitorState.ENDED)
                    return
                error = "the stream ended"
            except VideoError as err:
                error = str(err)
                # once per outage: a camera that stays down must not fill the log
                log = _LOGGER.warning if failures == 0 else _LOGGER.debug
                log("%s: %s", self.camera, error)
            finally:
                self._source = None
                source.close()
            if self._stop.is_set():
                break
            if not live and failures >= len(o.reconnect_delays_s):
                self._set(state=MonitorState.ENDED, last_error=error)
                return
            delay = o.reconnect_delays_s[min(failures, len(o.reconnect_delays_s) - 1)]
            failures += 1
            self._set(state=MonitorState.RECONNECTING, last_error=f"{error}; retry in {delay:g} s")
            self._stop.wait(delay)
        self._set(state=MonitorState.STOPPED)


def describe(url: str) -> str:
    """The stream address as it may be logged or shown (no password)."""
    return redact(url)
