"""Class-list files made the way spreadsheet programs write them."""

import datetime
import io

import openpyxl

HEADER = ["Stamboeknummer", "Familienaam", "Voornaam", "Klas", "Geboortedatum"]
PUPILS = [
    ["100234", "Van den Broeck", "Zoë", "5A", "03/04/2015"],
    ["100235", "Peeters", "Bram", "5A", "17/11/2014"],
    ["100236", "Müller", "Anaïs", "5B", "29/02/2016"],
]


def csv_bytes(rows, delimiter=";", encoding="cp1252", line_end="\r\n") -> bytes:
    """Write rows as CSV; Excel in Belgium writes semicolons and Windows-1252."""
    lines = [delimiter.join(cells) for cells in rows]
    return (line_end.join(lines) + line_end).encode(encoding)


def xlsx_bytes(rows, title="Klaslijst") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_pupils() -> list[list]:
    """The pupils as XLSX cells: numbers and dates typed as such, spaces left in."""
    return [
        HEADER,
        [100234, "Van den Broeck ", " Zoë", "5a ", datetime.datetime(2015, 4, 3)],
        [None, None, None, None, None],
        [100235, "Peeters", "Bram", "5A", datetime.date(2014, 11, 17)],
        [],
        [100236, "Müller", "Anaïs", "5B", "29/02/2016"],
    ]
