"""Community code (智慧平安社区编码), 15 digits.

Digits 1-6 are the GB/T 2260 division, 7-12 the street and residents' committee code (assigned
by the 平安办), 13-15 the community's sequence number planned by the police station, unique
within it. The community sequence is also digits 15-17 of every camera code of the community.

>>> validate('340104 001001 001')
'340104001001001'
>>> format('340104001001001')
'340104 001001 001'
>>> parse('340104001001001').division.district
'蜀山区'
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum.util import clean, isdigits

from .division import Division, get_division
from .exceptions import InvalidFormat, InvalidLength, InvalidSegment, ValidationError
from .segment import Segment

LENGTH = 15


@dataclass(frozen=True, slots=True)
class CommunityCode:
    """A validated community code."""

    code: str
    division: Division

    @property
    def street_committee(self) -> str:
        """The 6-digit street + residents' committee code."""
        return self.code[6:12]

    @property
    def sequence(self) -> str:
        """The 3-digit community sequence, reused in the community's camera codes."""
        return self.code[12:]

    def explain(self) -> tuple[Segment, ...]:
        """Every segment with what it means."""
        return (
            Segment("division", 1, 6, self.code[:6], self.division.full_name),
            Segment("street_committee", 7, 12, self.street_committee, "街道居委会编码 (平安办)"),
            Segment("sequence", 13, 15, self.sequence, "小区顺序码 (派出所统一规划)"),
        )

    def __str__(self) -> str:
        return self.code


def compact(number: str) -> str:
    """Strip spaces and dashes."""
    return clean(number, " -").strip()


def parse(number: str) -> CommunityCode:
    """Validate and return the typed code; raise ``InvalidSegment`` naming the bad segment."""
    code = compact(number)
    if len(code) != LENGTH:
        raise InvalidLength(f"a community code has {LENGTH} digits, got {len(code)}")
    if not isdigits(code):
        raise InvalidFormat(f"a community code is digits only, got {code!r}")
    try:
        division = get_division(code[:6])
    except ValidationError as err:
        raise InvalidSegment("division", 1, 6, f"division (digits 1-6): {err}") from err
    if code[12:] == "000":
        raise InvalidSegment(
            "sequence", 13, 15, "community sequence 000 (digits 13-15) is not assigned"
        )
    return CommunityCode(code, division)


def validate(number: str) -> str:
    """Return the compact code or raise."""
    return parse(number).code


def is_valid(number: str) -> bool:
    """Whether the number is a valid community code."""
    try:
        parse(number)
    except ValidationError:
        return False
    return True


def format(number: str) -> str:
    """Group as division, street/committee, sequence."""
    code = compact(number)
    return f"{code[:6]} {code[6:12]} {code[12:]}"
