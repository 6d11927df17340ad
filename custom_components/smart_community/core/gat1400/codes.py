"""GA/T 1400 code tables used by the decoder."""

from __future__ import annotations

from enum import IntEnum

from ..events import ImageType


class StatusCode(IntEnum):
    """ResponseStatusObject.StatusCode (GA/T 1400.4)."""

    OK = 0
    OTHER_ERROR = 1
    DEVICE_BUSY = 2
    DEVICE_ERROR = 3
    INVALID_OPERATION = 4
    INVALID_XML_FORMAT = 5
    INVALID_XML_CONTENT = 6
    INVALID_JSON_FORMAT = 7
    INVALID_JSON_CONTENT = 8
    REBOOT = 9


# SubImageInfoObject.Type (ImageType code table of GA/T 1400.3).
SUB_IMAGE_TYPES: dict[str, ImageType] = {
    "01": ImageType.VEHICLE,  # 车辆大图
    "02": ImageType.PLATE,  # 车牌彩色小图
    "03": ImageType.PLATE,  # 车牌二值化图
    "04": ImageType.FACE,  # 驾驶员面部特征图
    "05": ImageType.FACE,  # 副驾驶面部特征图
    "06": ImageType.OTHER,  # 车标
    "07": ImageType.SCENE,  # 违章合成图
    "08": ImageType.SCENE,  # 过车合成图
    "09": ImageType.VEHICLE,  # 车辆特写图
    "10": ImageType.OTHER,  # 人员图
    "11": ImageType.FACE,  # 人脸图
    "12": ImageType.OTHER,  # 非机动车图
    "13": ImageType.OTHER,  # 物品图
    "14": ImageType.SCENE,  # 场景图
    "100": ImageType.OTHER,  # 一般图片
}


def sub_image_type(code: object) -> ImageType:
    """Image type of a SubImageInfoObject ``Type`` (``"11"``, ``11`` or ``"011"``)."""
    text = str(code).strip() if code is not None else ""
    if text.isascii() and text.isdigit():  # "²".isdigit() is true, int("²") raises
        text = f"{int(text):02d}"
    return SUB_IMAGE_TYPES.get(text, ImageType.OTHER)
