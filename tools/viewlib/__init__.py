"""Reference GA/T 1400 view library (see :mod:`tools.viewlib.server`)."""

from .server import ViewLibrary, ViewLibraryState

__all__ = ["ViewLibrary", "ViewLibraryState"]
