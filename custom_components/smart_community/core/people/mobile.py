"""Mainland China mobile numbers, parsed and checked by ``phonenumbers``; stored as E.164."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from .errors import RegistryError


def validate_mobile(number: str) -> str:
    """Return ``+86…`` or raise ``RegistryError("invalid_mobile")``.

    Numbers without a country code are read as Chinese; foreign numbers and fixed lines are
    refused because the registry uses the number for SMS (visitor passes, care alerts).
    """
    try:
        parsed = phonenumbers.parse(number, "CN")
    except NumberParseException as err:
        raise RegistryError("invalid_mobile", number=number) from err
    if (
        not phonenumbers.is_valid_number(parsed)
        or phonenumbers.region_code_for_number(parsed) != "CN"
        or phonenumbers.number_type(parsed)
        not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
    ):
        raise RegistryError("invalid_mobile", number=number)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
