"""Two-row plates (GA 36 rear plates of lorries, buses, trailers and farm vehicles).

The plate is 440 x 220 mm: the upper row holds the province character and the authority
letter in small type (about 60 mm high, centred), the lower row the 5 serial characters in
large type (about 110 mm). A text recogniser reads one line, so the rectified plate is cut
into its two rows at the gap between them (the row of least ink near 38 % of the height, so a
tilted or loosely cropped plate still splits cleanly) and the rows are read separately.
"""

from __future__ import annotations

import numpy as np

from ..imaging import RGB

TWO_ROW_MAX_ASPECT = 2.6  # single-row plates are 3.1 (440 x 140 mm) or 3.4 (new energy)
SPLIT_SEARCH = (0.28, 0.48)  # where the gap between the rows may be, as a fraction of height


def looks_two_row(width: float, height: float) -> bool:
    return height > 0 and width / height < TWO_ROW_MAX_ASPECT


def split_rows(plate: RGB) -> tuple[RGB, RGB]:
    """(upper row, lower row) of a rectified two-row plate."""
    height = plate.shape[0]
    grey = plate.astype(np.float32).mean(axis=2)
    # ink = distance from the row's typical background; the gap between rows has least ink
    inner = grey[:, plate.shape[1] // 10 : plate.shape[1] - plate.shape[1] // 10]
    background = np.median(inner)
    ink = np.abs(inner - background).mean(axis=1)
    lo, hi = (round(height * f) for f in SPLIT_SEARCH)
    smooth = np.convolve(ink, np.ones(3) / 3.0, mode="same")
    cut = lo + int(np.argmin(smooth[lo:hi])) if hi > lo else round(height * 0.38)
    width = plate.shape[1]
    upper = plate[: max(cut, 1), width // 6 : width - width // 6]
    lower = plate[max(cut - height // 40, 0) :, :]
    return upper, lower
