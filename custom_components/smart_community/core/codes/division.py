"""GB/T 2260 administrative division codes (行政区划代码), six digits.

Digits 1-2 are the province, 3-4 the city (prefecture), 5-6 the district or county. The table
is python-stdnum's ``cn/loc`` (the one ``stdnum.cn.ric`` uses for birth places); its names carry
year ranges like ``[1983-2001]西市区,[2002-]蜀山区`` and only a name without an end year is in
use today, so a code that only has closed ranges has been abolished.

>>> get_division('340104').district
'蜀山区'
>>> get_division('340104').city
'合肥市'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import numdb
from stdnum.util import clean, isdigits

from .exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

_DATED_NAME = re.compile(r"^\[(?P<start>\d*)-(?P<end>\d*)\](?P<name>.+)$")


@dataclass(frozen=True, slots=True)
class Division:
    """A division in use today. ``city``/``district`` are empty for province/city level codes."""

    code: str
    province: str
    city: str
    district: str

    @property
    def full_name(self) -> str:
        """Province + city + district, e.g. 安徽省合肥市蜀山区."""
        return "".join(part for part in (self.province, self.city, self.district) if part)

    @property
    def short_district(self) -> str:
        """The district without its 区/县 suffix, as registers often write it (蜀山区 → 蜀山)."""
        name = self.district
        if len(name) > 2 and name[-1] in "区县":
            return name[:-1]
        return name


def preload() -> None:
    """Read stdnum's division table now (it is read from disk on first use, then cached).

    Home Assistant calls this while it imports the integration, in its executor, so that the
    first community code checked on the event loop does not wait on the disk.
    """
    numdb.get("cn/loc")


def compact(number: str) -> str:
    """Strip spaces and separators."""
    return clean(number, " -").strip()


def _current_name(code: str) -> str | None:
    """Today's name of an exact code from stdnum's table, None when unknown or abolished."""
    parts = numdb.get("cn/loc").info(code)
    names = [props["county"] for part, props in parts if len(part) == 4 and "county" in props]
    if not names:
        return None
    for candidate in names[0].split(","):
        dated = _DATED_NAME.match(candidate)
        if dated is None:
            return candidate
        if not dated["end"]:
            return dated["name"]
    return None


def _province(code: str) -> str | None:
    for part, props in numdb.get("cn/loc").info(code):
        if len(part) == 2 and "province" in props:
            return props["province"]
    return None


def get_division(number: str) -> Division:
    """Look the code up; raise ``InvalidComponent`` when it is not a division in use."""
    code = validate_format(number)
    province = _province(code)
    name = _current_name(code)
    if province is None or name is None:
        raise InvalidComponent(f"{code} is not a GB/T 2260 division in use")
    if code.endswith("0000"):
        return Division(code, province, "", "")
    if code.endswith("00"):
        return Division(code, province, name, "")
    city = _current_name(code[:4] + "00") or ""
    return Division(code, province, city, name)


def validate_format(number: str) -> str:
    """Check length and digits only (no table lookup)."""
    code = compact(number)
    if len(code) != 6:
        raise InvalidLength(f"a division code has 6 digits, got {len(code)}")
    if not isdigits(code):
        raise InvalidFormat(f"a division code is digits only, got {code!r}")
    return code


def validate(number: str) -> str:
    """Return the compact code of a division in use, or raise."""
    return get_division(number).code


def is_valid(number: str) -> bool:
    """Whether the code is a division in use."""
    try:
        validate(number)
    except ValidationError:
        return False
    return True
