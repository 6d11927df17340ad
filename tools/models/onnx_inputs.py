"""``core/recognition/onnx_inputs.py`` for the set-up tools (the integration fetches SFace too)."""

from __future__ import annotations

from tools.models.core_modules import recognition_module

_module = recognition_module("onnx_inputs")
input_names = _module.input_names
keep_inputs = _module.keep_inputs
