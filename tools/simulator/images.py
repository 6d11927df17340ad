"""Small JPEGs for the simulated events: Pillow drawings, or files from a directory."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
PLATE_COLOURS = {
    "blue": ((20, 70, 200), (255, 255, 255)),
    "yellow": ((240, 200, 20), (0, 0, 0)),
    "green": ((120, 210, 120), (0, 0, 0)),
    "white": ((245, 245, 245), (0, 0, 0)),
    "black": ((10, 10, 10), (255, 255, 255)),
}


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if FONT_PATH.exists():
        return ImageFont.truetype(str(FONT_PATH), size)
    return ImageFont.load_default()


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=75)
    return out.getvalue()


class ImageSource:
    """Deterministic pictures for a seeded simulation."""

    def __init__(
        self, rng: random.Random, directory: Path | None = None, faces: Path | None = None
    ) -> None:
        self._rng = rng
        self._files = (
            sorted(p for p in directory.iterdir() if p.suffix.lower() in (".jpg", ".jpeg"))
            if directory
            else []
        )
        # Real face photos for the face captures only (below ``faces``, any depth): the
        # community's recognition names the enrolled and clusters the others as strangers.
        found = (
            sorted(p for p in faces.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg"))
            if faces
            else []
        )
        # One folder per person: each person is as likely to walk by, however many photos.
        self._faces: dict[Path, list[Path]] = {}
        for photo in found:
            self._faces.setdefault(photo.parent, []).append(photo)

    def _from_directory(self) -> bytes | None:
        if not self._files:
            return None
        return self._rng.choice(self._files).read_bytes()

    def face(self, *, drawn: bool = False) -> bytes:
        """A face-like drawing: skin oval, eyes, mouth (or a photo from ``faces``, unless
        ``drawn``: nobody recognisable)."""
        if self._faces and not drawn:
            return self.face_of(self._rng.choice(self.face_folders()))
        if (data := self._from_directory()) is not None:
            return data
        rng = self._rng
        skin = (rng.randint(170, 235), rng.randint(130, 190), rng.randint(100, 160))
        image = Image.new("RGB", (96, 120), (rng.randint(60, 200),) * 3)
        draw = ImageDraw.Draw(image)
        draw.ellipse((14, 10, 82, 110), fill=skin, outline=(60, 40, 30))
        draw.ellipse((30, 44, 40, 52), fill=(30, 30, 30))
        draw.ellipse((56, 44, 66, 52), fill=(30, 30, 30))
        draw.arc((34, 70, 62, 92), 20, 160, fill=(120, 40, 40), width=3)
        draw.rectangle((14, 4, 82, 22), fill=(rng.randint(0, 60),) * 3)  # hair
        return _jpeg(image)

    def face_folders(self) -> list[str]:
        """The names of the face photo folders (one per person), sorted."""
        return sorted(folder.name for folder in self._faces)

    def face_of(self, folder: str) -> bytes:
        """A photo from the person's folder."""
        photos = next(photos for path, photos in self._faces.items() if path.name == folder)
        return self._rng.choice(photos).read_bytes()

    def scene(self, caption: str) -> bytes:
        """A gate scene with a caption."""
        if (data := self._from_directory()) is not None:
            return data
        image = Image.new("RGB", (320, 180), (90, 110, 130))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 120, 320, 180), fill=(70, 70, 70))
        draw.rectangle((140, 40, 180, 120), fill=(200, 200, 60))
        draw.text((8, 8), caption, fill=(255, 255, 255), font=_font(14))
        return _jpeg(image)

    def plate(self, plate: str, colour: str) -> bytes:
        """A rendered plate crop."""
        background, text = PLATE_COLOURS.get(colour, PLATE_COLOURS["blue"])
        image = Image.new("RGB", (220, 64), background)
        draw = ImageDraw.Draw(image)
        draw.rectangle((3, 3, 216, 60), outline=text, width=2)
        draw.text((12, 12), plate, fill=text, font=_font(34))
        return _jpeg(image)

    def vehicle(self, plate: str, colour: str) -> bytes:
        """A car at the barrier with its plate."""
        if (data := self._from_directory()) is not None:
            return data
        body = tuple(self._rng.randint(30, 230) for _ in range(3))
        image = Image.new("RGB", (320, 240), (110, 110, 110))
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle((40, 60, 280, 200), 20, fill=body)
        draw.rectangle((70, 70, 250, 120), fill=(170, 200, 220))
        plate_image = Image.open(io.BytesIO(self.plate(plate, colour))).resize((110, 32))
        image.paste(plate_image, (105, 160))
        return _jpeg(image)
