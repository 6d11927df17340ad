"""Device names (设备名称命名规则): 区县名称 + 小区名称 + 位置信息 + 设备类型.

位置信息 is 监控部位 + 方位: a place from the standard's vocabulary (楼栋 ``5栋``, 单元 ``1单元``,
广场, 入口, 地下车库 …) and a direction (东/南/西/北 or 东南…, optionally with 侧/门/面/角) or a
floor (``1F``, ``负1F``). The register's own example ``蜀山凤凰城燕园18栋南侧球机1`` shows two
tolerated forms: the district without its 区 suffix and a trailing device index. Free text such
as a 组团 name (燕园) may accompany the place; without a place and a direction or floor the
location does not say where the device looks, so the name is rejected.

>>> name = parse_device_name('蜀山区华府骏苑5栋1单元1F人脸抓拍机', district='蜀山区')
>>> name.community, name.building, name.unit, name.floor, name.device_type
('华府骏苑', '5栋', '1单元', '1F', '人脸抓拍机')
>>> build_device_name('蜀山区', '华府骏苑', '东门入口', '人脸抓拍机')
'蜀山区华府骏苑东门入口人脸抓拍机'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .exceptions import InvalidFormat
from .tables import read_words

_BUILDING = re.compile(r"\d+(?:栋|幢|号楼)")
_UNIT = re.compile(r"\d+单元")
_FLOOR = re.compile(r"负?\d+F")
_DIRECTION = re.compile(r"(?:东南|东北|西南|西北|[东南西北])[侧门面角]?")
_INDEX = re.compile(r"\d+$")


class NamePart(StrEnum):
    """The parts of the naming rule, used to say which one is wrong."""

    DISTRICT = "district"
    COMMUNITY = "community"
    LOCATION = "location"
    DEVICE_TYPE = "device_type"


class InvalidDeviceName(InvalidFormat):
    """A device name does not follow the naming rule; ``part`` says which part."""

    def __init__(self, part: NamePart, message: str) -> None:
        super().__init__(message)
        self.part = part


class TokenKind(StrEnum):
    BUILDING = "building"
    UNIT = "unit"
    PLACE = "place"
    FLOOR = "floor"
    DIRECTION = "direction"
    FREE = "free"  # text outside the vocabulary (a 组团 name, a landmark)


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str


@dataclass(frozen=True, slots=True)
class DeviceName:
    """A parsed device name. ``index`` is the optional trailing number (球机1)."""

    district: str
    community: str
    location: str
    device_type: str
    index: int | None
    tokens: tuple[Token, ...]

    def _first(self, kind: TokenKind) -> str | None:
        return next((token.text for token in self.tokens if token.kind is kind), None)

    @property
    def building(self) -> str | None:
        """``5栋`` when the location names a building."""
        return self._first(TokenKind.BUILDING)

    @property
    def unit(self) -> str | None:
        return self._first(TokenKind.UNIT)

    @property
    def floor(self) -> str | None:
        return self._first(TokenKind.FLOOR)

    @property
    def direction(self) -> str | None:
        return self._first(TokenKind.DIRECTION)

    @property
    def places(self) -> tuple[str, ...]:
        """Every 监控部位 token (building, unit, vocabulary place)."""
        place_kinds = {TokenKind.BUILDING, TokenKind.UNIT, TokenKind.PLACE}
        return tuple(token.text for token in self.tokens if token.kind in place_kinds)

    @property
    def install_address(self) -> str:
        """The register's 安装地址: the name without device type and index."""
        return f"{self.district}{self.community}{self.location}"

    def __str__(self) -> str:
        index = "" if self.index is None else str(self.index)
        return f"{self.install_address}{self.device_type}{index}"


def places() -> tuple[str, ...]:
    """The place vocabulary, longest first so 地下车库 wins over 车库."""
    return tuple(sorted(read_words("name_places.txt"), key=len, reverse=True))


def device_types() -> tuple[str, ...]:
    """Device type words, longest first."""
    return tuple(sorted(read_words("name_device_types.txt"), key=len, reverse=True))


def _token_at(text: str, start: int) -> Token | None:
    for pattern, kind in ((_BUILDING, TokenKind.BUILDING), (_UNIT, TokenKind.UNIT)):
        if match := pattern.match(text, start):
            return Token(kind, match.group())
    if match := _FLOOR.match(text, start):
        return Token(TokenKind.FLOOR, match.group())
    for place in places():
        if text.startswith(place, start):
            return Token(TokenKind.PLACE, place)
    if match := _DIRECTION.match(text, start):
        return Token(TokenKind.DIRECTION, match.group())
    return None


def tokenize_location(location: str) -> tuple[Token, ...]:
    """Split a location into vocabulary tokens and free text."""
    tokens: list[Token] = []
    free = ""
    position = 0
    while position < len(location):
        token = _token_at(location, position)
        if token is None:
            free += location[position]
            position += 1
            continue
        if free:
            tokens.append(Token(TokenKind.FREE, free))
            free = ""
        tokens.append(token)
        position += len(token.text)
    if free:
        tokens.append(Token(TokenKind.FREE, free))
    return tuple(tokens)


