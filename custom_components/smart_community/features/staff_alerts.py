"""Staff alerts: notifications to the guards' phones and the answers from them.

One list of notify services per community (the options' ``notify_targets``, e.g.
``notify.mobile_app_guard_phone``) receives mobile-app style notifications: the camera's last
picture as ``data.image`` (``/api/camera_proxy/<camera>``, which HA serves only with auth: the
companion app adds it) or an evidence picture and clip of the records (``image`` / ``clip``: a
falling-object throw's keyframe and MP4, signed for :data:`EVIDENCE_SIGNED_FOR` so that any
phone may open them, the clip also when the notification is tapped), action buttons and a
tag. The buttons come back as ``mobile_app_notification_action`` events:

- ``SC_OPEN_<device code>``: open the gate through its lock / cover entity (turnstile: one
  passage, door terminal: unlock, barrier: raise the arm);
- ``SC_REFUSE_<device code>``: fire ``smart_community_visitor_refused`` and tell the visitor on
  the plate kit's display;
- ``SC_ACK_<id>``: fire ``smart_community_acknowledged`` (the smoke and elderly blueprints wait
  for it).

Only a person may open a gate: answers whose context carries no active HA user are ignored.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

import voluptuous as vol
from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.components import persistent_notification
from homeassistant.components.http.auth import async_sign_path
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Context, Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, Unauthorized
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import async_get_translations

from ..const import CONF_NOTIFY_TARGETS, DOMAIN
from ..core.devices import DeviceKind
from ..core.site import RegisteredDevice
from ..hub import CommunityHub
from ..permissions import Permission, user_may
from .records import is_media_path

_LOGGER = logging.getLogger(__name__)

SERVICE_NOTIFY_STAFF: Final = "notify_staff"
EVENT_MOBILE_ACTION: Final = "mobile_app_notification_action"
EVENT_VISITOR_REFUSED: Final = f"{DOMAIN}_visitor_refused"
EVENT_ACKNOWLEDGED: Final = f"{DOMAIN}_acknowledged"

ACTION_OPEN: Final = "open"
ACTION_REFUSE: Final = "refuse"
ACTION_ACKNOWLEDGE: Final = "acknowledge"
PREFIXES: Final = {
    ACTION_OPEN: "SC_OPEN_",
    ACTION_REFUSE: "SC_REFUSE_",
    ACTION_ACKNOWLEDGE: "SC_ACK_",
}
# What the visitor reads on the lane's LED display when the host or guard refused.
REFUSED_DISPLAY_TEXT: Final = "未获准入 请联系物业"
_DEFAULT_BUTTON_TITLES: Final = {
    ACTION_OPEN: "Open",
    ACTION_REFUSE: "Refuse",
    ACTION_ACKNOWLEDGE: "Acknowledge",
}
ID_PATTERN: Final = r"[A-Za-z0-9_.\-]{1,100}"
EVIDENCE_SIGNED_FOR: Final = timedelta(days=1)  # a guard may open the notification hours later


@dataclass(frozen=True, slots=True)
class StaffNotification:
    """One notification as every target receives it."""

    message: str
    title: str | None
    data: dict[str, Any]

    def service_data(self) -> dict[str, Any]:
        """Data of a ``notify.<target>`` call."""
        out: dict[str, Any] = {"message": self.message, "data": self.data}
        if self.title:
            out["title"] = self.title
        return out


def _signed(hass: HomeAssistant, path: str) -> str:
    """An evidence file's path signed for HA's content user (the media view accepts it)."""
    if not is_media_path(path):  # the action's schema checked it already
        raise ValueError(f"{path!r} is not an evidence file")
    return async_sign_path(hass, path, EVIDENCE_SIGNED_FOR, use_content_user=True)


def notify_service(target: str) -> str:
    """``notify.mobile_app_x`` or ``mobile_app_x`` -> ``mobile_app_x``."""
    target = target.strip()
    return target.removeprefix("notify.")


def action_id(action: str, key: str) -> str:
    """The id a phone sends back for a button (``SC_OPEN_<code>`` ...)."""
    return f"{PREFIXES[action]}{key}"


async def _button_titles(hass: HomeAssistant) -> dict[str, str]:
    """Button titles in HA's language (the selector translations of ``notification_action``)."""
    translations = await async_get_translations(
        hass, hass.config.language, "selector", integrations=[DOMAIN]
    )
    prefix = f"component.{DOMAIN}.selector.notification_action.options."
    return {
        action: translations.get(prefix + action, default)
        for action, default in _DEFAULT_BUTTON_TITLES.items()
    }


