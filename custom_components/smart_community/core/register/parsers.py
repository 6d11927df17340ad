"""Cell text to typed register values. Each parser raises ``ValueError`` with the reason."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from ipaddress import AddressValueError, IPv4Address

from ..codes import contact_phone, division, gb28181
from ..codes.exceptions import ValidationError
from ..codes.tables import read_table
from ..devices import DeviceKind, Transport
from ..standard import MIN_RETENTION_DAYS
from ..urls import redact
from .cells import decimal_text, excel_serial_date, integer_text

COORDINATE_DECIMALS = 6
# China's bounding box, so a swapped longitude/latitude or a missing digit shows up.
LONGITUDE_RANGE = (Decimal("73.5"), Decimal("135.1"))
LATITUDE_RANGE = (Decimal("3.8"), Decimal("53.6"))
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?: 00:00(?::00)?)?")
# A device path, a Windows COM port or a pyserial URL (serial servers: socket://, rfc2217://).
_SERIAL_PORT_ADDRESS = re.compile(r"(/dev/\S+|COM\d+|(?:socket|rfc2217)://\S+)#(\d{1,3})")
MAX_BUS_ADDRESS = 247  # the RS485 frame's address byte: 1-247, as on Modbus


def parse_device_code(text: str) -> str:
    try:
        return gb28181.validate(integer_text(text))
    except ValidationError as err:
        raise ValueError(str(err)) from err


def parse_division(text: str) -> str:
    try:
        return division.validate(integer_text(text))
    except ValidationError as err:
        raise ValueError(str(err)) from err


def parse_police_org(text: str) -> str:
    """8-digit public security organisation code: division (6) + station (2)."""
    code = integer_text(text)
    if not re.fullmatch(r"\d{8}", code):
        raise ValueError(f"{text!r} is not an 8-digit public security organisation code")
    return code


def parse_ipv4(text: str) -> IPv4Address:
    try:
        return IPv4Address(text)
    except AddressValueError as err:
        raise ValueError(f"{text!r} is not an IPv4 address ({err})") from err


def parse_coordinate(text: str, *, latitude: bool, exact_decimals: bool = True) -> Decimal:
    """A longitude/latitude with exactly 6 decimals inside China.

    ``exact_decimals=False`` for cells that went through a float (Excel number cells,
    scientific notation): their trailing zeros are gone, so up to 6 decimals are accepted.
    """
    value, trusted = decimal_text(text)
    what = "latitude" if latitude else "longitude"
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if exact_decimals and trusted:
        if decimals != COORDINATE_DECIMALS:
            raise ValueError(f"{what} {text} must have exactly 6 decimals (e.g. 117.330879)")
    elif decimals > COORDINATE_DECIMALS:
        raise ValueError(f"{what} {text} has more than 6 decimals")
    low, high = LATITUDE_RANGE if latitude else LONGITUDE_RANGE
    if not low <= value <= high:
        raise ValueError(f"{what} {text} is outside China ({low}–{high})")
    return value.quantize(Decimal(1).scaleb(-COORDINATE_DECIMALS))


def parse_install_date(text: str, *, today: date) -> date:
    """ISO date (2019-10-01), not in the future; Excel date cells and serials are accepted."""
    day = excel_serial_date(text)
    if day is None:
        match = _ISO_DATE.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as err:
            raise ValueError(f"{text!r} is not a calendar date") from err
    if day > today:
        raise ValueError(f"{day.isoformat()} is in the future")
    return day


def parse_phone(text: str) -> str:
    try:
        return contact_phone.validate(integer_text(text))
    except ValidationError as err:
        raise ValueError(str(err)) from err


def parse_positive_int(text: str) -> int:
    digits = integer_text(text)
    if not re.fullmatch(r"\d+", digits) or int(digits) <= 0:
        raise ValueError(f"{text!r} is not a positive whole number of days")
    return int(digits)


def parse_retention_days(text: str) -> int:
    """录像保存天数: a whole number of days, at least the standard's one month."""
    days = parse_positive_int(text)
    if days < MIN_RETENTION_DAYS:
        raise ValueError(
            f"{days} days is below the standard's minimum of {MIN_RETENTION_DAYS} days"
            " (recordings are kept for at least one month)"
        )
    return days


def _kind_labels() -> dict[str, DeviceKind]:
    return {
        row["label"]: DeviceKind(code)
        for code, row in read_table("device_kinds.csv", __package__ or "").items()
    }


def parse_device_kind(text: str) -> DeviceKind:
    """A ``DeviceKind`` value (face_camera) or its Chinese label (人脸抓拍机)."""
    value = text.strip().casefold()
    for kind in DeviceKind:
        if kind.value == value:
            return kind
    if kind_by_label := _kind_labels().get(text.strip()):
        return kind_by_label
    allowed = ", ".join(kind.value for kind in DeviceKind)
    raise ValueError(f"{text!r} is not a device kind ({allowed})")


def parse_transport(text: str) -> Transport:
    """A ``Transport`` value; "GA/T 1400" as people write it is gat1400, empty is none."""
    value = text.strip().casefold().replace("/", "").replace(" ", "")
    if not value:
        return Transport.NONE
    try:
        return Transport(value)
    except ValueError:
        allowed = ", ".join(transport.value for transport in Transport)
        raise ValueError(f"{text!r} is not a transport ({allowed})") from None


def check_access_address(transport: Transport, address: str) -> str:
    """The 接入地址 fits the transport: a topic prefix, ``port#bus address`` or a device id."""
    if transport is Transport.NONE:
        return address
    if not address:
        raise ValueError(f"接入地址 is required for transport {transport.value}")
    if transport is Transport.MQTT:
        if any(char in address for char in "+#") or " " in address:
            raise ValueError(f"MQTT topic prefix {address!r} must not contain +, # or spaces")
        if address.startswith("/") or address.endswith("/"):
            raise ValueError(f"MQTT topic prefix {address!r} must not start or end with /")
    elif transport is Transport.RS485:
        match = _SERIAL_PORT_ADDRESS.fullmatch(address)
        if match is None:
            raise ValueError(f"{address!r} is not serial port#bus address (e.g. /dev/ttyUSB0#3)")
        if int(match[2]) > MAX_BUS_ADDRESS:
            raise ValueError(f"bus address {match[2]} is above {MAX_BUS_ADDRESS}")
    elif not re.fullmatch(r"[\x21-\x7e]+", address):
        raise ValueError(f"device id {address!r} must be printable ASCII without spaces")
    return address


# FFmpeg opens many more protocols (file:, concat:, subfile:, pipe:, data: ...); a register
# names a network camera, so only the network video protocols are accepted.
STREAM_SCHEMES = ("rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "srt")
_STREAM_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>[\x21-\x7e]+)")


def parse_stream_url(text: str) -> str:
    """视频流地址: ``rtsp://[user:password@]host[:port]/path`` (or rtsps, rtmp, http(s), srt)."""
    value = text.strip()
    match = _STREAM_URL.fullmatch(value)
    if match is None:
        raise ValueError(
            f"{redact(value)!r} is not a stream URL (e.g. rtsp://192.168.1.64:554/Streaming/101)"
        )
    scheme = match["scheme"].lower()
    if scheme not in STREAM_SCHEMES:
        allowed = ", ".join(f"{name}://" for name in STREAM_SCHEMES)
        raise ValueError(f"{scheme}:// is not a camera stream; use {allowed}")
    authority = match["rest"].split("/", 1)[0]
    host = authority.rsplit("@", 1)[-1]
    if not host or host.startswith(":"):
        raise ValueError(f"{redact(value)!r} names no host")
    return f"{scheme}://{match['rest']}"
