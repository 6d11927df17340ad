"""Plates: detect (4 corners), rectify, read, decode under the plate grammar, vote, colour."""
