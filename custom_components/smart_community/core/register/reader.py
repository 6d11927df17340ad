"""Reading a register file (CSV or .xlsx) into numbered rows of cells keyed by column.

Row numbers are what a spreadsheet user sees: the heading row is row 1 when it is the first
line. Blank rows (Excel leaves many at the end) are skipped but still counted.

A register file is uploaded by people and may come from anywhere, so reading is bounded: the
file size, an .xlsx's unpacked size (a zip bomb), the rows and the columns. Any way the
file is unreadable is a :class:`RegisterFileError` with one line saying why.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cells import cell_text
from .columns import column_for_heading

# A title row ("华府骏苑一机一档") may sit above the headings; look this far for them.
HEADER_SEARCH_ROWS = 10
MIN_HEADINGS = 2
ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312
MAX_FILE_BYTES = 16 * 1024 * 1024  # a register of 5 000 devices is about 2 MiB
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all members of an .xlsx, as they unpack
MAX_DATA_ROWS = 20_000  # non-blank lines; a community has hundreds of devices
MAX_LINES = 1_048_576  # blank ones included: Excel's own row limit
MAX_COLUMNS = 128  # the register has 32; room for the installer's own notes
_BLANK: list[object] = []  # one shared object for every blank line


class RegisterFileError(Exception):
    """The file cannot be read as a register at all (the message is one line)."""


@dataclass(frozen=True, slots=True)
class RegisterTable:
    """The data rows of a file: (spreadsheet row number, cells by column key)."""

    header_row: int
    columns: frozenset[str]
    rows: Sequence[tuple[int, Mapping[str, object]]]


def _delimiter(text: str) -> str:
    """Comma, unless the heading line clearly uses semicolons or tabs (European Excel, TSV)."""
    first_line = text.split("\n", 1)[0]
    return max(",;\t", key=first_line.count)


def _bounded(lines: Iterable[Sequence[object]], name: str) -> list[list[object]]:
    """The lines, blank ones shared, refusing files beyond the row and column limits."""
    out: list[list[object]] = []
    data_rows = 0
    for line in lines:
        if not any(value is not None and value != "" for value in line):
            out.append(_BLANK)
        else:
            data_rows += 1
            if len(line) > MAX_COLUMNS:
                line = line[:MAX_COLUMNS]  # noqa: PLW2901 - a register has ~40 columns
            out.append(list(line))
        if data_rows > MAX_DATA_ROWS or len(out) > MAX_LINES:
            raise RegisterFileError(f"{name}: more than {MAX_DATA_ROWS} rows")
    return out


def _csv_lines(data: bytes, name: str) -> list[list[object]]:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        try:
            return _bounded(reader, name)
        except csv.Error as err:
            raise RegisterFileError(f"{name}: not a readable CSV file ({err})") from err
    raise RegisterFileError(f"{name}: not UTF-8 or GBK/GB18030 text")


def _unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(member.file_size for member in archive.infolist())


def _workbook_lines(data: bytes, name: str) -> list[list[object]]:
    import openpyxl  # noqa: PLC0415  (0.3 s: a CSV check stays fast)

    if _unpacked_size(data) > MAX_UNPACKED_BYTES:
        raise RegisterFileError(f"{name}: unpacks to more than {MAX_UNPACKED_BYTES} bytes")
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        width = min(MAX_COLUMNS, max(1, sheet.max_column or MAX_COLUMNS))
        return _bounded(sheet.iter_rows(max_col=width, values_only=True), name)
    finally:
        workbook.close()


def _xlsx_lines(data: bytes, name: str) -> list[list[object]]:
    try:
        return _workbook_lines(data, name)
    except RegisterFileError:
        raise
    # zipfile and openpyxl report a damaged workbook with whatever their code raised
    # (BadZipFile, NotImplementedError for an unknown zip version, KeyError, TypeError,
    # ParseError ...): all mean "not readable" here.
    except Exception as err:
        raise RegisterFileError(
            f"{name}: not a readable .xlsx workbook ({type(err).__name__}: {str(err)[:200]})"
        ) from err


def parse_lines(data: bytes, name: str) -> list[list[object]]:
    """All lines of a register file's bytes as raw cell values; ``name`` gives the format."""
    if len(data) > MAX_FILE_BYTES:
        raise RegisterFileError(f"{name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    suffix = Path(name).suffix.casefold()
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx_lines(data, name)
    if suffix in {".csv", ".txt"}:
        return _csv_lines(data, name)
    raise RegisterFileError(f"{name}: only .csv and .xlsx registers are supported")


def read_lines(path: Path) -> list[list[object]]:
    """All lines of the file as raw cell values."""
    if not path.is_file():
        raise RegisterFileError(f"{path}: no such file")
    if path.suffix.casefold() not in {".xlsx", ".xlsm", ".csv", ".txt"}:
        raise RegisterFileError(f"{path.name}: only .csv and .xlsx registers are supported")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise RegisterFileError(f"{path.name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise RegisterFileError(f"{path.name}: cannot be read ({err.strerror})") from err
    return parse_lines(data, path.name)


def _header(lines: Sequence[Sequence[object]]) -> tuple[int, dict[int, str]]:
    for index, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        keys: dict[int, str] = {}
        for position, value in enumerate(line):
            column = column_for_heading(cell_text(value))
            if column is not None and column.key not in keys.values():
                keys[position] = column.key
        if len(keys) >= MIN_HEADINGS:
            return index, keys
    raise RegisterFileError("no register headings (设备编码, 设备名称 …) in the first rows")


def table_from_lines(lines: Sequence[Sequence[object]]) -> RegisterTable:
    """The rows below the heading row, keyed by column."""
    header_index, keys = _header(lines)
    rows = []
    for index in range(header_index + 1, len(lines)):
        line = lines[index]
        if not any(cell_text(value) for value in line):
            continue
        cells = {key: line[position] for position, key in keys.items() if position < len(line)}
        rows.append((index + 1, cells))
    return RegisterTable(header_index + 1, frozenset(keys.values()), rows)


def read_register_data(data: bytes, name: str) -> RegisterTable:
    """A register file's bytes (``name`` ends in .csv or .xlsx) as its rows keyed by column."""
    return table_from_lines(parse_lines(data, name))


def read_register_table(path: Path) -> RegisterTable:
    """The file's rows keyed by column; raises ``RegisterFileError`` when unreadable."""
    return table_from_lines(read_lines(path))
