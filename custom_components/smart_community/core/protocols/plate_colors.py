"""Plate colours: one vocabulary (``DeviceEvent.plate_color``) for every vendor's spelling.

GA/T 1400.3 codes plate colours with its colour table (``ColorType``): 1 black, 2 white,
3 grey, 4 red, 5 blue, 6 yellow, 7 orange, 8 brown, 9 green, ... 99 other; platform SDKs add
80 yellow-green and 81 gradient green for new-energy plates. Hikvision sends
English words (``blue``, ``yellow``, ``newEnergyGreen`` ...), Dahua capitalised words,
Chinese platforms 蓝/黄/绿/白/黑.
"""

from __future__ import annotations

from .keys import normalise_key

PLATE_COLORS = ("blue", "yellow", "green", "white", "black", "yellow_green")

GAT1400_COLOR_CODES: dict[str, str] = {
    "1": "black",
    "2": "white",
    "3": "grey",
    "4": "red",
    "5": "blue",
    "6": "yellow",
    "7": "orange",
    "8": "brown",
    "9": "green",
    "10": "purple",
    "11": "cyan",
    "12": "pink",
    "13": "transparent",
    # Extensions of Chinese platform SDKs for new-energy plates, same table otherwise.
    "80": "yellow_green",
    "81": "green",  # 渐变绿
    "82": "gold",
    "83": "silver",
    "99": "other",
}

_ALIASES: dict[str, str] = {
    "blue": "blue",
    "蓝": "blue",
    "蓝色": "blue",
    "蓝牌": "blue",
    "yellow": "yellow",
    "黄": "yellow",
    "黄色": "yellow",
    "黄牌": "yellow",
    "green": "green",
    "绿": "green",
    "绿色": "green",
    "绿牌": "green",
    "newenergygreen": "green",
    "newenergy": "green",
    "gradientgreen": "green",
    "渐变绿": "green",
    "white": "white",
    "白": "white",
    "白色": "white",
    "白牌": "white",
    "black": "black",
    "黑": "black",
    "黑色": "black",
    "黑牌": "black",
    "yellowgreen": "yellow_green",
    "newenergyyellowgreen": "yellow_green",
    "黄绿": "yellow_green",
    "黄绿色": "yellow_green",
    "黄绿双拼": "yellow_green",
}

_UNKNOWN = {"", "unknown", "other", "未知", "其他", "0", "-1", "99"}


def normalise_plate_color(value: object, *, gat1400_codes: bool = False) -> str | None:
    """Vocabulary colour for ``value``; unknown spellings are kept lower-cased.

    ``gat1400_codes`` reads digit strings as GA/T 1400 colour codes.
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()[:64]
    # ASCII digits only: "²".isdigit() is True and int("²") raises
    if gat1400_codes and text.isascii() and text.isdigit():
        text = GAT1400_COLOR_CODES.get(str(int(text)), text)
        if text == "other":
            return None
    key = normalise_key(text)
    if key in _UNKNOWN:
        return None
    return _ALIASES.get(key, key)
