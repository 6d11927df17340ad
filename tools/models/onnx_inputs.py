"""``core/recognition/onnx_inputs.py`` for the set-up tools (the integration fetches SFace too)."""

from __future__ import annotations

from custom_components.smart_community.core.recognition.onnx_inputs import (
    input_names,
    keep_inputs,
)

__all__ = ["input_names", "keep_inputs"]
