"""Device kinds of the standard's device menu, shared by the register, protocols and HA."""

from __future__ import annotations

from enum import StrEnum


class DeviceKind(StrEnum):
    """What a register row is. The value is the register's ``device_kind`` column."""

    FACE_CAMERA = "face_camera"  # 人脸抓拍机 (entrance or unit hallway)
    CAMERA = "camera"  # 高清枪机 / 球机
    NVR = "nvr"  # 硬盘录像机
    TURNSTILE = "turnstile"  # 人行通道平开门
    BARRIER = "barrier"  # 挡车器 + 百叶栏杆
    PLATE_CAMERA = "plate_camera"  # 车牌识别和显示套件
    VEHICLE_DETECTOR = "vehicle_detector"  # 数字式车辆检测器
    ACCESS_TERMINAL = "access_terminal"  # 智能门禁终端 (entrance or unit door)
    GATEWAY = "gateway"  # 数据接入网关
    COLLECTION_TERMINAL = "collection_terminal"  # 基础信息采集终端 (+ ID reader, USB camera)
    SMOKE_DETECTOR = "smoke_detector"  # 烟感
    MANHOLE_SENSOR = "manhole_sensor"  # 窨井盖
    PERIMETER_SENSOR = "perimeter_sensor"  # 周界防护
    FALLING_OBJECT_CAMERA = "falling_object_camera"  # 高空抛物
    PATROL_CHECKPOINT = "patrol_checkpoint"  # 电子巡更
    WATER_METER = "water_meter"
    ELECTRICITY_METER = "electricity_meter"
    GAS_METER = "gas_meter"

    @property
    def is_camera(self) -> bool:
        """Rows that carry every 一机一档 camera field and go into the police export."""
        return self in CAMERA_KINDS


CAMERA_KINDS: frozenset[DeviceKind] = frozenset(
    {
        DeviceKind.FACE_CAMERA,
        DeviceKind.CAMERA,
        DeviceKind.PLATE_CAMERA,
        DeviceKind.FALLING_OBJECT_CAMERA,
    }
)


class Transport(StrEnum):
    """How HA talks to a device; the register's ``transport`` column."""

    MQTT = "mqtt"
    GAT1400 = "gat1400"  # GA/T 1400 view-library push
    ISAPI = "isapi"  # Hikvision ISAPI: alarm-server push, or the alertStream HA opens
    DAHUA = "dahua"  # Dahua HTTP API: the eventManager attach stream HA opens (门禁授权)
    RS485 = "rs485"  # serial frames (turnstiles, barriers)
    NONE = "none"  # registered only (e.g. an NVR recorded for the police register)


# The standard's names of each kind (device model line in HA, report headings).
KIND_LABELS_ZH: dict[DeviceKind, str] = {
    DeviceKind.FACE_CAMERA: "人脸抓拍机",
    DeviceKind.CAMERA: "高清摄像机",
    DeviceKind.NVR: "硬盘录像机(NVR)",
    DeviceKind.TURNSTILE: "人行通道平开门",
    DeviceKind.BARRIER: "挡车器+百叶栏杆",
    DeviceKind.PLATE_CAMERA: "车牌识别和显示套件",
    DeviceKind.VEHICLE_DETECTOR: "数字式车辆检测器",
    DeviceKind.ACCESS_TERMINAL: "智能门禁终端",
    DeviceKind.GATEWAY: "数据接入网关",
    DeviceKind.COLLECTION_TERMINAL: "基础信息采集终端",
    DeviceKind.SMOKE_DETECTOR: "烟感探测器",
    DeviceKind.MANHOLE_SENSOR: "窨井盖监测",
    DeviceKind.PERIMETER_SENSOR: "周界防护",
    DeviceKind.FALLING_OBJECT_CAMERA: "高空抛物摄像机",
    DeviceKind.PATROL_CHECKPOINT: "电子巡更点",
    DeviceKind.WATER_METER: "水表",
    DeviceKind.ELECTRICITY_METER: "电表",
    DeviceKind.GAS_METER: "燃气表",
}
