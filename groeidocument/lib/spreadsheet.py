"""CSV and XLSX files that a spreadsheet opens without running their text.

A spreadsheet treats a text cell that starts with =, +, - or @ as a formula,
so a pupil's name or wish such as "=HYPERLINK(...)" would run on the reader's
computer. A leading tab, carriage return or NUL gets the same treatment,
because an import step that strips it leaves a formula at the start. Every
text cell passes through neutralise(), which puts an apostrophe in front: the
cell shows the text as typed, after the apostrophe. Numbers and dates are
written as real numbers and dates.

The CSV is separated by semicolons and starts with a UTF-8 byte order mark.
Excel with Belgian regional settings expects semicolons, because the comma is
the decimal separator there, and it reads a file without the mark in the
legacy code page, which garbles accents.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
CSV_DELIMITER = ";"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
# Characters that XML 1.0, and so an XLSX file, cannot hold become this.
REPLACEMENT_CHARACTER = "\ufffd"

Cell = str | int | datetime.date | None


def neutralise(text: str) -> str:
    """Prefix text with an apostrophe when a spreadsheet could run it."""
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _csv_value(value: Cell):
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, datetime.datetime):
        raise TypeError("write dates, not timestamps, to a spreadsheet")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """Return a semicolon-separated, UTF-8 CSV file with a byte order mark."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([_csv_value(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def _xlsx_text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT_CHARACTER, neutralise(text))


def write_xlsx(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> bytes:
    """Return an XLSX workbook with one sheet: a header row, then rows.

    Text cells are neutralised and stored as text, integers as numbers and
    dates as date cells with the format yyyy-mm-dd.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_xlsx_text(title)[:31])
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18

    sheet.append([_xlsx_text(header) for header in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_cell(sheet, value: Cell):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=_xlsx_text(value))
        # openpyxl reads a string that starts with "=" as a formula, so the
        # type is set explicitly as well.
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime.datetime):
        raise TypeError("write dates, not timestamps, to a spreadsheet")
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return value
