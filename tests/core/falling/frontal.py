"""A frontal facade for synthetic tracks: 20 floors of 3 m, 4 window columns, lowest floor 1."""

from __future__ import annotations

from custom_components.smart_community.core.falling.facade import Facade


def frontal_facade(left: float, top: float, right: float, bottom: float) -> Facade:
    corners = [[left, top], [right, top], [right, bottom], [left, bottom]]
    return Facade.from_mapping(
        {"corners": corners, "floors": 20, "lowest_floor": 1, "columns": 4, "floor_height_m": 3.0}
    )
