"""The evidence picture: one frame of the clip with the trajectory drawn and the origin boxed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import av
import av.error
from PIL import Image, ImageDraw, ImageFont

from .source import VideoError

TRACK = (255, 40, 40)
BOX = (255, 220, 0)


def frame_at(clip: Path, seconds: float) -> Image.Image:
    """The clip's frame nearest to ``seconds`` from its start, as an RGB picture."""
    try:
        with av.open(str(clip)) as container:
            stream = container.streams.video[0]
            best: Image.Image | None = None
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                best = frame.to_image()
                if frame.time >= seconds:
                    break
    except (av.error.FFmpegError, OSError, IndexError) as err:
        raise VideoError(f"cannot read the clip {clip.name}: {err}") from err
    if best is None:
        raise VideoError(f"the clip {clip.name} has no frame")
    return best.convert("RGB")


def draw_evidence(
    picture: Image.Image,
    trajectory: Sequence[tuple[float, float]],
    outline: Sequence[tuple[float, float]],
    origin: tuple[float, float],
    label: str,
) -> Image.Image:
    out = picture.copy()
    draw = ImageDraw.Draw(out)
    width = max(2, out.width // 640)
    if len(trajectory) > 1:
        draw.line(list(trajectory), fill=TRACK, width=width)
    for x, y in trajectory[:: max(1, len(trajectory) // 40)]:
        draw.ellipse((x - width, y - width, x + width, y + width), outline=TRACK)
    if outline:
        draw.polygon(list(outline), outline=BOX, width=width + 1)
    ox, oy = origin
    r = 4 * width
    draw.line((ox - r, oy, ox + r, oy), fill=BOX, width=width)
    draw.line((ox, oy - r, ox, oy + r), fill=BOX, width=width)
    font = ImageFont.load_default(size=max(14, out.height // 40))
    xs = [p[0] for p in outline] or [ox]
    ys = [p[1] for p in outline] or [oy]
    tx, ty = max(xs) + 3 * width, max(min(ys) - 2 * width, 0)
    box = draw.textbbox((tx, ty), label, font=font)
    if box[2] > out.width:
        tx -= box[2] - out.width + (max(xs) - min(xs)) + 6 * width
        box = draw.textbbox((tx, ty), label, font=font)
    draw.rectangle(box, fill=(0, 0, 0))
    draw.text((tx, ty), label, fill=BOX, font=font)
    return out


def write_keyframe(
    path: Path,
    clip: Path,
    seconds: float,
    *,
    trajectory: Sequence[tuple[float, float]],
    outline: Sequence[tuple[float, float]],
    origin: tuple[float, float],
    label: str,
) -> None:
    picture = draw_evidence(frame_at(clip, seconds), trajectory, outline, origin, label)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    picture.save(partial, format="JPEG", quality=90)
    partial.replace(path)
