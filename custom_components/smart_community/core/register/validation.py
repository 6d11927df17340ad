"""Register rows from spreadsheet cells: every field rule, per row and across the register."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, TypeVar

from ..codes import device_name as naming
from ..codes import gb28181
from ..codes.community import CommunityCode
from ..codes.division import Division, get_division
from ..codes.exceptions import ValidationError
from ..devices import DeviceKind, Transport
from . import parsers
from .cells import cell_text, integer_text
from .columns import COLUMN_BY_KEY, COLUMNS, Need, heading
from .enumerations import enumerated_fields, enumeration
from .row import RegisterProblem, RegisterRow

T = TypeVar("T")
ALL_KEYS = frozenset(COLUMN_BY_KEY)
# Fields that only cameras have: one of them filled marks a row without 设备种类 as a camera.
CAMERA_ONLY = ("camera_type", "camera_function", "resolution", "retention_days")
# Fields typed ``str`` in RegisterRow: an empty optional cell is "" there, not None.
TEXT_KEYS = (
    "code",
    "name",
    "division",
    "install_address",
    "police_org",
    "management_unit",
    "management_phone",
    "maintenance_unit",
    "maintenance_phone",
    "building",
    "unit",
    "gate",
    "lane",
    "address",
    "stream_url",
)
_FUNCTION_KIND = {1: DeviceKind.PLATE_CAMERA, 2: DeviceKind.FACE_CAMERA}  # 车辆/人员卡口


@dataclass(frozen=True, slots=True)
class ValidationContext:
    """What a row is checked against besides its own cells.

    ``community`` (the 15-digit code) lets camera codes be checked for the community sequence;
    ``community_name`` splits device names reliably (else it is inferred from all names);
    ``present`` are the columns the file has, so a missing column is reported once, not per row.
    """

    today: date
    community: CommunityCode | None = None
    community_name: str | None = None
    present: frozenset[str] = field(default=ALL_KEYS)


class _RowReader:
    """Reads one row's cells, collecting a problem per bad field instead of stopping."""

    def __init__(self, number: int, cells: Mapping[str, object], context: ValidationContext):
        self.number = number
        self.cells = cells
        self.context = context
        self.problems: list[RegisterProblem] = []
        self.incomplete = False  # a required column is absent from the whole file

    def problem(self, key: str, reason: str) -> None:
        self.problems.append(RegisterProblem(self.number, heading(key), reason))

    def text(self, key: str) -> str:
        return cell_text(self.cells.get(key))

    def value(self, key: str, parse: Callable[[str], T], *, required: bool) -> T | None:
        text = self.text(key)
        if not text:
            if required and key in self.context.present:
                self.problem(key, "is required")
            elif required:
                self.incomplete = True
            return None
        try:
            return parse(text)
        except ValueError as err:
            self.problem(key, str(err))
            return None


def _kind(reader: _RowReader) -> DeviceKind | None:
    kind = reader.value("device_kind", parsers.parse_device_kind, required=False)
    if kind is not None or reader.text("device_kind"):
        return kind
    # Police-format registers have no 设备种类: they only list cameras.
    if any(reader.text(key) for key in CAMERA_ONLY):
        try:
            function = enumeration("camera_function").parse(reader.text("camera_function"))
        except ValueError:
            return DeviceKind.CAMERA
        return _FUNCTION_KIND.get(function, DeviceKind.CAMERA)
    reader.problem("device_kind", "is required (camera fields are empty, so it is not a camera)")
    return None


def _required(key: str, is_camera: bool) -> bool:
    need = COLUMN_BY_KEY[key].need
    return need is Need.ALWAYS or (need is Need.CAMERA and is_camera)


def _district(reader: _RowReader, code: str | None) -> Division | None:
    if code is None:
        return None
    found = get_division(code)
    if not found.district or found.district == "市辖区":
        reader.problem(
            "division", f"{code} is {found.full_name}, not a district; use the 区县 code"
        )
        return None
    return found


def _check_consistency(reader: _RowReader, values: Mapping[str, Any]) -> None:
    """设备编码, 行政区域 and 所属辖区公安机关 share their first six digits."""
    division, code, org = values["division"], values["code"], values["police_org"]
    if division is None:
        return
    if code is not None and code[:6] != division:
        reader.problem("code", f"digits 1-6 ({code[:6]}) differ from 行政区域 {division}")
    if org and org[:6] != division:
        reader.problem("police_org", f"digits 1-6 ({org[:6]}) differ from 行政区域 {division}")
    community = reader.context.community
    if community is not None and community.division.code != division:
        reader.problem(
            "division", f"{division} is not the community's division {community.division.code}"
        )


def _check_camera_code(reader: _RowReader, code: str) -> None:
    """A camera's serial is community sequence (3) + camera number (3)."""
    device_code = gb28181.parse(code)
    if device_code.variant is gb28181.Variant.CHECKPOINT:
        reader.problem(
            "code",
            "is a non-community checkpoint code; a community camera ends with the community"
            " sequence and its camera number",
        )
        return
    community = reader.context.community
    if community is not None and code[14:17] != community.sequence:
        reader.problem(
            "code",
            f"digits 15-17 ({code[14:17]}) are not the community sequence {community.sequence}",
        )


