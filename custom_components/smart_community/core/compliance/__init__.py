"""Acceptance checks against the Hefei standard's device menu, and the acceptance report."""
