"""The people registry: residents, tenants, visitors, staff, care residents and vehicles."""

from .errors import RegistryError
from .id_number import age_on, birth_date, mask_id_number, validate_id_number
from .layout import Address, BuildingLayout, CommunityLayout
from .masking import mask_card_number, mask_fields, mask_mobile, mask_name, mask_watch_reason
from .mobile import validate_mobile
from .models import (
    CareProfile,
    MonthlyPass,
    Person,
    PersonRole,
    Tenancy,
    Vehicle,
    VisitorPass,
    WatchEntry,
    WatchListKind,
)
from .plate import validate_plate
from .registry import PeopleRegistry, RegistrySnapshot

__all__ = [
    "Address",
    "BuildingLayout",
    "CareProfile",
    "CommunityLayout",
    "MonthlyPass",
    "PeopleRegistry",
    "Person",
    "PersonRole",
    "RegistryError",
    "RegistrySnapshot",
    "Tenancy",
    "Vehicle",
    "VisitorPass",
    "WatchEntry",
    "WatchListKind",
    "age_on",
    "birth_date",
    "mask_card_number",
    "mask_fields",
    "mask_id_number",
    "mask_mobile",
    "mask_name",
    "mask_watch_reason",
    "validate_id_number",
    "validate_mobile",
    "validate_plate",
]
