"""Rendered falling-object clips with known ground truth (``python -m tools.falling --help``)."""
