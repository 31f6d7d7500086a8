"""Read an uploaded class list (CSV or XLSX) into a table of text cells.

This module does not use requests or models. It checks the file against
the limits below before it parses anything, and raises FileRejected with a
message for the user when the file is too large, does not match its
extension, or cannot be read. Spreadsheet programs write class lists in a few ways,
and all of them are accepted: CSV with commas, semicolons or tabs, in UTF-8
with or without byte-order mark, UTF-16 with byte-order mark or Windows-1252,
and XLSX, of which the first worksheet is read.
"""

import codecs
import csv
import datetime
import io
import logging
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import openpyxl
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Limits on what an upload may contain. A class list of a large school has a
# few thousand rows and a handful of columns, and fits in far less than these.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DATA_ROWS = 5000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 255
# Rows of any kind, empty ones included, that are read from a worksheet before
# the file is rejected, so a sheet of a million formatted empty rows stops early.
MAX_SHEET_ROWS = 10 * MAX_DATA_ROWS
# An XLSX file is a zip archive of XML files. These limits apply to the archive
# before openpyxl opens it. A class list of 5,000 rows that openpyxl 3.1
# writes unpacks to about 1.3 MB at a compression ratio of about 12, while a
# zip bomb compresses at ratios near 1,000, the maximum of deflate.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 200
# Members smaller than this are too small to be a bomb, and small XML parts
# compress at high ratios.
RATIO_CHECK_MIN_BYTES = 1024 * 1024
XLSX_REQUIRED_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}

CSV_EXTENSIONS = {".csv", ".txt"}
XLSX_EXTENSIONS = {".xlsx"}
OLD_EXCEL_EXTENSIONS = {".xls", ".ods", ".numbers"}
CSV_DELIMITERS = [";", ",", "\t"]

ZIP_SIGNATURE = b"PK\x03\x04"
# Old .xls files and password-protected .xlsx files are OLE compound files.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Control characters that spreadsheet programs do not write to a CSV file, but
# that binary files contain.
BINARY_CHARACTERS = {chr(code) for code in range(32)} - {"\t", "\n", "\r", "\f"}


class FileRejected(Exception):
    """The file cannot be imported. The message gives the reason and the fix."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SourceRow:
    """One non-empty data row, numbered as the spreadsheet program shows it."""

    number: int
    cells: list[str]


@dataclass
class Table:
    """The header row and the data rows of a class list, as trimmed text."""

    headers: list[str]
    rows: list[SourceRow]


def read_table(file_name: str, data: bytes) -> Table:
    """Check and parse an uploaded class list.

    Raises FileRejected when the file breaks a limit or cannot be read.
    """
    check_file_size(len(data))
    if not data.strip():
        raise FileRejected(_("The file is empty. Choose the file with the class list."))

    extension = PurePath(file_name).suffix.lower()
    if extension in CSV_EXTENSIONS:
        records = _read_csv_records(data)
    elif extension in XLSX_EXTENSIONS:
        records = _read_xlsx_records(data)
    elif extension in OLD_EXCEL_EXTENSIONS:
        raise FileRejected(
            _(
                "Files of type %(extension)s cannot be imported. Open the file in "
                "your spreadsheet program and save it as Excel workbook (.xlsx) "
                "or as CSV."
            )
            % {"extension": extension}
        )
    else:
        raise FileRejected(
            _(
                "Only CSV files (.csv) and Excel workbooks (.xlsx) can be "
                "imported. Save the class list in one of those formats."
            )
        )
    return _build_table(records)


def check_file_size(size: int) -> None:
    """Raise FileRejected for a file of more than MAX_FILE_BYTES bytes."""
    if size > MAX_FILE_BYTES:
        raise FileRejected(
            _(
                "The file is %(size)s, more than the maximum of %(maximum)s. "
                "Remove the columns you do not need, or split the list per class."
            )
            % {
                "size": filesizeformat(size),
                "maximum": filesizeformat(MAX_FILE_BYTES),
            }
        )


def _build_table(records) -> Table:
    """Trim the cells, skip empty rows and split off the header row."""
    headers = None
    rows = []
    total_chars = 0
    for number, raw_cells in records:
        cells = [cell.strip() for cell in raw_cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue

        if len(cells) > MAX_COLUMNS:
            raise FileRejected(
                _(
                    "Row %(row)s has %(count)s columns, more than the maximum of "
                    "%(maximum)s. Remove the columns you do not need."
                )
                % {"row": number, "count": len(cells), "maximum": MAX_COLUMNS}
            )
        for cell in cells:
            if len(cell) > MAX_CELL_CHARS:
                raise FileRejected(
                    _(
                        "Row %(row)s has a cell of %(count)s characters, more than "
                        "the maximum of %(maximum)s. Is this really a class list?"
                    )
                    % {"row": number, "count": len(cell), "maximum": MAX_CELL_CHARS}
                )
            total_chars += len(cell)
        # Cells of at most MAX_CELL_CHARS still add up; a real class list stays
        # far below the size of a CSV file at the upload limit.
        if total_chars > MAX_FILE_BYTES:
            raise FileRejected(
                _(
                    "The file holds more text than a class list of %(maximum)s "
                    "rows. Remove the columns you do not need."
                )
                % {"maximum": MAX_DATA_ROWS}
            )

        if headers is None:
            headers = cells
            continue
        rows.append(SourceRow(number=number, cells=cells))
        if len(rows) > MAX_DATA_ROWS:
            raise FileRejected(
                _(
                    "The file has more than %(maximum)s pupils. Split the list, "
                    "for example per grade, and import the parts one by one."
                )
                % {"maximum": MAX_DATA_ROWS}
            )

    if headers is None:
        raise FileRejected(_("The file is empty. Choose the file with the class list."))
    if not rows:
        raise FileRejected(
            _(
                "The file has a header row but no pupils under it. Check that you "
                "chose the right file."
            )
        )
    # Every row gets as many cells as the widest row, so columns line up.
    width = max(len(headers), *(len(row.cells) for row in rows))
    headers += [""] * (width - len(headers))
    for row in rows:
        row.cells += [""] * (width - len(row.cells))
    return Table(headers=headers, rows=rows)


# CSV


def _decode_text(data: bytes) -> str:
    """Decode a CSV file written by a spreadsheet program or a text editor."""
    if data.startswith(ZIP_SIGNATURE) or data.startswith(OLE_SIGNATURE):
        raise FileRejected(
            _(
                "This file is a spreadsheet, not a CSV file, although its name ends "
                "in .csv. Choose the original .xlsx file, or save the list as CSV "
                "in your spreadsheet program."
            )
        )

    text = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        # utf-8-sig also reads UTF-8 without byte-order mark. Windows-1252 is
        # what Excel on Windows writes for "CSV (gescheiden door lijstscheidingsteken)".
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue

    if text is None or BINARY_CHARACTERS.intersection(text):
        raise FileRejected(
            _(
                "This file does not contain text, so it is not a CSV file. Open the "
                "class list in your spreadsheet program and save it as CSV or as "
                "Excel workbook (.xlsx)."
            )
        )
    return text


def _choose_delimiter(text: str) -> str:
    """Return the delimiter that splits the first non-empty line into most cells."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    cell_counts = {
        delimiter: len(next(csv.reader([first_line], delimiter=delimiter), []))
        for delimiter in CSV_DELIMITERS
    }
    # max() keeps the first of equal counts, so a single column means ";".
    return max(CSV_DELIMITERS, key=lambda delimiter: cell_counts[delimiter])


