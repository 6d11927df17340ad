"""Evidence clips: the ring's encoded packets remuxed into an MP4 file (no re-encoding, so the
clip is exactly what the camera sent and costs no CPU)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import av
import av.error
from av.video.stream import VideoStream

from .source import EncodedPacket, VideoError


def write_clip(path: Path, template: VideoStream, packets: Sequence[EncodedPacket]) -> float:
    """Write ``packets`` (starting on a keyframe) to an MP4 at ``path``; returns the stream
    time of the clip's first packet. ``template`` is the input stream they came from."""
    if not packets:
        raise VideoError("no video kept for this clip")
    if not packets[0].keyframe:
        raise VideoError("a clip must start on a keyframe")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    origin = min((p.dts if p.dts is not None else p.pts) or 0 for p in packets[:8])
    try:
        with av.open(str(partial), "w", format="mp4") as output:
            stream = output.add_stream(template=template)
            last_dts: int | None = None
            for item in packets:
                packet = av.Packet(item.data)
                pts = item.pts if item.pts is not None else item.dts
                dts = item.dts if item.dts is not None else item.pts
                if pts is None or dts is None:
                    continue
                dts -= origin
                if last_dts is not None and dts <= last_dts:
                    continue  # a repeated or out-of-order packet would stop the muxer
                packet.pts, packet.dts = pts - origin, dts
                packet.duration = item.duration
                packet.is_keyframe = item.keyframe
                packet.time_base = item.time_base
                packet.stream = stream
                output.mux(packet)
                last_dts = dts
    except (av.error.FFmpegError, OSError, ValueError) as err:
        partial.unlink(missing_ok=True)
        raise VideoError(f"cannot write the clip {path.name}: {err}") from err
    partial.replace(path)
    return packets[0].time_s
