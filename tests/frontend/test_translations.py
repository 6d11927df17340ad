"""The panel's two languages: same keys, same placeholders, every key the sources use exists,
and the backend's error keys are translated with the placeholders the backend sends."""

from __future__ import annotations

import json
import re

from .conftest import FRONTEND, ROOT

I18N = FRONTEND / "src" / "i18n"
PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")


def _table(language: str) -> dict[str, str]:
    return json.loads((I18N / f"{language}.json").read_text(encoding="utf-8"))


def test_both_languages_have_the_same_keys() -> None:
    en, zh = _table("en"), _table("zh-Hans")
    assert sorted(set(en) - set(zh)) == []
    assert sorted(set(zh) - set(en)) == []


def test_every_string_is_translated_with_the_same_placeholders() -> None:
    en, zh = _table("en"), _table("zh-Hans")
    for key, text in en.items():
        assert text.strip() and zh[key].strip(), key
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(zh[key])), key


def test_every_key_the_sources_use_exists() -> None:
    en = _table("en")
    used = set()
    for source in (FRONTEND / "src").rglob("*.ts"):
        used |= set(
            re.findall(r"\bt\(\s*\"([a-z_]+\.[a-z_0-9.]+)\"", source.read_text(encoding="utf-8"))
        )
    assert len(used) > 200  # the pattern finds them (255 when written)
    assert sorted(used - set(en)) == []


def test_backend_errors_are_translated_with_the_backends_placeholders() -> None:
    """The panel fills error texts with the placeholders the integration's errors carry."""
    en = _table("en")
    strings = json.loads(
        (ROOT / "custom_components" / "smart_community" / "strings.json").read_text(
            encoding="utf-8"
        )
    )
    types = (FRONTEND / "src" / "api" / "types.ts").read_text(encoding="utf-8")
    block = types.split("export const ERROR_KEYS = [", 1)[1].split("] as const", 1)[0]
    keys = re.findall(r'^\s*"([a-z_]+)",', block, re.MULTILINE)
    assert len(keys) > 40
    for key in keys:
        assert f"error.{key}" in en, key
        backend = strings["exceptions"].get(key)
        if backend is not None:
            sent = set(PLACEHOLDER.findall(backend["message"]))
            assert set(PLACEHOLDER.findall(en[f"error.{key}"])) <= sent, key
