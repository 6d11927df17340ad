"""The demo's people: residents behind every unit door of the register, visitors, and the
simulator's people file that walks them through the doors."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from custom_components.smart_community.core.people.plate import validate_plate
from tools.demo.setup_demo import DEMO_VISITORS, Api, add_people, demo_roster, register_units
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


class RecordingApi(Api):
    """setup_demo's client answering every action, keeping what was asked."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9")
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def action(self, name: str, data: dict[str, Any]) -> dict[str, Any] | None:
        self.calls.append((name, data))
        return {"accepted": 1}


def _stored(config: Path, people: list[dict[str, Any]]) -> None:
    folder = config / "smart_community" / "340104001001001"
    folder.mkdir(parents=True)
    (folder / "people.json").write_text(json.dumps({"version": 1, "people": people}), "utf-8")


NOW = datetime(2025, 5, 1, 1, 0, tzinfo=UTC)  # 09:00 in Hefei


def test_first_run_adds_everybody_and_issues_the_passes(tmp_path: Path) -> None:
    api = RecordingApi()
    roster = demo_roster(register_units(REGISTER))
    added, valid = add_people(api, "entry", roster, tmp_path, faces=None, now=NOW)
    assert (added, valid) == (24 + 2, 2)
    passes = [data for name, data in api.calls if name == "issue_visitor_pass"]
    assert [p["person_id"] for p in passes] == ["V-0001", "V-0002"]
    assert passes[0]["valid_from"] == "2025-05-01T08:00:00"  # Hefei time, an hour back
    assert passes[0]["valid_until"] == "2025-05-02T08:00:00" and passes[0]["plate"] == "皖A9F123"
    cars = [data["owner_id"] for name, data in api.calls if name == "add_vehicle"]
    assert len(cars) == 12


def test_second_run_keeps_a_valid_pass_and_renews_an_ending_one(tmp_path: Path) -> None:
    """A pass that overlaps the one the visitor holds is refused by the integration."""
    roster = demo_roster(register_units(REGISTER))
    people = [{"id": r["id"], "name": r["name"]} for r in roster["residents"]]
    people += [{"id": g["id"], "name": g["name"]} for g in roster["guards"]]
    people += [
        {"id": "V-0001", "visit": {"valid_until": "2025-05-01T20:00:00+08:00"}},  # 11 h left
        {"id": "V-0002", "visit": {"valid_until": "2025-05-01T10:00:00+08:00"}},  # 1 h left
    ]
    _stored(tmp_path, people)
    api = RecordingApi()
    added, valid = add_people(api, "entry", roster, tmp_path, faces=tmp_path, now=NOW)
    assert (added, valid) == (0, 2)
    assert [name for name, _ in api.calls] == ["issue_visitor_pass"]  # no photo again either
    (renewed,) = [data for _, data in api.calls]
    assert renewed["person_id"] == "V-0002"
    assert renewed["valid_from"] == "2025-05-01T10:00:01"  # right after the old one ends
