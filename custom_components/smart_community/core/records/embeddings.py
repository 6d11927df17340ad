"""Face feature vectors are biometric data the community must not keep in its records.

A device that puts one into an event's attributes does not get it stored (nor exported).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

EMBEDDING_KEYS = frozenset({"embedding", "feature", "face_feature", "feature_vector"})


def without_embeddings(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes minus any face feature vector."""
    return {key: value for key, value in attributes.items() if key not in EMBEDDING_KEYS}
