"""The 2nd-generation resident identity card number (居民身份证号码, GB 11643).

18 characters: 6-digit address code, 8-digit birth date ``YYYYMMDD``, 3-digit order code
(odd for men) and a check character (ISO 7064 MOD 11-2, ``X`` for 10). python-stdnum checks
length, checksum, birth date and address code; this module adds what the registry needs:
the error key, age and the masked form shown outside admin views.

>>> validate_id_number("110101 19900307 7715")
'110101199003077715'
>>> mask_id_number("110101199003077715")
'110101********7715'
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from .errors import RegistryError

# 18-character numbers, and the first-generation 15-digit ones, wherever they appear in text.
_SEPARATORS = re.compile(r"[\s-]")
_ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def validate_id_number(number: str) -> str:
    """Return the compact number or raise ``RegistryError("invalid_id_number")``.

    A birth date in the future is refused too (stdnum only checks that the date exists).
    """
    try:
        compact = ric.validate(_SEPARATORS.sub("", number))
    except ValidationError as err:
        raise RegistryError("invalid_id_number", reason=type(err).__name__) from err
    if ric.get_birth_date(compact) > date.today():
        raise RegistryError("invalid_id_number", reason="BirthDateInFuture")
    return compact


def birth_date(number: str) -> date:
    """Birth date encoded in a valid number."""
    return ric.get_birth_date(validate_id_number(number))


def age_on(number: str, day: date) -> int:
    """Completed years on ``day`` (a person born on 29 February ages on 1 March)."""
    born = birth_date(number)
    had_birthday = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if had_birthday else 1)


def mask_id_number(number: str) -> str:
    """Keep the address code and the last four characters: ``340104********1234``."""
    compact = ric.compact(_SEPARATORS.sub("", number))
    if len(compact) <= 10:
        return "*" * len(compact)
    return compact[:6] + "*" * (len(compact) - 10) + compact[-4:]


def mask_id_numbers_in_text(text: str) -> str:
    """Mask every ID-number-shaped run of digits inside free text."""
    return _ID_NUMBER_IN_TEXT.sub(lambda match: mask_id_number(match.group(0)), text)
