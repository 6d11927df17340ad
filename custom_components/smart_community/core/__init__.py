"""The smart_community domain library.

Plain Python, typed, with no Home Assistant import (``tests/core/test_no_homeassistant.py``
enforces it): codes and the 一机一档 register, device protocols, recognition, the people
registry with access rules, parking and records, and the police data docking.
"""
