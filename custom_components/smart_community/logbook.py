"""The logbook in words: "张三 (业主) 东门入口 人脸识别 放行" instead of "event detected".

Every ``smart_community_event`` is described from what the event itself carries — the device
name, the person's name and role (masked where the event data masks them), the method, the
decision and its reason — in Chinese when HA's language is Chinese, else in English. Answers
from the staff (acknowledged, visitor refused) are described too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from homeassistant.components.logbook.const import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_DEVICE_EVENT
from .core.codes.device_name import device_types
from .features.staff_alerts import EVENT_ACKNOWLEDGED, EVENT_VISITOR_REFUSED
from .runtime import loaded_runtimes

_CLUSTER = re.compile(r"anon-(\d+)")

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        # roles
        "owner": "业主",
        "family": "家庭成员",
        "tenant": "租户",
        "visitor": "访客",
        "staff": "物业工作人员",
        "guard": "保安",
        # methods
        "face": "人脸识别",
        "ic_card": "刷卡",
        "nfc": "刷卡",
        "id_card": "身份证",
        "fingerprint": "指纹",
        "voiceprint": "声纹",
        "qr": "二维码",
        "password": "密码",
        "remote": "远程开门",
        "plate": "车牌识别",
        # decisions
        "allow": "放行",
        "deny": "拒绝",
        "alert": "告警",
        # reasons
        "resident": "住户",
        "visitor_pass": "访客通行证",
        "monthly_pass": "月卡",
        "parking_space": "固定车位",
        "temporary_parking": "临时停车",
        "re_entry": "重复入场",
        "exit": "出场",
        "unknown_person": "未登记人员",
        "look_again": "请再看一次镜头",
        "unknown_plate": "未登记车辆",
        "pass_expired": "通行证已过期",
        "pass_not_yet_valid": "通行证未生效",
        "tenant_moved_out": "租户已退租",
        "tenancy_not_started": "租期未开始",
        "wrong_unit": "非本单元住户",
        "gate_not_allowed": "不可通行此出入口",
        "outside_hours": "不在通行时段",
        "monthly_pass_expired": "月卡已过期",
        "fee_unpaid": "停车费未缴",
        "no_entry_record": "无入场记录",
        "black_list": "黑名单",
        "watch_list": "重点关注",
        # events
        "stranger": "陌生人 #{number}",
        "unknown_face": "未识别的人脸",
        "face_capture": "抓拍到人脸",
        "vehicle": "车辆通过",
        "passage": "通行",
        "verified": "验证通过",
        "denied": "验证失败",
        "forced": "强行闯入",
        "tailgating": "尾随通行",
        "opened": "开门",
        "alarm_on": "{alarm}告警",
        "alarm_off": "{alarm}告警解除",
        "check_in": "巡更签到",
        "reading": "读数 {reading}",
        "event": "事件 {event}",
        "smoke": "烟雾",
        "tilt": "井盖位移",
        "intrusion": "周界入侵",
        "falling_object": "高空抛物",
        "tamper": "防拆",
        "acknowledged": "已确认告警 {id}",
        "refused": "拒绝了 {device} 的访客",
        "someone": "有人",
    },
    "en": {
        "owner": "owner",
        "family": "family",
        "tenant": "tenant",
        "visitor": "visitor",
        "staff": "staff",
        "guard": "guard",
        "face": "face recognition",
        "ic_card": "card",
        "nfc": "card",
        "id_card": "ID card",
        "fingerprint": "fingerprint",
        "voiceprint": "voiceprint",
        "qr": "QR code",
        "password": "password",
        "remote": "remote opening",
        "plate": "plate recognition",
        "allow": "allowed",
        "deny": "refused",
        "alert": "alert",
        "resident": "resident",
        "visitor_pass": "visitor pass",
        "monthly_pass": "monthly pass",
        "parking_space": "own space",
        "temporary_parking": "temporary parking",
        "re_entry": "entered again",
        "exit": "exit",
        "unknown_person": "not registered",
        "look_again": "look at the camera again",
        "unknown_plate": "unregistered vehicle",
        "pass_expired": "pass expired",
        "pass_not_yet_valid": "pass not yet valid",
        "tenant_moved_out": "tenant moved out",
        "tenancy_not_started": "tenancy not started",
        "wrong_unit": "not a resident of this unit",
        "gate_not_allowed": "gate not allowed",
        "outside_hours": "outside the allowed hours",
        "monthly_pass_expired": "monthly pass expired",
        "fee_unpaid": "parking fee unpaid",
        "no_entry_record": "no entry record",
        "black_list": "black list",
        "watch_list": "watch list",
        "stranger": "stranger #{number}",
        "unknown_face": "unrecognised face",
        "face_capture": "face captured",
        "vehicle": "vehicle passed",
        "passage": "passage",
        "verified": "verified",
        "denied": "verification failed",
        "forced": "forced entry",
        "tailgating": "tailgating",
        "opened": "opened",
        "alarm_on": "{alarm} alarm",
        "alarm_off": "{alarm} alarm cleared",
        "check_in": "patrol check-in",
        "reading": "reading {reading}",
        "event": "event {event}",
        "smoke": "smoke",
        "tilt": "manhole cover",
        "intrusion": "perimeter intrusion",
        "falling_object": "falling object",
        "tamper": "tamper",
        "acknowledged": "acknowledged alarm {id}",
        "refused": "refused the visitor at {device}",
        "someone": "someone",
    },
}


@cache
def _types() -> tuple[str, ...]:
    return device_types()


def short_place(device_name: str, community_name: str | None) -> str:
    """``蜀山区华府骏苑东门入口人脸抓拍机`` → ``东门入口``: the location inside the community."""
    place = device_name
    if community_name and community_name in place:
        place = place.split(community_name, 1)[1]
    place = place.rstrip("0123456789")  # the register's short form numbers its cameras
    for device_type in _types():
        if place.endswith(device_type) and len(place) > len(device_type):
            place = place[: -len(device_type)]
            break
    return place or device_name


class Describer:
    """Words for one language."""

    def __init__(self, language: str, community_names: Mapping[str, str]) -> None:
        """``community_names`` by community code (to shorten device names)."""
        self.words = WORDS["zh" if language.lower().startswith("zh") else "en"]
        self.community_names = community_names

    def word(self, key: Any, **values: Any) -> str:
        """The word of a key (the key itself when there is none)."""
        text = self.words.get(str(key), str(key))
        return text.format(**values) if values else text

    def subject(self, data: Mapping[str, Any]) -> str | None:
        """Who: a name with the role, a stranger's number, a plate."""
        name = data.get("person_name")
        role = data.get("role")
        if name:
            return f"{name} ({self.word(role)})" if role else str(name)
        cluster = _CLUSTER.fullmatch(str(data.get("cluster_id") or ""))
        if cluster and not data.get("person_id"):
            return self.word("stranger", number=cluster.group(1))
        if data.get("kind") == "vehicle" and data.get("plate"):
            return str(data["plate"])
        if data.get("person_id"):
            return str(data["person_id"])
        guard = data.get("guard_name")
        return str(guard) if guard else None

    def place(self, data: Mapping[str, Any]) -> str:
        """Where: the device's place inside the community."""
        device_name = str(data.get("device_name") or data.get("device_code") or "")
        return short_place(device_name, self.community_names.get(str(data.get("community_code"))))

    def what(self, data: Mapping[str, Any]) -> list[str]:
        """What happened, with the decision and its reason."""
        kind = data.get("kind")
        event_type = str(data.get("event_type") or "")
        parts: list[str] = []
        if kind == "face_match":
            parts.append(self.word(data.get("method") or "face"))
        elif kind == "face_capture":
            parts.append(self.word("face_capture"))
        elif kind == "vehicle":
            parts.append(self.word("plate") if data.get("plate") else self.word("vehicle"))
        elif kind == "access":
            method = data.get("method")
            if method and event_type in ("verified", "denied", "opened", "open", "granted"):
                parts.append(self.word(method))
            else:
                parts.append(self.word(event_type or "passage"))
        elif kind == "alarm":
            alarm = self.word(data.get("alarm") or event_type or "alarm")
            active = data.get("active", True) not in (False, "false", 0)
            parts.append(self.word("alarm_on" if active else "alarm_off", alarm=alarm))
        elif event_type in ("patrol_check_in", "check_in"):
            parts.append(self.word("check_in"))
        elif "reading" in data:
            parts.append(self.word("reading", reading=f"{data['reading']} {data.get('unit', '')}"))
        else:
            parts.append(self.word("event", event=event_type or kind))
        decision = data.get("decision")
        if decision:
            parts.append(self.word(decision))
            reason = data.get("decision_reason")
            if reason and decision != "allow":
                parts.append(f"({self.word(reason)})")
        return parts

    def device_event(self, data: Mapping[str, Any]) -> dict[str, str]:
        """One entry: the subject as its name, place and what happened as its message."""
        subject = self.subject(data)
        place = self.place(data)
        what = " ".join(self.what(data))
        if subject:
            return {LOGBOOK_ENTRY_NAME: subject, LOGBOOK_ENTRY_MESSAGE: f"{place} {what}".strip()}
        return {LOGBOOK_ENTRY_NAME: place, LOGBOOK_ENTRY_MESSAGE: what}


