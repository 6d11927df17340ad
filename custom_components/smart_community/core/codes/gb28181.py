"""GB/T 28181-2016 device codes (国标编码), 20 digits, with Hefei's two camera variants.

Layout (appendix D, coding rule A): centre 8 digits (province 2, city 2, district 2, basic
unit / police station 2; digits 1-6 are the GB/T 2260 division), industry 2, type 3, network
flag 1, serial 6. The serial is read in one of two ways in Hefei:

* community variant (industry 34-39 or 97-99, 《合肥市智慧平安小区视频监控图像编码规则》):
  digits 15-17 are the community sequence (last 3 digits of the 15-digit community code) and
  18-20 the camera number within the community;
* checkpoint variant (type 119 outside those industries, 《安徽公安车辆卡口国标编码规则》):
  digit 15 is the manufacturer, 16 the camera kind, 17-20 a free number.

Anything else is a plain GB/T 28181 code whose serial is opaque.

>>> parse('34010449971328001001').variant
<Variant.COMMUNITY: 'community'>
>>> str(parse('34010449971328001001').explain()[5])
'industry (digits 9-10) 97: 社会自建人脸抓拍机'
>>> try:
...     validate('34010449979998001001')
... except InvalidSegment as err:
...     print(err.segment, err)
type type code 999 (digits 11-13) is not a GB/T 28181 type
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from stdnum.util import clean, isdigits

from ..devices import DeviceKind
from .community import CommunityCode
from .community import parse as parse_community_code
from .division import get_division
from .exceptions import InvalidFormat, InvalidLength, InvalidSegment, ValidationError
from .segment import Segment
from .tables import read_table

LENGTH = 20
CHECKPOINT_TYPE = "119"  # Anhui's checkpoint camera type; 132 is a plain IP camera
COMMUNITY_CAMERA_TYPES = frozenset({"119", "132"})  # the only types the Hefei rule lists
MAX_CAMERA_NUMBER = 999  # three digits, 000 unused


class Variant(StrEnum):
    """How the 6-digit serial is structured."""

    COMMUNITY = "community"
    CHECKPOINT = "checkpoint"
    GENERIC = "generic"


class CodesExhausted(Exception):
    """All 999 camera numbers of a community are taken."""


def _types() -> Mapping[str, Mapping[str, str]]:
    return read_table("gb28181_types.csv")


def _industries() -> Mapping[str, Mapping[str, str]]:
    return read_table("gb28181_industries.csv")


def _networks() -> Mapping[str, Mapping[str, str]]:
    return read_table("gb28181_networks.csv")


def is_community_industry(industry: str) -> bool:
    """Industries Hefei reserves for community face / vehicle / structured cameras."""
    row = _industries().get(industry)
    return bool(row and row["hefei_capture"])


@dataclass(frozen=True, slots=True)
class GbDeviceCode:
    """A validated 20-digit code; build it with ``parse``."""

    code: str

    @property
    def center(self) -> str:
        """Centre code: division (6) + basic unit (2); in Hefei the police station org code."""
        return self.code[:8]

    @property
    def division(self) -> str:
        """The GB/T 2260 division (digits 1-6)."""
        return self.code[:6]

    @property
    def basic_unit(self) -> str:
        """Digits 7-8: basic unit, the police station in Hefei."""
        return self.code[6:8]

    @property
    def industry(self) -> str:
        return self.code[8:10]

    @property
    def type_code(self) -> str:
        return self.code[10:13]

    @property
    def network(self) -> str:
        return self.code[13]

    @property
    def serial(self) -> str:
        return self.code[14:]

    @property
    def variant(self) -> Variant:
        if is_community_industry(self.industry):
            return Variant.COMMUNITY
        if self.type_code == CHECKPOINT_TYPE:
            return Variant.CHECKPOINT
        return Variant.GENERIC

    @property
    def community_sequence(self) -> str | None:
        """Digits 15-17 of a community-variant code."""
        return self.code[14:17] if self.variant is Variant.COMMUNITY else None

    @property
    def camera_number(self) -> int | None:
        """Digits 18-20 of a community-variant code."""
        return int(self.code[17:]) if self.variant is Variant.COMMUNITY else None

    def explain(self) -> tuple[Segment, ...]:
        """Every segment with its meaning, centre first."""
        division = get_division(self.division)
        segments = [
            Segment("province", 1, 2, self.code[:2], division.province),
            Segment("city", 3, 4, self.code[2:4], division.city or "(province level)"),
            Segment("district", 5, 6, self.code[4:6], division.district or "(city level)"),
            Segment("basic_unit", 7, 8, self.basic_unit, "基层单位 / 派出所"),
            Segment("center", 1, 8, self.center, "中心编码"),
            Segment("industry", 9, 10, self.industry, _industries()[self.industry]["label"]),
            Segment("type", 11, 13, self.type_code, _types()[self.type_code]["label"]),
            Segment("network", 14, 14, self.network, _networks()[self.network]["label"]),
        ]
        serial = self.serial
        if self.variant is Variant.COMMUNITY:
            segments += [
                Segment("community_sequence", 15, 17, serial[:3], "小区编码 (小区编码后3位)"),
                Segment("camera_number", 18, 20, serial[3:], "小区摄像机编码"),
            ]
        elif self.variant is Variant.CHECKPOINT:
            manufacturer = read_table("checkpoint_manufacturers.csv")[serial[0]]["label"]
            kind = read_table("checkpoint_camera_kinds.csv")[serial[1]]["label"]
            segments += [
                Segment("manufacturer", 15, 15, serial[0], manufacturer),
                Segment("camera_kind", 16, 16, serial[1], kind),
                Segment("camera_number", 17, 20, serial[2:], "相机编码"),
            ]
        else:
            segments.append(Segment("serial", 15, 20, serial, "序号"))
        return tuple(segments)

    def __str__(self) -> str:
        return self.code


def compact(number: str) -> str:
    """Strip spaces and dashes."""
    return clean(number, " -").strip()


def _check_center(code: str) -> None:
    try:
        get_division(code[:6])
    except ValidationError as err:
        raise InvalidSegment("center", 1, 6, f"centre code {code[:8]} (digits 1-6): {err}") from err


def _check_community_serial(code: str) -> None:
    type_code, serial = code[10:13], code[14:]
    if type_code not in COMMUNITY_CAMERA_TYPES:
        raise InvalidSegment(
            "type",
            11,
            13,
            f"type code {type_code} (digits 11-13) is not a camera type of the Hefei community"
            f" rule (132 or 119) for industry {code[8:10]}",
        )
    if serial[:3] == "000":
        raise InvalidSegment(
            "community_sequence", 15, 17, "community sequence 000 (digits 15-17) is not assigned"
        )
    if serial[3:] == "000":
        raise InvalidSegment(
            "camera_number", 18, 20, "camera number 000 (digits 18-20) is not used; start at 001"
        )


def _check_checkpoint_serial(code: str) -> None:
    manufacturer, kind = code[14], code[15]
    if manufacturer not in read_table("checkpoint_manufacturers.csv"):
        raise InvalidSegment(
            "manufacturer", 15, 15, f"manufacturer digit {manufacturer} (digit 15) is reserved"
        )
    if kind not in read_table("checkpoint_camera_kinds.csv"):
        raise InvalidSegment(
            "camera_kind", 16, 16, f"camera kind digit {kind} (digit 16) is not assigned (1-5)"
        )


def parse(number: str) -> GbDeviceCode:
    """Validate and return the typed code; errors name the segment and the reason."""
    code = compact(number)
    if len(code) != LENGTH:
        raise InvalidLength(f"a GB/T 28181 code has {LENGTH} digits, got {len(code)}")
    if not isdigits(code):
        raise InvalidFormat(f"a GB/T 28181 code is digits only, got {code!r}")
    _check_center(code)
    if code[8:10] not in _industries():
        raise InvalidSegment(
            "industry", 9, 10, f"industry code {code[8:10]} (digits 9-10) is reserved"
        )
    if code[10:13] not in _types():
        raise InvalidSegment(
            "type", 11, 13, f"type code {code[10:13]} (digits 11-13) is not a GB/T 28181 type"
        )
    if code[13] not in _networks():
        raise InvalidSegment("network", 14, 14, f"network flag {code[13]} (digit 14) is reserved")
    device_code = GbDeviceCode(code)
    if device_code.variant is Variant.COMMUNITY:
        _check_community_serial(code)
    elif device_code.variant is Variant.CHECKPOINT:
        _check_checkpoint_serial(code)
    return device_code


def validate(number: str) -> str:
    """Return the compact code or raise."""
    return parse(number).code


def is_valid(number: str) -> bool:
    """Whether the number is a valid device code."""
    try:
        parse(number)
    except ValidationError:
        return False
    return True


def format(number: str) -> str:
    """Group by segment: centre, industry, type, network, serial."""
    code = compact(number)
    return f"{code[:8]} {code[8:10]} {code[10:13]} {code[13]} {code[14:]}"


def kind_defaults(kind: DeviceKind) -> tuple[str, str]:
    """(industry, type) this integration uses for a device kind when none is given."""
    row = read_table("kind_defaults.csv")[kind.value]
    return row["industry"], row["type"]


def _taken_numbers(center: str, sequence: str, existing: Iterable[str]) -> set[int]:
    """Numbers 18-20 already used by the community, whatever the device's industry or type.

    The number is the community's own running number ("自行分配，不重复即可"), so a face camera
    and a bullet camera must not share one even though their codes would differ.
    """
    taken = set()
    for number in existing:
        code = compact(number)
        if (
            len(code) == LENGTH
            and isdigits(code)
            and code[:8] == center
            and code[14:17] == sequence
        ):
            taken.add(int(code[17:]))
    return taken


def allocate_device_code(
    community: CommunityCode | str,
    existing: Iterable[str],
    *,
    center: str,
    kind: DeviceKind | None = None,
    industry: str | None = None,
    type_code: str | None = None,
    network: str = "8",
) -> GbDeviceCode:
    """The lowest free code ``center+industry+type+network+community sequence+number``.

    ``center`` is the 8-digit police station code (its first 6 digits must be the community's
    division). ``industry``/``type_code`` default from ``kind``; ``network`` defaults to 8
    (社会资源接入网), the usual flag of community-built devices. Raises ``CodesExhausted`` when
    numbers 001-999 are all used.
    """
    if isinstance(community, str):
        community = parse_community_code(community)
    center = compact(center)
    if len(center) != 8 or not isdigits(center) or center[:6] != community.division.code:
        raise InvalidSegment(
            "center",
            1,
            8,
            f"centre {center!r} must be 8 digits starting with the community's division"
            f" {community.division.code}",
        )
    if kind is not None:
        default_industry, default_type = kind_defaults(kind)
        industry = industry or default_industry
        type_code = type_code or default_type
    if industry is None or type_code is None:
        raise ValueError("give a device kind or both industry and type_code")
    taken = _taken_numbers(center, community.sequence, existing)
    for number in range(1, MAX_CAMERA_NUMBER + 1):
        if number not in taken:
            return parse(f"{center}{industry}{type_code}{network}{community.sequence}{number:03d}")
    raise CodesExhausted(
        f"community {community.code}: all {MAX_CAMERA_NUMBER} device numbers under centre"
        f" {center} are used"
    )
