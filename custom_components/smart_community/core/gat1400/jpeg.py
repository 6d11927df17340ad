"""Width and height of a JPEG from its SOF marker (SubImageInfoObject needs both).

>>> jpeg_size(b"\\xff\\xd8\\xff\\xc0\\x00\\x11\\x08\\x01\\xe0\\x02\\x80" + bytes(12))
(640, 480)
>>> jpeg_size(b"not a jpeg")
(0, 0)
"""

from __future__ import annotations

_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_NO_LENGTH = frozenset({0x01, *range(0xD0, 0xD8)})


def jpeg_size(data: bytes) -> tuple[int, int]:
    """``(width, height)``, or ``(0, 0)`` when the data is not a readable JPEG."""
    if not data.startswith(b"\xff\xd8"):
        return (0, 0)
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return (0, 0)
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _NO_LENGTH:
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker in _SOF and pos + 9 <= len(data):
            height = int.from_bytes(data[pos + 5 : pos + 7], "big")
            width = int.from_bytes(data[pos + 7 : pos + 9], "big")
            return (width, height)
        pos += 2 + length
    return (0, 0)
