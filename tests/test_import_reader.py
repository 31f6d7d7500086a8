"""Reading class lists as spreadsheet programs write them, and rejecting the rest."""

import codecs
import io
import zipfile

import pytest
from django.utils import translation

from groeidocument.imports.reader import (
    MAX_COLUMNS,
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    FileRejected,
    read_table,
)

from .import_files import HEADER, PUPILS, csv_bytes, xlsx_bytes, xlsx_pupils


@pytest.fixture(autouse=True)
def english():
    """Messages are checked by their English ids; the views test the Dutch."""
    with translation.override("en"):
        yield


EXPECTED_CELLS = [
    ["100234", "Van den Broeck", "Zoë", "5A", "03/04/2015"],
    ["100235", "Peeters", "Bram", "5A", "17/11/2014"],
]


def test_semicolon_csv_in_windows_1252():
    rows = [HEADER, *PUPILS[:2]]

    table = read_table("klaslijst.csv", csv_bytes(rows, ";", "cp1252"))

    assert table.headers == HEADER
    assert [row.cells for row in table.rows] == EXPECTED_CELLS
    assert [row.number for row in table.rows] == [2, 3]


@pytest.mark.parametrize("bom", [True, False])
def test_comma_csv_in_utf8(bom):
    rows = [HEADER, *PUPILS, ["100237", "Yılmaz", "Elif", "6A", "2015-01-31"]]
    data = csv_bytes(rows, ",", "utf-8", line_end="\n")
    if bom:
        data = codecs.BOM_UTF8 + data

    table = read_table("klaslijst.csv", data)

    assert table.headers[0] == "Stamboeknummer"
    assert table.rows[2].cells[2] == "Anaïs"
    assert table.rows[3].cells[1] == "Yılmaz"


def test_utf16_tab_separated_text():
    data = codecs.BOM_UTF16_LE + csv_bytes([HEADER, *PUPILS], "\t", "utf-16-le")

    table = read_table("klaslijst.txt", data)

    assert table.rows[0].cells[2] == "Zoë"


def test_csv_quoted_cells_keep_delimiters():
    data = b'Naam;Voornaam;Klas\r\n"Peeters; jr.";"Jan";5A\r\n'

    table = read_table("lijst.csv", data)

    assert table.rows[0].cells == ["Peeters; jr.", "Jan", "5A"]


def test_csv_unclosed_quote_is_rejected():
    data = b'Naam;Voornaam;Klas\r\n"Peeters;Jan;5A\r\n'

    with pytest.raises(FileRejected, match="quote"):
        read_table("lijst.csv", data)


def test_csv_empty_rows_and_spaces_are_dropped():
    data = b"Familienaam ; Voornaam ;Klas;;\r\n;;;;\r\n Peeters ;Bram ; 5A ;;\r\n\r\n"

    table = read_table("lijst.csv", data)

    assert table.headers == ["Familienaam", "Voornaam", "Klas"]
    assert [row.cells for row in table.rows] == [["Peeters", "Bram", "5A"]]
    assert table.rows[0].number == 3


def test_short_rows_are_padded_to_the_header():
    table = read_table("lijst.csv", b"Familienaam;Voornaam;Klas\r\nPeeters;Bram\r\n")

    assert table.rows[0].cells == ["Peeters", "Bram", ""]


def test_xlsx_with_empty_rows_trailing_spaces_and_dates():
    table = read_table("klaslijst.xlsx", xlsx_bytes(xlsx_pupils()))

    assert table.headers == HEADER
    assert [row.number for row in table.rows] == [2, 4, 6]
    assert table.rows[0].cells == [
        "100234",
        "Van den Broeck",
        "Zoë",
        "5a",
        "2015-04-03",
    ]
    assert table.rows[1].cells[4] == "2014-11-17"
    assert table.rows[2].cells[4] == "29/02/2016"


