"""Constants of the smart_community integration."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

DOMAIN: Final = "smart_community"

CONF_COMMUNITY_NAME: Final = "community_name"
CONF_COMMUNITY_CODE: Final = "community_code"
CONF_TIER: Final = "tier"
CONF_OPTIONAL_SYSTEMS: Final = "optional_systems"

# Options
CONF_RETENTION_DAYS: Final = "retention_days"
CONF_RECORDS_URL: Final = "records_url"
CONF_MQTT_PREFIX: Final = "mqtt_prefix"
CONF_NOTIFY_TARGETS: Final = "notify_targets"
CONF_MODELS_DIR: Final = "models_dir"  # recognition weights (scripts/models)
# The community's push secret (entry data, created with the community): each device's
# digest password is derived from it (core/credentials.py).
CONF_PUSH_SECRET: Final = "push_secret"
# An optional shared digest credential for a lower platform that pushes for every device.
CONF_PUSH_USERNAME: Final = "push_username"
CONF_PUSH_PASSWORD: Final = "push_password"
CONF_MANAGERS: Final = "managers"  # HA user ids of the property managers (console role)

# Police data docking (GA/T 1400 client towards the public-security view library)
CONF_DOCKING_URL: Final = "docking_url"
CONF_DOCKING_USERNAME: Final = "docking_username"
CONF_DOCKING_PASSWORD: Final = "docking_password"
CONF_DOCKING_PLATFORM_ID: Final = "docking_platform_id"  # our 20-digit GB/T 28181 code
CONF_DOCKING_KINDS: Final = "docking_kinds"
CONF_DOCKING_ALLOW_ARCHIVES: Final = "docking_allow_archives"
CONF_DOCKING_ALARM_MINUTES: Final = "docking_alarm_minutes"
# Where the police view library may ask for subscription notifications (ReceiveAddr): only
# these, besides its own host.
CONF_DOCKING_RECEIVERS: Final = "docking_receivers"
DEFAULT_DOCKING_ALARM_MINUTES: Final = 60


class DockingKind(StrEnum):
    """Object kinds the community may send to the view library."""

    FACES = "faces"
    MOTOR_VEHICLES = "motor_vehicles"
    PERSONS = "persons"  # person records: resident archives, only when allowed


DEFAULT_RETENTION_DAYS: Final = 30
DEFAULT_MQTT_PREFIX: Final = "community"


class Tier(StrEnum):
    """The standard's construction tiers (建设标准模式)."""

    STANDARD = "standard"  # 标配版
    MEDIUM = "medium"  # 中配版
    HIGH = "high"  # 高配版


class OptionalSystem(StrEnum):
    """按需选配: systems a community may add to any tier."""

    PERIMETER = "perimeter"  # 周界防护
    PATROL = "patrol"  # 电子巡更
    FALLING_OBJECT = "falling_object"  # 高空抛物
    IOT = "iot"  # 物联网感知 (smoke, manhole cover, meters)


# HA bus event fired for every decoded device event (automations trigger on it).
EVENT_DEVICE_EVENT: Final = f"{DOMAIN}_event"


def signal_device_update(entry_id: str, device_code: str) -> str:
    """Dispatcher signal for one device of one community."""
    return f"{DOMAIN}_{entry_id}_{device_code}"


# Parking options (temporary-parking tariff in CNY, capacity); absent → the defaults below.
CONF_PARKING_SPACES: Final = "parking_spaces"
CONF_FREE_MINUTES: Final = "parking_free_minutes"
CONF_HOURLY_RATE: Final = "parking_hourly_rate"
CONF_DAILY_CAP: Final = "parking_daily_cap"  # 0: no cap
CONF_NIGHT_RATE: Final = "parking_night_rate"  # empty: no night rate
CONF_NIGHT_START: Final = "parking_night_start"  # "22:00"
CONF_NIGHT_END: Final = "parking_night_end"  # "07:00"
# Unregistered cars may enter and pay at exit (临时车); off: they wait for the host / guard.
CONF_TEMPORARY_VEHICLES: Final = "parking_temporary_vehicles"
# Access by face: the liveness a face match needs to open (a printed photo must not).
CONF_REQUIRE_LIVENESS: Final = "require_liveness"
CONF_TERMINAL_MIN_SIMILARITY: Final = "terminal_min_similarity"
DEFAULT_TERMINAL_MIN_SIMILARITY: Final = 0.8  # a terminal's own match, 0..1

DEFAULT_PARKING_SPACES: Final = 200
DEFAULT_FREE_MINUTES: Final = 30
DEFAULT_HOURLY_RATE: Final = 3.0
DEFAULT_DAILY_CAP: Final = 30.0
DEFAULT_NIGHT_START: Final = "22:00"
DEFAULT_NIGHT_END: Final = "07:00"


def signal_people_update(entry_id: str) -> str:
    """Dispatcher signal: counts, parking or a care resident's last seen changed."""
    return f"{DOMAIN}_{entry_id}_people"


def signal_records_update(entry_id: str) -> str:
    """Dispatcher signal: the records store's disk usage was measured again."""
    return f"{DOMAIN}_{entry_id}_records"


def signal_parking_update(entry_id: str) -> str:
    """Dispatcher signal: the car park's sessions, fees or counts changed."""
    return f"{DOMAIN}_{entry_id}_parking"


def signal_docking_update(entry_id: str) -> str:
    """Dispatcher signal: the docking's statistics were read again."""
    return f"{DOMAIN}_{entry_id}_docking"


def signal_compliance_update(entry_id: str) -> str:
    """Dispatcher signal: the device menu was evaluated again."""
    return f"{DOMAIN}_{entry_id}_compliance"


# Falling-object cameras' facade calibrations: {device code: FACADE.json mapping}.
CONF_FALLING_FACADES: Final = "falling_facades"


def signal_falling_update(entry_id: str) -> str:
    """Dispatcher signal: a falling-object camera's analysis changed state or counted on."""
    return f"{DOMAIN}_{entry_id}_falling"


def signal_models_update(entry_id: str) -> str:
    """Dispatcher signal: the recognition models' download progressed or ended."""
    return f"{DOMAIN}_{entry_id}_models"