async def async_build_notification(hass: HomeAssistant, data: dict[str, Any]) -> StaffNotification:
    """The mobile-app payload of a validated ``notify_staff`` call."""
    titles = await _button_titles(hass)
    payload: dict[str, Any] = {}
    if image := data.get("image"):
        payload["image"] = _signed(hass, image)
    elif camera := data.get("camera"):
        payload["image"] = f"/api/camera_proxy/{camera}"
    if clip := data.get("clip"):
        payload["video"] = _signed(hass, clip)
    if actions := data.get("actions"):
        payload["actions"] = [
            {
                "action": action_id(item["action"], item.get("device") or item["id"]),
                "title": item.get("title") or titles[item["action"]],
            }
            for item in actions
        ]
    if tag := data.get("tag"):
        payload["tag"] = tag
    if url := data.get("url") or payload.get("video"):
        payload["url"] = url  # iOS
        payload["clickAction"] = url  # Android
    if data.get("critical"):
        payload["push"] = {"interruption-level": "critical"}
        payload["priority"] = "high"
        payload["ttl"] = 0
        payload["channel"] = "alarm_stream"
    return StaffNotification(message=data["message"], title=data.get("title"), data=payload)


async def async_notify_staff(
    hass: HomeAssistant,
    options: Mapping[str, Any],
    data: dict[str, Any],
    context: Context,
) -> dict[str, Any]:
    """Send a notification to the community's staff phones (and the call's extra targets)."""
    notification = await async_build_notification(hass, data)
    targets = list(
        dict.fromkeys(
            notify_service(target)
            for target in [*options.get(CONF_NOTIFY_TARGETS, []), *data.get("targets", [])]
            if notify_service(target)
        )
    )
    if not targets:
        # Nobody has a phone configured yet: the staff still see it in HA's sidebar.
        persistent_notification.async_create(
            hass,
            notification.message,
            title=notification.title,
            notification_id=notification.data.get("tag"),
        )
        return {"sent": [], "failed": [], "persistent_notification": True}

    async def send(target: str) -> str | None:
        try:
            await hass.services.async_call(
                "notify", target, notification.service_data(), blocking=True, context=context
            )
        except (HomeAssistantError, vol.Invalid) as err:
            _LOGGER.warning("Notification to notify.%s failed: %s", target, err)
            return f"notify.{target}: {err}"
        return None

    results = await asyncio.gather(*(send(target) for target in targets))
    failed: list[Any] = [reason for reason in results if reason]
    sent: list[Any] = [
        f"notify.{target}" for target, reason in zip(targets, results, strict=True) if not reason
    ]
    if not sent:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="notification_failed",
            translation_placeholders={"reasons": "; ".join(failed)},
        )
    return {"sent": sent, "failed": failed, "persistent_notification": False}


# --- answers from the phones -------------------------------------------------------


type DeviceLookup = Callable[[str], tuple[CommunityHub, RegisteredDevice] | None]