def _read_csv_records(data: bytes):
    """Yield (line number, cells) per record; a generator keeps memory flat."""
    text = _decode_text(data)
    delimiter = _choose_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for cells in reader:
            if reader.line_num > MAX_SHEET_ROWS:
                raise FileRejected(_too_many_rows_message())
            yield reader.line_num, cells
    except csv.Error:
        raise FileRejected(
            _(
                'Line %(line)s of the file cannot be read: a quote (") is probably '
                "not closed. Correct the line in your spreadsheet program and save "
                "the list again."
            )
            % {"line": reader.line_num}
        ) from None


def _too_many_rows_message() -> str:
    return _(
        "The file has more than %(maximum)s rows, counting empty ones. Copy the "
        "pupils to a new file and import that one."
    ) % {"maximum": MAX_SHEET_ROWS}


# XLSX


def _check_xlsx_archive(data: bytes) -> None:
    """Reject a file that is not an XLSX archive, or unpacks to too much."""
    not_xlsx = _(
        "This file is not an Excel workbook, although its name ends in .xlsx. "
        "Open it in your spreadsheet program and save it as Excel workbook "
        "(.xlsx) or as CSV."
    )
    if data.startswith(OLE_SIGNATURE):
        raise FileRejected(
            _(
                "This file is an old Excel file (.xls) or a workbook with a "
                "password. Remove the password, or save the list as Excel "
                "workbook (.xlsx) or as CSV."
            )
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise FileRejected(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise FileRejected(not_xlsx) from None

    names = {member.filename for member in members}
    if not XLSX_REQUIRED_PARTS <= names:
        raise FileRejected(not_xlsx)

    too_large = _(
        "This workbook unpacks to more data than a class list can hold. Copy the "
        "pupils to a new workbook, or save the list as CSV."
    )
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileRejected(too_large)
    # zipfile stops reading a member at the size its header declares (CPython
    # 3.13, ZipExtFile._read1), so these declared sizes bound what is unpacked.
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise FileRejected(too_large)
    for member in members:
        if member.file_size < RATIO_CHECK_MIN_BYTES:
            continue
        if member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise FileRejected(too_large)


def _cell_text(value) -> str:
    """Return an XLSX cell value as the text the spreadsheet program shows."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # Numbers such as a stamboeknummer are stored as floats: 1234.0.
        return str(int(value))
    return str(value)


def _read_xlsx_records(data: bytes):
    _check_xlsx_archive(data)

    records = []
    try:
        # openpyxl warns about features it does not read, such as data
        # validation; they do not matter for the cell values.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True
            )
            try:
                if not workbook.worksheets:
                    raise FileRejected(
                        _("The workbook has no worksheet with a class list.")
                    )
                sheet = workbook.worksheets[0]
                rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
                for number, values in enumerate(rows, start=1):
                    if number > MAX_SHEET_ROWS:
                        raise FileRejected(_too_many_rows_message())
                    records.append((number, [_cell_text(value) for value in values]))
            finally:
                workbook.close()
    except FileRejected:
        raise
    except Exception as error:
        # openpyxl raises many kinds of errors on a damaged workbook (KeyError,
        # ValueError, zipfile and XML errors); to the user they all mean the same.
        logger.info("Unreadable XLSX upload: %s", type(error).__name__)
        raise FileRejected(
            _(
                "This Excel workbook cannot be read; it may be damaged. Open it in "
                "your spreadsheet program and save it again as Excel workbook "
                "(.xlsx) or as CSV."
            )
        ) from None
    return records
