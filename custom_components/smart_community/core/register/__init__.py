"""The 一机一档 device register of the community: every device, typed and validated.

Read a file with ``import_register`` (merge into the current register) or
``check_register_file`` (just the problems); write with ``export_register`` (full) or
``export_police_register`` (the standard's camera table). Rows are ``RegisterRow``; problems
are ``RegisterProblem(row, column, reason)`` with spreadsheet row numbers.
"""

from __future__ import annotations

from .columns import COLUMNS, POLICE_COLUMNS, Column
from .enumerations import EnumStyle, enumeration
from .export import export_police_register, export_register
from .importer import ImportResult, RegisterCheck, check_register_file, import_register
from .reader import RegisterFileError
from .row import RegisterProblem, RegisterRow

__all__ = [
    "COLUMNS",
    "POLICE_COLUMNS",
    "Column",
    "EnumStyle",
    "ImportResult",
    "RegisterCheck",
    "RegisterFileError",
    "RegisterProblem",
    "RegisterRow",
    "check_register_file",
    "enumeration",
    "export_police_register",
    "export_register",
    "import_register",
]