async def async_open_gate(
    hass: HomeAssistant, hub: CommunityHub, device: RegisteredDevice, context: Context
) -> None:
    """Open through the entity (logbook names the user), or the device when it has none."""
    registry = er.async_get(hass)
    if device.kind is DeviceKind.BARRIER:
        entity_id = registry.async_get_entity_id("cover", DOMAIN, f"{device.code}_barrier")
        domain, service, command = "cover", "open_cover", "open"
    else:
        entity_id = registry.async_get_entity_id("lock", DOMAIN, f"{device.code}_lock")
        domain, service = "lock", "open"
        command = "open" if device.kind is DeviceKind.TURNSTILE else "unlock"
    if entity_id is not None and hass.states.get(entity_id) is not None:
        # Through the entity: HA checks the user's permission on it and the logbook names them.
        await hass.services.async_call(
            domain, service, {ATTR_ENTITY_ID: entity_id}, blocking=True, context=context
        )
        return
    user = await hass.auth.async_get_user(context.user_id) if context.user_id else None
    if user is None or not user.is_admin:
        # Without an entity nothing checks the user's rights on the device: managers only.
        raise Unauthorized(context=context, permission=POLICY_CONTROL)
    await hub.async_command(device.code, command)


async def _async_show_refused(
    hass: HomeAssistant, hub: CommunityHub, device: RegisteredDevice, context: Context
) -> None:
    display = hub.site.display_of(device)
    if display is None:
        return
    entity_id = er.async_get(hass).async_get_entity_id("notify", DOMAIN, f"{display.code}_display")
    if entity_id is not None and hass.states.get(entity_id) is not None:
        await hass.services.async_call(
            "notify",
            "send_message",
            {ATTR_ENTITY_ID: entity_id, "message": REFUSED_DISPLAY_TEXT},
            blocking=True,
            context=context,
        )
    else:
        await hub.async_command(display.code, "display", text=REFUSED_DISPLAY_TEXT)


_ANSWER = re.compile(r"^SC_(OPEN|REFUSE|ACK)_(" + ID_PATTERN + r")$")


async def async_answer(hass: HomeAssistant, event: Event, find_device: DeviceLookup) -> None:
    """Act on a button pressed in a staff notification."""
    match = _ANSWER.match(str(event.data.get("action", "")))
    if match is None:
        return  # another integration's button
    verb, key = match.groups()
    user_id = event.context.user_id
    user = await hass.auth.async_get_user(user_id) if user_id else None
    needed = Permission.ALARMS_ACKNOWLEDGE if verb == "ACK" else Permission.GATES_OPEN
    if user is None or not user_may(hass, user, needed, None):
        # Only a guard or a manager answers: not a read-only user, not a forged event.
        _LOGGER.warning("Ignored notification answer %s: not from a guard or manager", match[0])
        return
    context = Context(user_id=user.id, parent_id=event.context.id)
    if verb == "ACK":
        hass.bus.async_fire(
            EVENT_ACKNOWLEDGED,
            {"id": key, "user_id": user.id, "user_name": user.name},
            context=context,
        )
        return
    found = find_device(key)
    if found is None:
        _LOGGER.warning("Ignored notification answer %s: no community has device %s", match[0], key)
        return
    hub, device = found
    if verb == "REFUSE":
        hass.bus.async_fire(
            EVENT_VISITOR_REFUSED,
            {
                "device_code": device.code,
                "device_name": device.name,
                "community_code": hub.community_code,
                "config_entry_id": hub.entry_id,
                "user_id": user.id,
                "user_name": user.name,
            },
            context=context,
        )
        try:
            await _async_show_refused(hass, hub, device, context)
        except HomeAssistantError as err:
            _LOGGER.warning("Could not show the refusal on %s: %s", device.name, err)
        return
    gate = hub.site.opener_of(device)
    if gate is None:
        _LOGGER.warning("Ignored %s: %s opens nothing", match[0], device.name)
        return
    try:
        await async_open_gate(hass, hub, gate, context)
    except HomeAssistantError as err:
        _LOGGER.error("%s asked to open %s, which failed: %s", user.name, gate.name, err)
    else:
        _LOGGER.info("%s opened %s from a notification", user.name, gate.name)
