"""Files a user names in an action: read from and written to the config folder, safely.

Actions name files relative to HA's config folder. Sources (a register to import, photos
to enrol) must be inside it and outside the integration's own data (the records' pictures
are evidence, not enrolment photos). Export targets must be inside it, outside the
integration's data (``register.csv`` and the records are never overwritten) and outside
``www/``, which HA serves to anyone without a login.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError

from ..const import DOMAIN

PUBLIC_FOLDER = "www"  # served by HA at /local without authentication


def _refuse(key: str, relative: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders={"path": relative}
    )


def config_file(hass: HomeAssistant, relative: str) -> Path:
    """A path the user named, refused unless it is inside the config folder."""
    config_dir = Path(hass.config.config_dir).resolve()
    path = (config_dir / relative).resolve()
    if not path.is_relative_to(config_dir) or path == config_dir:
        raise _refuse("file_outside_config", relative)
    return path


def integration_data(hass: HomeAssistant) -> Path:
    """``<config>/smart_community``: registers, records, pictures, galleries, models."""
    return Path(hass.config.path(DOMAIN)).resolve()


def source_file(hass: HomeAssistant, relative: str) -> Path:
    """A file to read (a register to import, a photo to enrol)."""
    path = config_file(hass, relative)
    if path.is_relative_to(integration_data(hass)):
        raise _refuse("file_in_integration_data", relative)
    return path


def export_target(hass: HomeAssistant, relative: str, suffixes: Iterable[str]) -> Path:
    """A file to write: a known format, never the integration's data or the public folder."""
    path = config_file(hass, relative)
    if path.suffix.casefold() not in {suffix.casefold() for suffix in suffixes}:
        raise _refuse("export_format", relative)
    if path.is_relative_to(integration_data(hass)):
        raise _refuse("file_in_integration_data", relative)
    if path.is_relative_to(Path(hass.config.path(PUBLIC_FOLDER)).resolve()):
        raise _refuse("file_in_public_folder", relative)
    return path
