"""PlateEngine: detect -> rectify -> OCR -> grammar -> colour, one picture or a pass of frames."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import model_files as mf
from ..imaging import RGB, decode_image
from .colour import UNKNOWN_COLOUR, is_greyscale, plate_colour
from .detector import DetectedPlate, PlateDetector
from .grammar import decode
from .ocr import CtcRecognizer
from .read import PlateRead, vote
from .rectify import rectify


@dataclass(frozen=True, kw_only=True)
class PlateEngineOptions:
    detector_max_side: int = 640
    # When nothing readable is found at ``detector_max_side``, look again at these sizes
    # (small plates in big pictures): costs time only on pictures that failed.
    retry_sides: tuple[int, ...] = (1280,)
    invert_retry: bool = True
    detector_threshold: float = 0.3
    max_plates: int = 3  # candidates tried per picture, best detector score first
    ocr_model: Path | None = None  # None: PP-OCRv6 rec small from models_dir
    ocr_dictionary: Path | None = None


class PlateEngine:
    def __init__(self, models_dir: Path, options: PlateEngineOptions | None = None) -> None:
        self.options = options or PlateEngineOptions()
        self._detector = PlateDetector(
            mf.model_path(models_dir, mf.PLATE_DETECTOR),
            max_side=self.options.detector_max_side,
            score_threshold=self.options.detector_threshold,
        )
        ocr = self.options.ocr_model or mf.model_path(models_dir, mf.PLATE_OCR)
        self._ocr = CtcRecognizer(ocr, self.options.ocr_dictionary)

    def detect(self, rgb: RGB) -> list[DetectedPlate]:
        return self._detector.detect(rgb)

    def read_crop(self, crop: RGB) -> PlateRead | None:
        """Read an already rectified plate image."""
        decoded = decode(self._ocr.read(crop))
        if decoded is None:
            return None
        return PlateRead(
            plate=decoded.text,
            colour=plate_colour(crop),
            confidence=decoded.confidence,
            chars=decoded.chars,
        )

    def read(self, image_bytes: bytes) -> PlateRead | None:
        return self.read_rgb(decode_image(image_bytes))

    def read_rgb(self, rgb: RGB) -> PlateRead | None:
        """The most confident valid plate in the picture, or None."""
        longest = max(rgb.shape[:2])
        sides = [self.options.detector_max_side]
        sides += [s for s in self.options.retry_sides if s > sides[0] and longest > sides[0]]
        grey = is_greyscale(rgb)
        inverted: RGB | None = None
        for side in sides:
            best = self._read_at(rgb, rgb, min(side, longest), grey)
            if best is None and self.options.invert_retry:
                # the detector was trained on dark text on light or light on blue; white
                # characters on black (HK / Macao, consulates) it finds far better inverted
                inverted = 255 - rgb if inverted is None else inverted
                best = self._read_at(rgb, inverted, min(side, longest), grey)
            if best is not None:
                return best
        return None

    def _read_at(self, rgb: RGB, search: RGB, side: int, grey: bool) -> PlateRead | None:
        best: PlateRead | None = None
        for plate in self._detector.detect(search, side)[: self.options.max_plates]:
            crop = rectify(rgb, plate.corners)
            read = self.read_crop(crop)
            if read is None:
                continue
            scored = PlateRead(
                plate=read.plate,
                colour=UNKNOWN_COLOUR if grey else read.colour,
                confidence=read.confidence * plate.score,
                chars=read.chars,
                corners=plate.corners,
            )
            if best is None or scored.confidence > best.confidence:
                best = scored
        return best

    def vote(self, reads: Sequence[PlateRead]) -> PlateRead:
        return vote(reads)

    def read_frames(self, frames: Sequence[bytes]) -> PlateRead | None:
        """One vehicle pass: read every frame, vote over those that gave a plate."""
        reads = [r for r in (self.read(frame) for frame in frames) if r is not None]
        return vote(reads) if reads else None
