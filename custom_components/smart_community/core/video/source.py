"""Reading a camera stream or a video file with PyAV (FFmpeg), frames reduced by the scaler.

Each demuxed packet is kept (for evidence clips) and decoded; decoded frames are handed out as
small grey pictures made by FFmpeg's scaler (area averaging, in C), which is where most of the
per-frame cost would otherwise go. RTSP goes over TCP (no lost UDP packets, NAT-friendly);
opening and each read give up after their timeouts so that a dead camera cannot hang a thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

import av
import av.error
import numpy as np
from av.video.frame import VideoFrame
from av.video.stream import VideoStream
from numpy.typing import NDArray

from ..urls import redact

type SizeFor = Callable[[int, int], tuple[int, int]]


class VideoError(Exception):
    """The stream cannot be opened or read (the message says why)."""


@dataclass(frozen=True, slots=True)
class StreamInfo:
    width: int
    height: int
    fps: float
    codec: str
    live: bool


@dataclass(frozen=True, slots=True)
class EncodedPacket:
    """One demuxed packet, copied out of FFmpeg so that it outlives the demuxer's buffers."""

    data: bytes
    pts: int | None
    dts: int | None
    duration: int
    keyframe: bool
    time_base: Fraction
    time_s: float  # stream time, seconds from the first packet


@dataclass(frozen=True, slots=True)
class GreyFrame:
    time_s: float
    pixels: NDArray[np.uint8]


def is_live(url: str) -> bool:
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    return scheme in {"rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "udp", "tcp", "srt"}


def open_options(url: str, read_timeout_s: float) -> dict[str, str]:
    if url.lower().startswith(("rtsp://", "rtsps://")):
        # TCP interleaved transport; socket timeout in microseconds.
        return {"rtsp_transport": "tcp", "timeout": str(int(read_timeout_s * 1_000_000))}
    return {}


class VideoSource:
    def __init__(
        self,
        url: str,
        *,
        open_timeout_s: float = 10.0,
        read_timeout_s: float = 10.0,
        realtime: bool = False,
    ) -> None:
        self.url = url
        self.open_timeout_s = open_timeout_s
        self.read_timeout_s = read_timeout_s
        self.realtime = realtime
        self._container: av.container.InputContainer | None = None
        self._stream: VideoStream | None = None
        self.info: StreamInfo | None = None
        # The newest decoded picture at full size (a calibration picture of the view); the
        # decoder's buffers are reference-counted, so keeping one costs one frame of memory.
        self.last_frame: VideoFrame | None = None

    def open(self) -> StreamInfo:
        try:
            container = av.open(
                self.url,
                options=open_options(self.url, self.read_timeout_s),
                timeout=(self.open_timeout_s, self.read_timeout_s),
            )
        except (av.error.FFmpegError, OSError) as err:
            raise VideoError(f"cannot open {redact(self.url)}: {err}") from err
        if not isinstance(container, av.container.InputContainer) or not container.streams.video:
            container.close()
            raise VideoError(f"{redact(self.url)} has no video stream")
        stream = container.streams.video[0]
        stream.thread_type = "SLICE"  # one core per camera: no frame threading latency
        rate = stream.average_rate or stream.guessed_rate or Fraction(25)
        width, height = stream.codec_context.width, stream.codec_context.height
        if not width or not height:
            container.close()
            raise VideoError(f"{redact(self.url)}: the video has no picture size")
        self._container, self._stream = container, stream
        self.info = StreamInfo(
            width, height, float(rate), stream.codec_context.name, is_live(self.url)
        )
        return self.info

    @property
    def stream(self) -> VideoStream:
        if self._stream is None:
            raise VideoError("the source is not open")
        return self._stream

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
        self._container = self._stream = None
        self.last_frame = None

    def read(
        self, size_for: SizeFor | None = None
    ) -> Iterator[tuple[EncodedPacket, list[GreyFrame]]]:
        """Packets in stream order, each with the frames it decoded to (grey, reduced)."""
        container, stream = self._container, self._stream
        if container is None or stream is None:
            raise VideoError("the source is not open")
        first: float | None = None
        started = time.monotonic()
        count = 0
        fps = self.info.fps if self.info else 25.0
        try:
            for packet in container.demux(stream):
                if packet.size == 0:
                    continue  # flush packet: decode what is left, below
                tb = packet.time_base or stream.time_base or Fraction(1, 90000)
                stamp = packet.pts if packet.pts is not None else packet.dts
                seconds = float(stamp * tb) if stamp is not None else count / fps
                if first is None:
                    first = seconds
                encoded = EncodedPacket(
                    bytes(packet),
                    packet.pts,
                    packet.dts,
                    int(packet.duration or 0),
                    bool(packet.is_keyframe),
                    Fraction(tb),
                    seconds - first,
                )
                frames: list[GreyFrame] = []
                for decoded in packet.decode():
                    if isinstance(decoded, VideoFrame):
                        frames.append(self._grey(decoded, first, size_for))
                        self.last_frame = decoded
                count += len(frames)
                if self.realtime and not (self.info and self.info.live):
                    ahead = encoded.time_s - (time.monotonic() - started)
                    if ahead > 0:
                        time.sleep(ahead)
                yield encoded, frames
        except av.error.EOFError:
            return
        except (av.error.FFmpegError, OSError) as err:
            raise VideoError(f"reading {redact(self.url)} failed: {err}") from err

    @staticmethod
    def _grey(frame: VideoFrame, first: float | None, size_for: SizeFor | None) -> GreyFrame:
        seconds = (float(frame.time) if frame.time is not None else 0.0) - (first or 0.0)
        width, height = frame.width, frame.height
        if size_for is not None:
            width, height = size_for(frame.width, frame.height)
        small = frame.reformat(width=width, height=height, format="gray", interpolation="AREA")
        pixels: NDArray[np.uint8] = np.asarray(small.to_ndarray(), dtype=np.uint8)
        return GreyFrame(seconds, pixels)
