"""Rendered falling-object clips with known ground truth (see ``python -m tools.falling --help``)."""
