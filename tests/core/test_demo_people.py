"""The demo's people: residents behind every unit door of the register, visitors, and the
simulator's people file that walks them through the doors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from custom_components.smart_community.core.people.plate import validate_plate
from tools.demo.setup_demo import DEMO_VISITORS, demo_roster, register_units
from tools.simulator.scenarios import Roster

REGISTER = Path(__file__).parents[2] / "tools" / "demo" / "register.csv"


def test_every_unit_door_of_the_demo_register_has_residents() -> None:
    units = register_units(REGISTER)
    assert ("1栋", "1单元") in units and ("4栋", "2单元") in units
    assert len(units) == len(set(units)) == 8
    roster = demo_roster(units)
    homes = Counter((r["building"], r["unit"]) for r in roster["residents"])
    assert set(homes) == set(units) and set(homes.values()) == {3}
    ids = [r["id"] for r in roster["residents"]] + [v["id"] for v in roster["visitors"]]
    assert len(ids) == len(set(ids))
    plates = [p["plate"] for p in roster["residents"] + roster["visitors"] if p.get("plate")]
    assert len(plates) == len(set(plates)) and all(validate_plate(p) == p for p in plates)
    assert [v["id"] for v in roster["visitors"]] == [v["id"] for v in DEMO_VISITORS]
    # what the simulator reads back: the visitor who walks has a face folder, guards patrol
    parsed = Roster.from_json(roster)
    assert len(parsed.residents) == 24 and parsed.homes["P-0001"] == units[0]
    assert parsed.faces == {"biden": ("V-0002", "黄丽")}
    assert [guard[0] for guard in parsed.guards] == ["G-01", "G-02"]


def test_a_register_without_unit_doors_has_no_units(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "设备编码,设备名称,设备种类,楼栋,单元\n"
        "34010449011348001004,东门人行通道门禁终端,access_terminal,,\n"
        "34010449971328001022,1栋1单元人脸抓拍机,face_camera,1栋,1单元\n",
        encoding="utf-8",
    )
    assert register_units(path) == []
