"""Keep manifest, services, translations and icons honest (hassfest cannot run offline)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from custom_components.smart_community.const import DOMAIN

ROOT = Path(__file__).parents[2]
COMPONENT = ROOT / "custom_components" / DOMAIN


def _json(name: str) -> dict:
    return json.loads((COMPONENT / name).read_text(encoding="utf-8"))


def _keys(tree: object, prefix: str = "") -> set[str]:
    if not isinstance(tree, dict):
        return {prefix}
    return {key for name, value in tree.items() for key in _keys(value, f"{prefix}/{name}")}


def test_manifest_pins_match_requirements() -> None:
    manifest = _json("manifest.json")
    assert manifest["domain"] == DOMAIN
    assert manifest["iot_class"] == "local_push"
    assert re.fullmatch(r"\d+\.\d+\.\d+", manifest["version"])
    pins = {
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert set(manifest["requirements"]) == pins
    assert all("==" in requirement for requirement in manifest["requirements"])


def test_hacs_json() -> None:
    hacs = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))
    assert hacs["name"]
    assert hacs["homeassistant"] == "2025.4.0"


def test_english_translation_is_strings_json() -> None:
    assert _json("translations/en.json") == _json("strings.json")


def test_chinese_translation_has_every_key() -> None:
    assert _keys(_json("translations/zh-Hans.json")) == _keys(_json("strings.json"))


def test_placeholders_match_between_languages() -> None:
    def placeholders(tree: object, prefix: str = "") -> dict[str, set[str]]:
        if isinstance(tree, dict):
            out: dict[str, set[str]] = {}
            for name, value in tree.items():
                out.update(placeholders(value, f"{prefix}/{name}"))
            return out
        return {prefix: set(re.findall(r"\{(\w+)\}", str(tree)))}

    assert placeholders(_json("translations/zh-Hans.json")) == placeholders(_json("strings.json"))


def test_every_service_is_described_and_translated() -> None:
    services = yaml.safe_load((COMPONENT / "services.yaml").read_text(encoding="utf-8"))
    strings = _json("strings.json")["services"]
    icons = _json("icons.json")["services"]
    assert set(services) == set(strings) == set(icons)
    for name, service in services.items():
        assert set(service.get("fields", {})) == set(strings[name].get("fields", {})), name


def test_every_translation_key_used_in_code_exists() -> None:
    strings = _json("strings.json")
    source = "\n".join(path.read_text(encoding="utf-8") for path in COMPONENT.glob("*.py"))
    source += "\n".join(path.read_text(encoding="utf-8") for path in COMPONENT.glob("*/*.py"))
    used_exceptions = set(re.findall(r'translation_key="(\w+)"', source))
    known = set(strings["exceptions"]) | set(strings["issues"])
    for section in strings["entity"].values():
        known |= set(section)
    known |= set(strings["selector"])
    assert used_exceptions <= known, used_exceptions - known
