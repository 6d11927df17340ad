"""Synthetic Chinese licence plates for tests and the benchmark (Pillow + the wqy-zenhei font).

``render_plate(text, colour)`` draws a flat plate in GA 36 colours and proportions;
``render_scene(...)`` puts it into a larger picture with a perspective tilt, blur and noise and
returns the picture and the plate's true corners. ``random_plate(rng)`` draws a valid number.
Deterministic for a given ``random.Random`` seed.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, no O
DIGITS = "0123456789"

# colour name -> (background top RGB, background bottom RGB, text RGB)
COLOURS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]] = {
    "blue": ((18, 62, 190), (18, 62, 190), (245, 245, 245)),
    "yellow": ((250, 190, 20), (250, 190, 20), (15, 15, 15)),
    "green": ((235, 250, 235), (40, 190, 90), (15, 15, 15)),  # small new-energy gradient
    "yellow_green": ((250, 200, 30), (60, 190, 90), (15, 15, 15)),  # large new-energy
    "white": ((240, 240, 240), (240, 240, 240), (15, 15, 15)),
    "black": ((15, 15, 15), (15, 15, 15), (245, 245, 245)),
}


@dataclass(frozen=True)
class Scene:
    image: Image.Image
    corners: NDArray[np.float64]  # 4 x 2: TL, TR, BR, BL
    text: str
    colour: str


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


@lru_cache(maxsize=256)
def _glyph_mask(char: str, box: tuple[int, int]) -> Image.Image:
    """The character's coverage, stretched to fill ``box`` like the plate typeface."""
    canvas = Image.new("L", (200, 200), 0)
    ImageDraw.Draw(canvas).text((20, 10), char, font=_font(150), fill=255)
    bbox = canvas.getbbox() or (0, 0, 1, 1)
    return canvas.crop(bbox).resize(box, Image.Resampling.LANCZOS)


def _glyph(char: str, ink: tuple[int, int, int], box: tuple[int, int]) -> Image.Image:
    return Image.new("RGB", box, ink)


def random_plate(rng: random.Random, kind: str | None = None) -> tuple[str, str]:
    """(text, colour) of a random valid plate."""
    kind = kind or rng.choice(["blue", "blue", "yellow", "green", "yellow_green", "white", "black"])
    province = rng.choice(PROVINCES)
    letter = rng.choice(LETTERS)
    serial_chars = LETTERS + DIGITS * 3
    if kind == "green":
        tail = rng.choice("DF") + rng.choice(LETTERS + DIGITS) + "".join(rng.choices(DIGITS, k=4))
        return province + letter + tail, kind
    if kind == "yellow_green":
        return province + letter + "".join(rng.choices(DIGITS, k=5)) + rng.choice("DF"), kind
    if kind == "white":
        return province + letter + "".join(rng.choices(DIGITS, k=4)) + "警", kind
    if kind == "black":
        return "粤Z" + "".join(rng.choices(DIGITS, k=4)) + rng.choice("港澳"), kind
    serial = "".join(rng.choices(serial_chars, k=5))
    while sum(c in LETTERS for c in serial) > 2:  # GA 36: at most two letters in a serial
        serial = "".join(rng.choices(serial_chars, k=5))
    if kind == "yellow" and rng.random() < 0.2:
        serial = serial[:4] + rng.choice("学挂")
    return province + letter + serial, kind