def _describer(hass: HomeAssistant) -> Describer:
    names = {r.hub.community_code: r.hub.community_name for r in loaded_runtimes(hass)}
    return Describer(hass.config.language, names)


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe the integration's events in the logbook."""

    @callback
    def describe_device_event(event: Event) -> dict[str, str]:
        return _describer(hass).device_event(event.data)

    @callback
    def describe_acknowledged(event: Event) -> dict[str, str]:
        describer = _describer(hass)
        return {
            LOGBOOK_ENTRY_NAME: str(event.data.get("user_name") or describer.word("someone")),
            LOGBOOK_ENTRY_MESSAGE: describer.word("acknowledged", id=event.data.get("id", "")),
        }

    @callback
    def describe_refused(event: Event) -> dict[str, str]:
        describer = _describer(hass)
        return {
            LOGBOOK_ENTRY_NAME: str(event.data.get("user_name") or describer.word("someone")),
            LOGBOOK_ENTRY_MESSAGE: describer.word("refused", device=describer.place(event.data)),
        }

    async_describe_event(DOMAIN, EVENT_DEVICE_EVENT, describe_device_event)
    async_describe_event(DOMAIN, EVENT_ACKNOWLEDGED, describe_acknowledged)
    async_describe_event(DOMAIN, EVENT_VISITOR_REFUSED, describe_refused)
