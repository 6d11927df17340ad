"""Contact phone numbers of the 一机一档 register (管理/维护单位联系方式).

The standard allows a fixed line or a mobile number:

* fixed line: 10-12 digits starting with 0, the area code separated by a dash (0551-65695119);
* mobile: a mainland number with a valid network prefix (网段校验). The standard says "12位"
  for mobiles, which is read as a typo for 11: mainland mobile numbers have 11 digits and its
  own example (17756063080) has 11.

The number plan itself (valid area codes, allocated mobile prefixes) is phonenumbers' job.

>>> validate('0551-65695119')
'0551-65695119'
>>> validate('177 5606 3080')
'17756063080'
"""

from __future__ import annotations

import re

import phonenumbers

from .exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

_FIXED_LINE = re.compile(r"0\d{2,3}-\d{7,8}")
_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def compact(number: str) -> str:
    """Strip spaces and a +86 country prefix; keep the area-code dash."""
    number = number.strip().replace(" ", "")
    return number.removeprefix("+86")


def _check_plan(number: str, what: str) -> phonenumbers.PhoneNumber:
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException as err:
        raise InvalidFormat(f"{what} {number!r} is not a phone number") from err
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidComponent(f"{what} {number!r} is not in the Chinese numbering plan")
    return parsed


def validate(number: str) -> str:
    """Return the compact number or raise."""
    number = compact(number)
    if not number:
        raise InvalidLength("phone number is empty")
    if number.startswith("0"):
        digits = number.replace("-", "")
        if not 10 <= len(digits) <= 12:
            raise InvalidLength(f"fixed line {number!r} must have 10-12 digits, has {len(digits)}")
        if not _FIXED_LINE.fullmatch(number):
            raise InvalidFormat(
                f"fixed line {number!r} must be area code, dash, number (e.g. 0551-65695119)"
            )
        _check_plan(number, "fixed line")
        return number
    if not number.isdigit() or not number.startswith("1"):
        raise InvalidFormat(f"{number!r} is neither a 0-prefixed fixed line nor a mobile number")
    if len(number) != 11:
        raise InvalidLength(f"mobile number {number!r} must have 11 digits, has {len(number)}")
    parsed = _check_plan(number, "mobile number")
    if phonenumbers.number_type(parsed) not in _MOBILE_TYPES:
        raise InvalidComponent(f"mobile number {number!r} has no valid mobile network prefix")
    return number


def is_valid(number: str) -> bool:
    """Whether the number is an acceptable contact number."""
    try:
        validate(number)
    except ValidationError:
        return False
    return True
