"""The register's columns: key, the standard's Chinese heading, accepted aliases, who needs it.

The first 25 columns are the 一机一档 table in the standard's order (the police export); the
rest are what the integration needs to reach every device of the community.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class Need(StrEnum):
    """When a column must be filled."""

    ALWAYS = "always"
    CAMERA = "camera"  # every 一机一档 field is required for camera rows
    OPTIONAL = "optional"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    heading: str
    need: Need
    aliases: tuple[str, ...] = ()
    police: bool = False  # part of the standard's table and the police export


def _police(key: str, heading: str, *aliases: str, need: Need = Need.CAMERA) -> Column:
    return Column(key, heading, need, aliases, police=True)


COLUMNS: tuple[Column, ...] = (
    _police("code", "设备编码", "国标编码", "device_code", need=Need.ALWAYS),
    _police("name", "设备名称", "device_name", need=Need.ALWAYS),
    _police("manufacturer", "设备厂商", "厂商"),
    _police("division", "行政区域", "行政区划", "civil_code", need=Need.ALWAYS),
    _police("point_type", "监控点位类型", "点位类型"),
    _police("ipv4", "IPV4地址", "IP地址", "ip", "ip_address"),
    _police("camera_type", "摄像机类型"),
    _police("camera_function", "摄像机功能类型"),
    _police("power_supply", "取电方式"),
    _police("resolution", "摄像机分辨率", "分辨率"),
    _police("install_address", "安装地址"),
    _police("longitude", "经度", "lon", "lng"),
    _police("latitude", "纬度", "lat"),
    _police("position_type", "摄像机位置类型", "位置类型"),
    _police("direction", "监视方位"),
    _police("indoor_outdoor", "安装位置"),
    _police("networked", "联网属性"),
    _police("police_org", "所属辖区公安机关", "police_station"),
    _police("install_date", "安装时间", "installed"),
    _police("management_unit", "管理单位"),
    _police("management_phone", "管理单位联系方式"),
    _police("maintenance_unit", "维护单位"),
    _police("maintenance_phone", "维护单位联系方式"),
    _police("retention_days", "录像保存天数", "录像或图片保存天数", "retention"),
    _police("status", "设备状态"),
    Column("device_kind", "设备种类", Need.ALWAYS, ("kind",)),
    Column("building", "楼栋", Need.OPTIONAL),
    Column("unit", "单元", Need.OPTIONAL),
    Column("gate", "出入口", Need.OPTIONAL),
    Column("lane", "车道", Need.OPTIONAL),
    Column("transport", "接入方式", Need.OPTIONAL),
    Column("address", "接入地址", Need.OPTIONAL, ("access_address", "topic")),
    # A camera's video for the integration's own analysis (falling objects): RTSP as a rule.
    Column("stream_url", "视频流地址", Need.OPTIONAL, ("码流地址", "stream", "stream_address")),
)

POLICE_COLUMNS: tuple[Column, ...] = tuple(column for column in COLUMNS if column.police)
COLUMN_BY_KEY: Mapping[str, Column] = {column.key: column for column in COLUMNS}

_NOISE = re.compile(r"[\s*＊()（）]")  # spaces and "required" stars people add to headings


def normalise_heading(text: str) -> str:
    """Headings compare without width, case, spaces or asterisks."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).casefold()


@cache
def _lookup() -> Mapping[str, str]:
    names: dict[str, str] = {}
    for column in COLUMNS:
        for name in (column.heading, column.key, *column.aliases):
            names[normalise_heading(name)] = column.key
    return names


def column_for_heading(heading: str) -> Column | None:
    """The column a file heading stands for, None when it is not a register column."""
    key = _lookup().get(normalise_heading(heading))
    return None if key is None else COLUMN_BY_KEY[key]


def heading(key: str) -> str:
    return COLUMN_BY_KEY[key].heading