def render_two_row_plate(text: str, colour: str = "yellow") -> Image.Image:
    """A GA 36 two-row plate, 440 x 220: province + letter small on top, the rest below."""
    top, bottom, ink = COLOURS[colour]
    width, height = 440, 220
    plate = Image.new("RGB", (width, height), top)
    if bottom != top:
        grad = np.linspace(0.0, 1.0, height)[:, None, None]
        pixels = np.array(top) * (1 - grad) + np.array(bottom) * grad
        plate = Image.fromarray(np.broadcast_to(pixels, (height, width, 3)).astype(np.uint8))
    draw = ImageDraw.Draw(plate)
    draw.rounded_rectangle((4, 4, width - 5, height - 5), radius=10, outline=ink, width=3)
    upper, lower = text[:2], text[2:]
    # upper row: two characters 80 x 60 with a dot between them, centred
    x = (width - (80 * 2 + 60)) / 2
    for index, char in enumerate(upper):
        plate.paste(_glyph(char, ink, (80, 60)), (round(x), 15), _glyph_mask(char, (80, 60)))
        x += 80 + (60 if index == 0 else 0)
    draw.ellipse((width / 2 - 6, 39, width / 2 + 6, 51), fill=ink)
    # lower row: five characters 65 x 110
    char_w, gap = 65.0, 15.0
    x = (width - (char_w * len(lower) + gap * (len(lower) - 1))) / 2
    for char in lower:
        glyph_ink = (200, 20, 20) if char == "警" else ink
        box = (round(char_w), 110)
        plate.paste(_glyph(char, glyph_ink, box), (round(x), 90), _glyph_mask(char, box))
        x += char_w + gap
    return plate


def render_plate(text: str, colour: str, scale: float = 1.0) -> Image.Image:
    """A flat plate, 440 x 140 (480 x 140 for 8 characters) times ``scale``."""
    top, bottom, ink = COLOURS[colour]
    width = 480 if len(text) == 8 else 440
    height = 140
    grad = np.linspace(0.0, 1.0, height)[:, None, None]
    if colour == "yellow_green":  # yellow left part, green right part
        mix: NDArray[np.float64] = np.zeros((height, width, 1))
        mix[:, int(width * 0.28) :] = 1.0
    else:
        mix = np.broadcast_to(grad, (height, width, 1)).astype(np.float64)
    pixels = np.array(top) * (1 - mix) + np.array(bottom) * mix
    plate = Image.fromarray(pixels.astype(np.uint8))
    draw = ImageDraw.Draw(plate)
    draw.rounded_rectangle((4, 4, width - 5, height - 5), radius=10, outline=ink, width=3)
    char_w, gap, sep = (43.0, 9.0, 40.0) if len(text) == 8 else (45.0, 12.0, 34.0)
    x = (width - (char_w * len(text) + gap * (len(text) - 2) + sep)) / 2
    for index, char in enumerate(text):
        glyph_ink = (200, 20, 20) if char == "警" else ink
        plate.paste(
            _glyph(char, glyph_ink, (round(char_w), 90)),
            (round(x), 25),
            _glyph_mask(char, (round(char_w), 90)),
        )
        x += char_w + (sep if index == 1 else gap)
    dot_x = (
        (width - (char_w * len(text) + gap * (len(text) - 2) + sep)) / 2
        + 2 * char_w
        + gap
        + sep / 2
    )
    draw.ellipse((dot_x - 5, height / 2 - 5, dot_x + 5, height / 2 + 5), fill=ink)
    if scale != 1.0:
        plate = plate.resize(
            (round(width * scale), round(height * scale)), Image.Resampling.LANCZOS
        )
    return plate