def test_xlsx_reads_the_first_worksheet():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Voornaam", "Familienaam", "Klas"])
    workbook.active.append(["Bram", "Peeters", "5A"])
    workbook.create_sheet("Leerkrachten").append(["Naam", "Vak"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table("lijst.xlsx", buffer.getvalue())

    assert table.rows[0].cells == ["Bram", "Peeters", "5A"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("lijst.xlsx", b"Familienaam;Voornaam\r\nPeeters;Bram\r\n", "not an Excel"),
        ("lijst.xlsx", b"PK\x03\x04 not really a zip", "not an Excel"),
        ("lijst.csv", xlsx_bytes([HEADER, PUPILS[0]]), "not a CSV"),
        ("lijst.csv", b"%PDF-1.7\n\x00\x01\x02binary", "does not contain text"),
        ("lijst.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        ("lijst.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password"),
        ("lijst.pdf", b"%PDF-1.7", "Only CSV files"),
        ("lijst", b"Familienaam;Voornaam", "Only CSV files"),
        ("lijst.csv", b"", "empty"),
        ("lijst.csv", b"\r\n ; ;\r\n", "empty"),
        ("lijst.csv", b"Familienaam;Voornaam;Klas\r\n", "no pupils"),
    ],
)
def test_wrong_or_empty_file_is_rejected(name, data, message):
    with pytest.raises(FileRejected, match=message):
        read_table(name, data)


def test_zip_without_workbook_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")

    with pytest.raises(FileRejected, match="not an Excel"):
        read_table("lijst.xlsx", buffer.getvalue())


def test_xlsx_zip_bomb_is_rejected_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (30 * 1024 * 1024))
    assert len(buffer.getvalue()) < MAX_FILE_BYTES

    with pytest.raises(FileRejected, match="unpacks to more data"):
        read_table("lijst.xlsx", buffer.getvalue())


def test_xlsx_high_compression_ratio_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (2 * 1024 * 1024))

    with pytest.raises(FileRejected, match="unpacks to more data"):
        read_table("lijst.xlsx", buffer.getvalue())


def test_damaged_xlsx_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><broken")

    with pytest.raises(FileRejected, match="cannot be read"):
        read_table("lijst.xlsx", buffer.getvalue())


def test_oversized_file_is_rejected():
    data = csv_bytes([HEADER]) + b"x" * MAX_FILE_BYTES

    with pytest.raises(FileRejected, match="more than the maximum of 2.0"):
        read_table("lijst.csv", data)


def test_too_many_rows_is_rejected():
    rows = [["Familienaam", "Voornaam", "Klas"]]
    rows += [[f"P{number}", "Jan", "5A"] for number in range(MAX_DATA_ROWS + 1)]

    with pytest.raises(FileRejected, match="more than 5000 pupils"):
        read_table("lijst.csv", csv_bytes(rows))


def test_exactly_the_maximum_rows_is_read():
    rows = [["Familienaam", "Voornaam", "Klas"]]
    rows += [[f"P{number}", "Jan", "5A"] for number in range(MAX_DATA_ROWS)]

    assert len(read_table("lijst.csv", csv_bytes(rows)).rows) == MAX_DATA_ROWS


def test_too_many_empty_lines_is_rejected():
    data = b"Familienaam;Voornaam;Klas\r\n" + b"\r\n" * 60_000 + b"Peeters;Bram;5A"

    with pytest.raises(FileRejected, match="counting empty ones"):
        read_table("lijst.csv", data)


def test_too_many_columns_is_rejected():
    header = [f"Kolom {number}" for number in range(MAX_COLUMNS + 1)]

    with pytest.raises(FileRejected, match="columns"):
        read_table("lijst.xlsx", xlsx_bytes([header, ["x"] * len(header)]))


def test_overlong_cell_is_rejected():
    data = csv_bytes([["Familienaam", "Voornaam", "Klas"], ["P" * 300, "Jan", "5A"]])

    with pytest.raises(FileRejected, match="Row 2 has a cell of 300 characters"):
        read_table("lijst.csv", data)
