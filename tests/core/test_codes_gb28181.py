"""GB/T 28181-2016 device codes with Hefei's community and checkpoint variants."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.codes import gb28181
from custom_components.smart_community.core.codes.community import parse as parse_community
from custom_components.smart_community.core.codes.exceptions import (
    InvalidFormat,
    InvalidLength,
    InvalidSegment,
)
from custom_components.smart_community.core.codes.gb28181 import (
    CodesExhausted,
    Variant,
    allocate_device_code,
)
from custom_components.smart_community.core.devices import DeviceKind

COMMUNITY_EXAMPLE = "34011102341328001001"  # the standard's community camera example
CHECKPOINT_EXAMPLE = "34011102001190110001"  # the standard's checkpoint example
COMMUNITY = parse_community("340104001001001")


def _segment_error(code: str) -> InvalidSegment:
    with pytest.raises(InvalidSegment) as caught:
        gb28181.validate(code)
    return caught.value


def test_standard_examples_are_valid() -> None:
    assert gb28181.parse(COMMUNITY_EXAMPLE).variant is Variant.COMMUNITY
    assert gb28181.parse(CHECKPOINT_EXAMPLE).variant is Variant.CHECKPOINT


def test_plain_code_is_generic() -> None:
    assert gb28181.parse("34010449011188001001").variant is Variant.GENERIC


def test_segments_of_a_community_camera() -> None:
    code = gb28181.parse(COMMUNITY_EXAMPLE)
    assert (code.center, code.industry, code.type_code, code.network) == (
        "34011102",
        "34",
        "132",
        "8",
    )
    assert (code.community_sequence, code.camera_number) == ("001", 1)
    explained = {segment.name: segment for segment in code.explain()}
    assert explained["district"].meaning == "包河区"
    assert explained["basic_unit"].digits == "02"
    assert explained["industry"].meaning == "公安自建人脸抓拍机"
    assert explained["type"].meaning == "网络摄像机(IPC)"
    assert explained["network"].meaning == "社会资源接入网"
    assert (explained["community_sequence"].first, explained["camera_number"].last) == (15, 20)


def test_segments_of_a_checkpoint_camera() -> None:
    explained = {segment.name: segment for segment in gb28181.parse(CHECKPOINT_EXAMPLE).explain()}
    assert explained["manufacturer"].meaning == "海康"
    assert explained["camera_kind"].meaning == "科信部门建设车辆卡口相机"
    assert explained["camera_number"].digits == "0001"
    assert explained["type"].meaning == "卡口类相机"


def test_length_and_digits() -> None:
    with pytest.raises(InvalidLength):
        gb28181.validate(COMMUNITY_EXAMPLE[:-1])
    with pytest.raises(InvalidFormat):
        gb28181.validate(COMMUNITY_EXAMPLE[:-1] + "X")


def test_compact_and_format() -> None:
    assert gb28181.compact("34011102 34 132 8 001001") == COMMUNITY_EXAMPLE
    assert gb28181.format(COMMUNITY_EXAMPLE) == "34011102 34 132 8 001001"


def test_centre_division_must_be_real() -> None:
    error = _segment_error("34999902341328001001")
    assert error.segment == "center"
    assert "digits 1-6" in str(error)


def test_reserved_industry_is_rejected() -> None:
    error = _segment_error("34011102201328001001")
    assert (error.segment, error.first, error.last) == ("industry", 9, 10)
    assert str(error) == "industry code 20 (digits 9-10) is reserved"


def test_unknown_type_is_rejected() -> None:
    error = _segment_error("34011102019998001001")
    assert str(error) == "type code 999 (digits 11-13) is not a GB/T 28181 type"
    assert error.segment == "type"


def test_every_listed_type_is_accepted() -> None:
    for type_code in ("111", "118", "119", "130", "131", "134", "139", "200", "209", "216"):
        assert gb28181.is_valid(f"3401044901{type_code}8110001"), type_code


def test_reserved_network_flag_is_rejected() -> None:
    error = _segment_error("34011102341329001001")
    assert str(error) == "network flag 9 (digit 14) is reserved"


def test_every_network_flag_0_to_8_is_accepted() -> None:
    for flag in "012345678":
        assert gb28181.is_valid(f"3401110234132{flag}001001"), flag


def test_community_variant_needs_a_camera_type() -> None:
    error = _segment_error("34011102341348001001")
    assert error.segment == "type"
    assert "Hefei community rule" in str(error)


def test_community_variant_sequence_and_number_are_not_000() -> None:
    assert _segment_error("34011102341328000001").segment == "community_sequence"
    assert _segment_error("34011102341328001000").segment == "camera_number"


def test_every_hefei_community_industry_is_the_community_variant() -> None:
    for industry in ("34", "35", "36", "37", "38", "39", "97", "98", "99"):
        code = gb28181.parse(f"34011102{industry}1328001001")
        assert code.variant is Variant.COMMUNITY, industry


def test_checkpoint_reserved_manufacturer_is_rejected() -> None:
    error = _segment_error("34011102001190710001")
    assert (error.segment, error.first) == ("manufacturer", 15)


def test_checkpoint_camera_kind_must_be_1_to_5() -> None:
    assert _segment_error("34011102001190160001").segment == "camera_kind"
    assert _segment_error("34011102001190100001").segment == "camera_kind"
    assert gb28181.is_valid("34011102001190050001")


def test_allocation_takes_the_lowest_free_number() -> None:
    existing = ["34010449971328001001", "34010449011328001003"]
    code = allocate_device_code(COMMUNITY, existing, center="34010449", kind=DeviceKind.CAMERA)
    assert code.code == "34010449011328001002"


def test_allocation_uses_kind_defaults_and_explicit_overrides() -> None:
    face = allocate_device_code(COMMUNITY, [], center="34010449", kind=DeviceKind.FACE_CAMERA)
    assert (face.industry, face.type_code, face.network) == ("97", "132", "8")
    police_face = allocate_device_code(
        "340104001001001", [], center="34010449", industry="34", type_code="132", network="0"
    )
    assert police_face.code == "34010449341320001001"


def test_allocation_ignores_other_communities_and_centres() -> None:
    existing = ["34010449971328002001", "34010450971328001001"]
    code = allocate_device_code(COMMUNITY, existing, center="34010449", kind=DeviceKind.CAMERA)
    assert code.camera_number is None  # industry 01: generic serial
    assert code.serial == "001001"


def test_allocation_never_collides() -> None:
    existing: list[str] = []
    for _ in range(50):
        existing.append(
            allocate_device_code(
                COMMUNITY, existing, center="34010449", kind=DeviceKind.CAMERA
            ).code
        )
    assert len(set(existing)) == 50


def test_allocation_fails_when_999_numbers_are_used() -> None:
    existing = [f"34010449011328001{number:03d}" for number in range(1, 1000)]
    with pytest.raises(CodesExhausted, match="999"):
        allocate_device_code(COMMUNITY, existing, center="34010449", kind=DeviceKind.CAMERA)


def test_allocation_centre_must_belong_to_the_community_division() -> None:
    with pytest.raises(InvalidSegment, match="340104"):
        allocate_device_code(COMMUNITY, [], center="34010249", kind=DeviceKind.CAMERA)


def test_allocation_needs_kind_or_industry_and_type() -> None:
    with pytest.raises(ValueError, match="device kind"):
        allocate_device_code(COMMUNITY, [], center="34010449")


def test_every_device_kind_has_a_valid_default() -> None:
    for kind in DeviceKind:
        code = allocate_device_code(COMMUNITY, [], center="34010449", kind=kind)
        assert gb28181.is_valid(code.code), kind