def _check_names(reader: _RowReader, district: Division, name: str, address: str) -> None:
    community = reader.context.community_name
    try:
        naming.parse_device_name(name, district=district.district, community=community)
    except naming.InvalidDeviceName as err:
        reader.problem("name", f"{err} (rule: 区县名称+小区名称+位置信息+设备类型)")
    if address:
        try:
            naming.parse_install_address(address, district=district.district, community=community)
        except naming.InvalidDeviceName as err:
            reader.problem("install_address", f"{err} (rule: 区名称+小区名称+位置信息)")


def _parsers(context: ValidationContext) -> dict[str, Callable[[str], Any]]:
    def text(value: str) -> str:
        return value

    table: dict[str, Callable[[str], Any]] = {
        "code": parsers.parse_device_code,
        "name": text,
        "division": parsers.parse_division,
        "ipv4": parsers.parse_ipv4,
        "install_address": text,
        "police_org": parsers.parse_police_org,
        "install_date": partial(parsers.parse_install_date, today=context.today),
        "management_unit": text,
        "management_phone": parsers.parse_phone,
        "maintenance_unit": text,
        "maintenance_phone": parsers.parse_phone,
        "retention_days": parsers.parse_retention_days,
        "building": text,
        "unit": text,
        "gate": text,
        "lane": text,
        "address": text,
        "stream_url": parsers.parse_stream_url,
    }
    for key in enumerated_fields():
        table[key] = partial(_parse_enumerated, key)
    return table


def _parse_enumerated(key: str, value: str) -> int:
    return enumeration(key).parse(integer_text(value))


def validate_row(
    number: int, cells: Mapping[str, object], context: ValidationContext
) -> tuple[RegisterRow | None, list[RegisterProblem]]:
    """The typed row, or None with every problem of the row."""
    reader = _RowReader(number, cells, context)
    kind = _kind(reader)
    is_camera = kind.is_camera if kind is not None else False
    values: dict[str, Any] = {}
    for key, parse in _parsers(context).items():
        values[key] = reader.value(key, parse, required=_required(key, is_camera))
    for key in ("longitude", "latitude"):
        # A float cell has lost its trailing zeros, so its decimals cannot be counted.
        parse_coordinate = partial(
            parsers.parse_coordinate,
            latitude=key == "latitude",
            exact_decimals=not isinstance(cells.get(key), float),
        )
        values[key] = reader.value(key, parse_coordinate, required=is_camera)
    transport = reader.value("transport", parsers.parse_transport, required=False)
    transport = transport or Transport.NONE
    try:
        parsers.check_access_address(transport, reader.text("address"))
    except ValueError as err:
        reader.problem("address", str(err))
    if values["stream_url"] and kind is not None and not kind.is_camera:
        reader.problem("stream_url", f"only cameras have a video stream, not a {kind.value}")
    _check_consistency(reader, values)
    if values["code"] is not None and is_camera:
        _check_camera_code(reader, values["code"])
    district = _district(reader, values["division"])
    if district is not None and values["name"]:
        _check_names(reader, district, values["name"], values["install_address"] or "")
    if reader.problems or reader.incomplete or kind is None:
        return None, reader.problems
    texts = {key: values[key] or "" for key in TEXT_KEYS}
    row = RegisterRow(
        **{**values, **texts},
        row=number,
        device_kind=kind,
        transport=transport,
    )
    return row, reader.problems


def missing_columns(present: frozenset[str], any_camera: bool) -> list[RegisterProblem]:
    """Header problems: required columns the file does not have at all."""
    problems = []
    for column in COLUMNS:
        if column.key in present or column.key == "device_kind":
            continue
        if column.need is Need.ALWAYS or (column.need is Need.CAMERA and any_camera):
            problems.append(RegisterProblem(1, column.heading, "column is missing"))
    return problems


def duplicate_problems(rows: Iterable[tuple[int, Mapping[str, object]]]) -> list[RegisterProblem]:
    """Codes and names must be unique: later rows are reported with the row they repeat."""
    problems = []
    seen: dict[str, dict[str, int]] = {"code": {}, "name": {}}
    for number, cells in rows:
        for key, first_rows in seen.items():
            value = cell_text(cells.get(key))
            if key == "code":
                try:
                    value = gb28181.compact(integer_text(value))
                except ValueError:
                    continue
            if not value:
                continue
            if value in first_rows:
                problems.append(
                    RegisterProblem(
                        number, heading(key), f"{value} repeats row {first_rows[value]}"
                    )
                )
            else:
                first_rows[value] = number
    return problems


def infer_community_name(rows: Iterable[Mapping[str, object]]) -> str | None:
    """The 小区名称 all device names share (see ``device_name.infer_community_name``)."""
    names_by_district: dict[str, list[str]] = {}
    for cells in rows:
        try:
            district = get_division(integer_text(cell_text(cells.get("division")))).district
        except (ValidationError, ValueError):
            continue
        names_by_district.setdefault(district, []).append(cell_text(cells.get("name")))
    if not names_by_district:
        return None
    district, names = max(names_by_district.items(), key=lambda item: len(item[1]))
    return naming.infer_community_name(names, district)
