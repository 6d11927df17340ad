"""Root conftest: core tests stay HA-free and fast; HA fixtures live in tests/ha/conftest.py."""
