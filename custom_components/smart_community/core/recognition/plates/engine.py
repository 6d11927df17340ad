"""PlateEngine: find -> rectify -> read -> grammar -> province policy -> colour.

Finding a plate is a cascade; each step runs only when the ones before found no plate whose
serial reads confidently, so an easy picture costs one detector run and one recogniser run:

1. the plate detector at 640 px (smaller pictures are enlarged to it);
2. the same on the inverted picture (white characters on black: Hong Kong / Macao,
   consulates);
3. the plate detector at the scale its training plates had: small pictures enlarged to
   1024 px, big ones at 1280 px and, from 1400 px on, in full-resolution tiles;
4. a text-line detector (PP-OCRv4 det) on the whole picture: every line of plate-like shape,
   and every pair of stacked lines that makes a two-row plate, is read.

Dark pictures are lifted first (``exposure.py``). Each candidate is rectified, read as one row
or (squarer plates) as two rows, decoded under the GA 36 grammar with the plate colour as
evidence, and its province character settled by the province policy (``province.py``). The
most confident valid read wins; between near-equals, the biggest plate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .. import model_files as mf
from ..imaging import RGB, decode_image
from . import province
from .colour import UNKNOWN_COLOUR, is_greyscale, plate_colour
from .detector import DetectedPlate, PlateDetector, iou, merge
from .exposure import is_dark, lifted, stretched
from .grammar import CROSS_BORDER, DecodedPlate, candidates
from .ocr import CharRead, CtcRecognizer
from .read import UNCERTAIN_BELOW, PlateRead, vote
from .rectify import order_corners, rectify
from .rows import looks_two_row, split_rows
from .textlines import TextLine, TextLineDetector


@dataclass(frozen=True, kw_only=True)
class PlateEngineOptions:
    detector_max_side: int = 640
    # When nothing confident is found at ``detector_max_side``, look again at these sizes
    # (small plates in big pictures); pictures smaller than ``upscale_side`` are enlarged to it.
    retry_sides: tuple[int, ...] = (1280,)
    upscale_side: int = 1024
    tile_above: int = 1400  # pictures longer than this are also searched in full-size tiles
    invert_retry: bool = True
    detector_threshold: float = 0.3
    max_plates: int = 3  # candidates tried per pass, best detector score first
    text_fallback: bool = True  # the text-line detector when the plate detector fails
    text_side: int = 736
    max_lines: int = 6
    # a read whose serial is at least this confident (mean character probability), from a
    # candidate the finder scored at least ``accept_score``, ends the search
    accept_confidence: float = 0.8
    accept_score: float = 0.2
    province_second_look: bool = True
    ocr_model: Path | None = None  # None: PP-OCRv6 rec small from models_dir
    ocr_dictionary: Path | None = None


@dataclass(frozen=True, slots=True)
class _Candidate:
    corners: NDArray[np.float64]
    score: float  # detector's belief that this is a plate
    two_row: bool | None = None  # None: decide from the shape
    # found as a text line, not by the plate detector: shop signs and stickers are text too,
    # so such a read is certain only where both recognisers read the same characters
    text_line: bool = False


type _Search = Callable[[], list[_Candidate]]

WEAK_CHAR = 0.5  # a character read this unsurely makes the second recogniser read the plate
# Plates narrower than this in the picture have a province glyph under about 10 px wide: its
# province is reported as a best guess (uncertain), never as settled, from a single frame
SMALL_PLATE_PX = 100
SIZE_PREFERENCE = 0.05  # confidence a read may trade for being the biggest plate in view

LINE_ASPECT = (2.0, 9.0)  # a plate's text line: 7-8 characters, possibly a little clipped


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
        self._second: CtcRecognizer | None = None
        if self.options.province_second_look:
            self._second = CtcRecognizer(mf.model_path(models_dir, mf.PLATE_OCR_SECOND))
        self._lines: TextLineDetector | None = None
        if self.options.text_fallback:
            self._lines = TextLineDetector(mf.model_path(models_dir, mf.PLATE_TEXT_DETECTOR))

    # -- public API ---------------------------------------------------------------------

    def detect(self, rgb: RGB) -> list[DetectedPlate]:
        return self._detector.detect(rgb)

    def read_crop(self, crop: RGB) -> PlateRead | None:
        """Read an already rectified plate image (one row, or two rows if it is squarish)."""
        colour = plate_colour(crop)
        height, width = crop.shape[:2]
        return self._read_plate(crop, colour, two_row=looks_two_row(width, height))

    def read(self, image_bytes: bytes) -> PlateRead | None:
        return self.read_rgb(decode_image(image_bytes))

    def read_rgb(self, rgb: RGB) -> PlateRead | None:
        """The most confident valid plate in the picture, or None. Between reads about as
        confident, the biggest plate wins: at a gate that is the car in the lane, not one
        passing behind it."""
        grey = is_greyscale(rgb)
        if is_dark(rgb):
            rgb = lifted(rgb)
        tried: list[NDArray[np.float64]] = []
        reads: list[PlateRead] = []
        done = False
        for search in self._passes(rgb):
            for candidate in search():
                if any(_overlap(candidate.corners, seen) > 0.5 for seen in tried):
                    continue
                tried.append(candidate.corners)
                read = self._read_candidate(rgb, candidate, grey)
                if read is None:
                    continue
                reads.append(read)
                done = done or self._settled(read, candidate.score)
            if done:
                break
        return pick(reads)

    def vote(self, reads: Sequence[PlateRead]) -> PlateRead:
        return vote(reads)

    def read_frames(self, frames: Sequence[bytes]) -> PlateRead | None:
        """One vehicle pass: read every frame, vote over those that gave a plate."""
        reads = [r for r in (self.read(frame) for frame in frames) if r is not None]
        return vote(reads) if reads else None

    # -- the search cascade ---------------------------------------------------------------

    def _passes(self, rgb: RGB) -> list[_Search]:
        opts = self.options
        longest = max(rgb.shape[:2])
        first = opts.detector_max_side
        passes: list[_Search] = [self._at_side(rgb, first)]
        if opts.invert_retry:
            # the detector was trained on dark text on light or light on blue; white
            # characters on black (HK / Macao, consulates) it finds far better inverted, and
            # at the first size this costs less than the bigger sizes below
            passes.append(self._at_side(255 - rgb, first))
        sides = [s for s in opts.retry_sides if s > first and longest > first]
        if longest < opts.upscale_side:
            sides = [opts.upscale_side]
        passes += [self._at_side(rgb, side) for side in sides]
        if longest > opts.tile_above:
            passes.append(lambda: self._plates(self._detector.detect_tiles(rgb)))
        if self._lines is not None:
            lines = self._lines
            passes.append(lambda: self._from_lines(lines.detect(rgb, opts.text_side)))
        return passes

    def _settled(self, read: PlateRead, score: float) -> bool:
        """Whether searching further could not improve on ``read``: a plate was found and its
        serial read with confidence. Doubtful positions do not keep the search going: the
        later finders would only find the same plate again (an overlapping candidate is not
        read twice), and the province policy has already taken its second look."""
        serial = [p for i, (_, p) in enumerate(read.chars) if i > 0]
        return (
            score >= self.options.accept_score
            and sum(serial) / len(serial) >= self.options.accept_confidence
        )

    def _at_side(self, rgb: RGB, side: int) -> _Search:
        return lambda: self._plates(self._detector.detect(rgb, side))

    def _plates(self, plates: list[DetectedPlate]) -> list[_Candidate]:
        return [_Candidate(p.corners, p.score) for p in merge(plates)[: self.options.max_plates]]

    def _from_lines(self, lines: list[TextLine]) -> list[_Candidate]:
        """Plate-shaped text lines, and stacked pairs of lines that make a two-row plate."""
        out: list[_Candidate] = []
        for line in lines:
            if LINE_ASPECT[0] <= line.aspect <= LINE_ASPECT[1]:
                out.append(_Candidate(_pad(line.corners, 0.08, 0.12), line.score, False, True))
        for upper in lines:
            for lower in lines:
                pair = _two_row_pair(upper, lower)
                if pair is not None:
                    out.append(_Candidate(pair, min(upper.score, lower.score), True, True))
        return out[: self.options.max_lines]

    # -- reading one candidate ------------------------------------------------------------

    def _read_candidate(self, rgb: RGB, candidate: _Candidate, grey: bool) -> PlateRead | None:
        quad = order_corners(candidate.corners)
        width = float(np.linalg.norm(quad[1] - quad[0]))
        height = float(np.linalg.norm(quad[3] - quad[0]))
        two_row = candidate.two_row
        if two_row is None:
            two_row = looks_two_row(width, height)
        crop = rectify(rgb, quad)
        colour = UNKNOWN_COLOUR if grey else plate_colour(crop)
        crop = stretched(crop)
        small = width < SMALL_PLATE_PX
        read = self._read_plate(crop, colour, two_row=two_row, small=small)
        if read is None and two_row and candidate.two_row is None:
            # a squat single-row crop
            read = self._read_plate(crop, colour, two_row=False, small=small)
        if read is None:
            return None
        if candidate.text_line:
            read = self._cross_checked(read, crop, colour, two_row)
        return replace(read, confidence=read.confidence * candidate.score, corners=quad)

    def _cross_checked(self, read: PlateRead, crop: RGB, colour: str, two_row: bool) -> PlateRead:
        """The read with every position the second recogniser reads differently uncertain."""
        if self._second is None:
            return read
        hint = None if colour == UNKNOWN_COLOUR else colour
        found = self._decode(self._second, crop, hint, two_row)
        other = found[0].text if found else ""
        if len(other) != len(read.plate):
            doubtful = set(range(len(read.plate)))
        else:
            doubtful = {i for i, (a, b) in enumerate(zip(read.plate, other, strict=True)) if a != b}
            doubtful.discard(0)  # the province has had its own second look
        if not doubtful:
            return read
        return replace(read, uncertain=tuple(sorted(doubtful | set(read.uncertain))))

    def _read_plate(
        self, crop: RGB, colour: str, *, two_row: bool, small: bool = False
    ) -> PlateRead | None:
        hint = None if colour == UNKNOWN_COLOUR else colour
        found = self._decode(self._ocr, crop, hint, two_row)
        second = self._second
        if second is not None and (not found or min(p for _, p in found[0].chars) < WEAK_CHAR):
            # the first recogniser's read fits no plate or hesitates somewhere: the other
            # recogniser's reading competes with it under the same grammar
            found = sorted(
                found + self._decode(second, crop, hint, two_row),
                key=lambda d: d.score,
                reverse=True,
            )
        if not found:
            return None
        decoded = found[0]
        chars = list(decoded.chars)
        uncertain = [i for i, (_, p) in enumerate(chars) if p < UNCERTAIN_BELOW]
        if decoded.text[-1] in CROSS_BORDER:
            # 港 / 澳 plates are issued by Guangdong only: the grammar settles the province
            chars[0] = ("粤", max(chars[0][1], province.SURE_PROB))
            uncertain = [i for i in uncertain if i != 0]
            decoded = replace(decoded, text="粤" + decoded.text[1:])
        elif decoded.pattern != "embassy":
            call = self._province(crop, decoded.reads[0], two_row, small)
            chars[0] = (call.char, call.prob)
            uncertain = [i for i in uncertain if i != 0]
            if not call.sure:
                uncertain.insert(0, 0)
            decoded = replace(decoded, text=call.char + decoded.text[1:])
        confidence = sum(p for _, p in chars) / len(chars)
        if 0 in uncertain:
            confidence = min(confidence, chars[0][1])
        return PlateRead(
            plate=decoded.text,
            colour=colour,
            confidence=confidence,
            chars=tuple(chars),
            uncertain=tuple(uncertain),
            rows=2 if two_row else 1,
        )

    @staticmethod
    def _decode(
        ocr: CtcRecognizer, crop: RGB, colour: str | None, two_row: bool
    ) -> list[DecodedPlate]:
        if two_row:
            upper, lower = split_rows(crop)
            top, bottom = ocr.read_lines([upper, lower])
            return candidates(top.chars + bottom.chars, colour, lead=top.lead, tail=bottom.tail)
        line = ocr.read_line(crop)
        return candidates(line.chars, colour, lead=line.lead, tail=line.tail)

    def _province(
        self, crop: RGB, first: CharRead, two_row: bool, small: bool
    ) -> province.ProvinceCall:
        own = province.distribution(first)
        call = province.call(own)
        if first.inferred or small:
            # the recogniser did not commit to it, or the glyph is a blob of a few pixels:
            # never settled by one model alone
            call = replace(call, prob=min(call.prob, province.SURE_PROB / 2))
        if call.sure or self._second is None:
            return call
        found = self._decode(self._second, crop, None, two_row)
        if not found:
            return call
        call = province.second_look(own, province.distribution(found[0].reads[0]))
        if small:
            # under 10 px both recognisers were seen agreeing on a wrong province with 0.97
            # (渝 read as 苏): the best guess is kept, but it is not a fact
            call = replace(call, agreed=False, prob=min(call.prob, province.SURE_PROB / 2))
        return call


def _pad(corners: NDArray[np.float64], along: float, across: float) -> NDArray[np.float64]:
    quad = order_corners(corners)
    center = quad.mean(0)
    x_axis = (quad[1] - quad[0] + quad[2] - quad[3]) / 2.0
    y_axis = (quad[3] - quad[0] + quad[2] - quad[1]) / 2.0
    signs = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=np.float64)
    return np.array(
        [center + sx * x_axis * (0.5 + along) + sy * y_axis * (0.5 + across) for sx, sy in signs]
    )


def _two_row_pair(upper: TextLine, lower: TextLine) -> NDArray[np.float64] | None:
    """The whole plate when ``upper`` (province + letter) sits just above ``lower`` (5 big
    characters) as on a GA 36 two-row plate, else None."""
    if upper is lower:
        return None
    top = order_corners(upper.corners)
    bottom = order_corners(lower.corners)
    up_c, low_c = top.mean(0), bottom.mean(0)
    if not (
        0.25 * lower.width <= upper.width <= 0.8 * lower.width
        and 0.3 * lower.height <= upper.height <= 1.0 * lower.height
        and 0.0 < low_c[1] - up_c[1] <= 1.6 * lower.height
        and abs(low_c[0] - up_c[0]) <= 0.25 * lower.width
    ):
        return None
    left = min(bottom[0][0], bottom[3][0])
    right = max(bottom[1][0], bottom[2][0])
    y_top = min(top[0][1], top[1][1]) - 0.15 * upper.height
    y_bottom = max(bottom[2][1], bottom[3][1]) + 0.1 * lower.height
    pad = 0.04 * (right - left)
    return np.array(
        [[left - pad, y_top], [right + pad, y_top], [right + pad, y_bottom], [left - pad, y_bottom]]
    )


def pick(reads: Sequence[PlateRead]) -> PlateRead | None:
    """The read to report: the most confident, the biggest plate among near-equals."""
    if not reads:
        return None
    widest = max(_width(r) for r in reads)
    return max(reads, key=lambda r: r.confidence + SIZE_PREFERENCE * _width(r) / widest)


def _width(read: PlateRead) -> float:
    if read.corners is None:
        return 1.0
    quad = read.corners
    return float(np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])) / 2.0


def _overlap(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    box_a = (*a.min(0), *a.max(0))
    box_b = (*b.min(0), *b.max(0))
    return iou(box_a, box_b)
