"""Faces: detect with 5 landmarks, align, gate quality, embed, match against a gallery."""
