"""The 智慧小区 console in HA's sidebar, registered by the integration itself.

The built panel (``frontend/smart-community-panel.js``, committed) is served from the
integration's own folder through HA's static paths; the module URL carries the first 8 hex
digits of the bundle's SHA-256, so a browser fetches it again exactly when it changed. The
panel is shown to every user (``require_admin=False``): guards see their views, and the
websocket commands refuse the rest whatever the panel shows. It is there while at least one
community is loaded.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components import frontend, panel_custom
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant, callback
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

PANEL_URL_PATH = "smart-community"
WEBCOMPONENT = "smart-community-panel"
STATIC_URL = "/smart_community_static"
BUNDLE = Path(__file__).parent / "frontend" / f"{WEBCOMPONENT}.js"
SIDEBAR_TITLE = "智慧小区"
SIDEBAR_ICON = "mdi:home-city"
DATA_STATIC: HassKey[bool] = HassKey(f"{DOMAIN}_panel_static")


def bundle_version(bundle: Path = BUNDLE) -> str:
    """The first 8 hex digits of the bundle's SHA-256 (the cache buster)."""
    return hashlib.sha256(bundle.read_bytes()).hexdigest()[:8]


async def async_register_panel(hass: HomeAssistant) -> None:
    """Serve the bundle and add the panel to the sidebar (once; again after a removal)."""
    if not hass.data.get(DATA_STATIC):
        await hass.http.async_register_static_paths(
            [StaticPathConfig(STATIC_URL, str(BUNDLE.parent), cache_headers=True)]
        )
        hass.data[DATA_STATIC] = True
    if PANEL_URL_PATH in hass.data.get(frontend.DATA_PANELS, {}):
        return
    version = await hass.async_add_executor_job(bundle_version)
    await panel_custom.async_register_panel(
        hass,
        frontend_url_path=PANEL_URL_PATH,
        webcomponent_name=WEBCOMPONENT,
        sidebar_title=SIDEBAR_TITLE,
        sidebar_icon=SIDEBAR_ICON,
        module_url=f"{STATIC_URL}/{BUNDLE.name}?v={version}",
        require_admin=False,
        config={},
    )


@callback
def async_remove_panel(hass: HomeAssistant) -> None:
    """The last community unloaded: the panel leaves the sidebar."""
    frontend.async_remove_panel(hass, PANEL_URL_PATH, warn_if_unknown=False)
