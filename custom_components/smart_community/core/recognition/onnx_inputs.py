"""Drop graph inputs from an ONNX model by editing its protobuf bytes (no ``onnx`` package).

OpenCV Zoo's block-quantised SFace (``face_recognition_sface_2021dec_int8bq.onnx``) still lists
the fp32 weight names of the original model as graph inputs: 29 are no longer used by any node
(the nodes read the ``*_dequantized`` outputs) and 145 are initializers. OpenCV's DNN ignores
them; onnxruntime demands a value for the unused ones and does not constant-fold the others.
Keeping only the image input fixes both. The edit only removes bytes, so its result is
reproducible and pinned by sha256 in ``manifest.py``.

Wire format: ``ModelProto.graph`` is field 7, ``GraphProto.input`` field 11,
``ValueInfoProto.name`` field 1 (all length-delimited).
"""

from __future__ import annotations

from collections.abc import Iterator

_MODEL_GRAPH = 7
_GRAPH_INPUT = 11
_VALUE_INFO_NAME = 1
_LENGTH_DELIMITED = 2


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _fields(data: bytes) -> Iterator[tuple[int, int, bytes, bytes]]:
    """(field number, wire type, whole field bytes, payload) of each top-level field."""
    pos = 0
    while pos < len(data):
        start = pos
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = _varint(data, pos)
            payload = b""
        elif wire == 1:
            pos += 8
            payload = b""
        elif wire == _LENGTH_DELIMITED:
            length, pos = _varint(data, pos)
            payload = data[pos : pos + length]
            pos += length
        elif wire == 5:
            pos += 4
            payload = b""
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        if pos > len(data):
            raise ValueError("truncated protobuf")
        yield number, wire, data[start:pos], payload


def _name(value_info: bytes) -> str:
    for number, wire, _, payload in _fields(value_info):
        if number == _VALUE_INFO_NAME and wire == _LENGTH_DELIMITED:
            return payload.decode("utf-8")
    return ""


def input_names(model: bytes) -> list[str]:
    """The graph's declared inputs, in order."""
    for number, wire, _, graph in _fields(model):
        if number == _MODEL_GRAPH and wire == _LENGTH_DELIMITED:
            return [
                _name(payload)
                for field, kind, _, payload in _fields(graph)
                if field == _GRAPH_INPUT and kind == _LENGTH_DELIMITED
            ]
    raise ValueError("no graph in the ONNX model")


def keep_inputs(model: bytes, keep: set[str]) -> bytes:
    """The model with every graph input not named in ``keep`` removed."""
    out = bytearray()
    found = False
    for number, wire, whole, graph in _fields(model):
        if number != _MODEL_GRAPH or wire != _LENGTH_DELIMITED:
            out += whole
            continue
        found = True
        edited = bytearray()
        kept: set[str] = set()
        for field, kind, field_bytes, payload in _fields(graph):
            if field == _GRAPH_INPUT and kind == _LENGTH_DELIMITED:
                name = _name(payload)
                if name not in keep:
                    continue
                kept.add(name)
            edited += field_bytes
        if kept != keep:
            raise ValueError(f"inputs {sorted(keep - kept)} are not in the model")
        out += _encode_varint((_MODEL_GRAPH << 3) | _LENGTH_DELIMITED)
        out += _encode_varint(len(edited)) + edited
    if not found:
        raise ValueError("no graph in the ONNX model")
    return bytes(out)