def render_scene(
    rng: random.Random,
    text: str,
    colour: str,
    *,
    size: tuple[int, int] = (640, 480),
    plate_width: tuple[int, int] = (150, 260),
    tilt: float = 0.08,
    blur: float = 0.8,
    noise: float = 6.0,
    two_row: bool = False,
) -> Scene:
    """The plate on a car-like background, tilted in perspective, blurred and noisy."""
    width, height = size
    body = tuple(rng.randint(30, 220) for _ in range(3))
    scene = Image.new("RGB", size, body)
    draw = ImageDraw.Draw(scene)
    for _ in range(6):  # some structure: grille bars, lights
        x0, y0 = rng.randint(0, width), rng.randint(0, height)
        shade = tuple(max(0, min(255, c + rng.randint(-60, 60))) for c in body)
        draw.rectangle((x0, y0, x0 + rng.randint(20, 200), y0 + rng.randint(5, 40)), fill=shade)
    plate = render_two_row_plate(text, colour) if two_row else render_plate(text, colour)
    pw = rng.randint(*plate_width)
    ph = pw * plate.height / plate.width
    cx = rng.uniform(pw * 0.7, width - pw * 0.7)
    cy = rng.uniform(ph * 1.5, height - ph * 1.5)
    base = np.array([[-pw / 2, -ph / 2], [pw / 2, -ph / 2], [pw / 2, ph / 2], [-pw / 2, ph / 2]])
    jitter = np.array(
        [[rng.uniform(-tilt, tilt) * pw, rng.uniform(-tilt, tilt) * ph] for _ in range(4)]
    )
    angle = rng.uniform(-0.12, 0.12)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    corners = (base + jitter) @ rot.T + np.array([cx, cy])
    src = np.array(
        [[0, 0], [plate.width, 0], [plate.width, plate.height], [0, plate.height]], float
    )
    coeffs = _coefficients(src, corners)
    warped = plate.convert("RGBA").transform(
        size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC
    )
    scene.paste(warped, (0, 0), warped)
    if blur > 0:
        scene = scene.filter(ImageFilter.GaussianBlur(rng.uniform(0.0, blur)))
    if noise > 0:
        arr = np.asarray(scene, dtype=np.float32)
        arr += np.random.default_rng(rng.randint(0, 2**31)).normal(0, noise, arr.shape)
        scene = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return Scene(scene, corners, text, colour)


def _coefficients(src: NDArray[np.float64], dst: NDArray[np.float64]) -> tuple[float, ...]:
    """Pillow PERSPECTIVE coefficients mapping output (dst) points back to src points."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.extend([u, v])
    return tuple(float(c) for c in np.linalg.solve(np.array(rows), np.array(rhs)))


def write_test_data(out: Path) -> dict[str, dict[str, str | None]]:
    """The committed samples of ``tests/data/recognition`` (regenerate with ``--test-data``)."""
    rng = random.Random(20261125)
    out.mkdir(parents=True, exist_ok=True)
    labels: dict[str, dict[str, str | None]] = {}
    scene = render_scene(rng, "皖A7K2D9", "blue", size=(800, 600), plate_width=(240, 240))
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: viewers (and the engine) turn it upright
    scene.image.transpose(Image.Transpose.ROTATE_90).save(
        out / "plate_exif_rotated.jpg", quality=88, exif=exif
    )
    labels["plate_exif_rotated.jpg"] = {"plate": "皖A7K2D9", "colour": "blue"}
    scene = render_scene(rng, "沪BD12345", "green", size=(640, 360), plate_width=(220, 220))
    scene.image.convert("L").save(out / "plate_grey.png")
    labels["plate_grey.png"] = {"plate": "沪BD12345", "colour": None}
    scene = render_scene(rng, "苏E1234学", "yellow", size=(1280, 720), plate_width=(260, 260))
    scene.image.save(out / "plate_yellow_720p.jpg", quality=85)
    labels["plate_yellow_720p.jpg"] = {"plate": "苏E1234学", "colour": "yellow"}
    empty = Image.new("RGB", (320, 240), (90, 120, 150))
    ImageDraw.Draw(empty).rectangle((40, 60, 200, 120), fill=(200, 200, 200))
    empty.save(out / "no_plate.jpg", quality=85)
    labels["no_plate.jpg"] = {"plate": None, "colour": None}
    (out / "labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description="write synthetic plate scenes")
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--test-data", action="store_true", help="write the committed samples")
    args = parser.parse_args()
    if args.test_data:
        write_test_data(args.out)
        return
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.count):
        text, colour = random_plate(rng)
        scene = render_scene(rng, text, colour)
        scene.image.save(args.out / f"{i:03d}_{colour}_{text}.jpg", quality=90)


if __name__ == "__main__":
    main()