def parse_location(location: str) -> tuple[Token, ...]:
    """Tokens of a location that has both a 监控部位 and a 方位 (direction or floor)."""
    if not location:
        raise InvalidDeviceName(NamePart.LOCATION, "位置信息 is missing")
    tokens = tokenize_location(location)
    kinds = {token.kind for token in tokens}
    if any(token.kind is TokenKind.DIRECTION and token.text.endswith("门") for token in tokens):
        kinds.add(TokenKind.PLACE)  # 东门 is a gate: a place and a direction at once
    if not kinds & {TokenKind.BUILDING, TokenKind.UNIT, TokenKind.PLACE}:
        raise InvalidDeviceName(
            NamePart.LOCATION,
            f"位置信息 {location!r} has no 监控部位 (e.g. 5栋, 1单元, 入口, 广场, 地下车库)",
        )
    if not kinds & {TokenKind.DIRECTION, TokenKind.FLOOR}:
        raise InvalidDeviceName(
            NamePart.LOCATION,
            f"位置信息 {location!r} has no 方位 (东/南/西/北, 东南…, 南侧, 东门)"
            " or floor (1F, 负1F)",
        )
    return tokens


def _strip_district(name: str, district: str) -> str:
    short = district[:-1] if len(district) > 2 and district[-1] in "区县" else district
    for form in (district, short):
        if form and name.startswith(form):
            return name[len(form) :]
    raise InvalidDeviceName(
        NamePart.DISTRICT, f"name {name!r} does not start with the district {district}"
    )


def _type_splits(rest: str) -> list[tuple[str, str, int | None]]:
    """Every (text before the type, type, index) reading of the name's end, longest type first.

    Several can match (东门人行通道闸机: 人行通道闸机 or 闸机), so the caller keeps the first
    one whose location is valid.
    """
    index_match = _INDEX.search(rest)
    candidates: list[tuple[str, int | None]] = [(rest, None)]
    if index_match:
        candidates.insert(0, (rest[: index_match.start()], int(index_match.group())))
    splits = [
        (text[: -len(device_type)], device_type, index)
        for text, index in candidates
        for device_type in device_types()
        if text.endswith(device_type)
    ]
    if not splits:
        raise InvalidDeviceName(
            NamePart.DEVICE_TYPE,
            f"name does not end with a device type (设备类型 such as"
            f" {', '.join(device_types()[:6])}…)",
        )
    return splits


def strip_trailing_location(text: str) -> str:
    """``text`` without the location tokens at its end (what is left is the community)."""
    tokens = list(tokenize_location(text))
    while tokens and tokens[-1].kind is not TokenKind.FREE:
        tokens.pop()
    return "".join(token.text for token in tokens)


def _split_community(middle: str, community: str | None) -> tuple[str, str]:
    if community is not None:
        if not middle.startswith(community) or not community:
            raise InvalidDeviceName(
                NamePart.COMMUNITY, f"小区名称 {community!r} does not follow the district"
            )
        return community, middle[len(community) :]
    # Without a known community name, vocabulary tokens at the end are the location.
    # A free 组团 name before a building then counts as part of the community.
    inferred = strip_trailing_location(middle)
    if not inferred:
        raise InvalidDeviceName(NamePart.COMMUNITY, "小区名称 is missing")
    return inferred, middle[len(inferred) :]


def parse_device_name(name: str, *, district: str, community: str | None = None) -> DeviceName:
    """Split a name into its parts; ``community=None`` infers the 小区名称 (less reliable)."""
    name = name.strip()
    rest = _strip_district(name, district)
    used_district = name[: len(name) - len(rest)]
    first_error: InvalidDeviceName | None = None
    for middle, device_type, index in _type_splits(rest):
        try:
            community_name, location = _split_community(middle, community)
            tokens = parse_location(location)
        except InvalidDeviceName as err:
            first_error = first_error or err
            continue
        return DeviceName(used_district, community_name, location, device_type, index, tokens)
    assert first_error is not None  # _type_splits returns at least one reading or raises
    raise first_error


def parse_install_address(
    address: str, *, district: str, community: str | None = None
) -> tuple[str, str, str]:
    """The register's 安装地址 (区名称+小区名称+位置信息): (district, community, location)."""
    address = address.strip()
    middle = _strip_district(address, district)
    community_name, location = _split_community(middle, community)
    parse_location(location)
    return address[: len(address) - len(middle)], community_name, location


def build_device_name(
    district: str,
    community: str,
    location: str,
    device_type: str,
    index: int | None = None,
) -> str:
    """Assemble and check a name; raises ``InvalidDeviceName`` naming the missing part."""
    if not district:
        raise InvalidDeviceName(NamePart.DISTRICT, "区县名称 is missing")
    if not community:
        raise InvalidDeviceName(NamePart.COMMUNITY, "小区名称 is missing")
    parse_location(location)
    if device_type not in device_types():
        raise InvalidDeviceName(NamePart.DEVICE_TYPE, f"{device_type!r} is not a device type")
    return f"{district}{community}{location}{device_type}{'' if index is None else index}"


def infer_community_name(names: Iterable[str], district: str) -> str | None:
    """The community name shared by a register's device names, None if they share none.

    The longest common text after the district is the community plus whatever location all
    devices happen to share (all at 东门…); vocabulary tokens at its end are cut off.
    """
    middles: list[str] = []
    for name in names:
        try:
            rest = _strip_district(name.strip(), district)
            middles.append(_type_splits(rest)[0][0])
        except InvalidDeviceName:
            continue
    if not middles:
        return None
    common = middles[0]
    for middle in middles[1:]:
        while not middle.startswith(common):
            common = common[:-1]
    return strip_trailing_location(common) or None
