"""Parking: occupancy, visitor sessions, the tariff and the fee at exit."""

from .codec import lot_from_json, lot_to_json
from .errors import ParkingError
from .lot import BarrierCounts, EntryResult, ExitResult, ParkingLot, ParkingSession
from .tariff import NightRate, Tariff, parking_fee

__all__ = [
    "BarrierCounts",
    "EntryResult",
    "ExitResult",
    "NightRate",
    "ParkingError",
    "ParkingLot",
    "ParkingSession",
    "Tariff",
    "lot_from_json",
    "lot_to_json",
    "parking_fee",
]
