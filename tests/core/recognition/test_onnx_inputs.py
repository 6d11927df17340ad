"""tools/models/onnx_inputs.py: dropping graph inputs by editing protobuf bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tools.models import manifest
from tools.models.onnx_inputs import input_names, keep_inputs


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint((number << 3) | 2) + _varint(len(payload)) + payload


def _model(inputs: list[str], *, long_name: bool = False) -> bytes:
    graph = _field(1, b"node-bytes")  # GraphProto.node, kept as is
    for name in inputs:
        graph += _field(11, _field(1, name.encode()) + _field(2, b"type"))
    graph += _field(12, _field(1, b"out"))  # GraphProto.output
    if long_name:
        graph += _field(2, b"g" * 300)  # a name longer than one varint byte
    return _varint(1 << 3) + _varint(8) + _field(7, graph) + _field(8, b"\x08\x15")


def test_keeps_only_the_named_inputs_and_everything_else() -> None:
    model = _model(["data", "w1", "w2"], long_name=True)
    assert input_names(model) == ["data", "w1", "w2"]
    edited = keep_inputs(model, {"data"})
    assert input_names(edited) == ["data"]
    assert edited == _model(["data"], long_name=True)  # nothing else moved


def test_refuses_a_missing_input_or_a_model_without_graph() -> None:
    with pytest.raises(ValueError, match="not in the model"):
        keep_inputs(_model(["w1"]), {"data"})
    with pytest.raises(ValueError, match="no graph"):
        keep_inputs(_varint(1 << 3) + _varint(8), {"data"})


@pytest.mark.models
def test_prepared_sface_has_only_its_image_input(models_dir: Path) -> None:
    from custom_components.smart_community.core.recognition import model_files as mf

    data = (models_dir / mf.FACE_EMBEDDER_SFACE).read_bytes()
    assert hashlib.sha256(data).hexdigest() == manifest.SFACE_SHA256
    assert input_names(data) == [manifest.SFACE_INPUT]
