"""The importpupils command."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from groeidocument.audit.models import Action, AuditEntry
from groeidocument.pupils.models import Pupil

from .import_files import HEADER, PUPILS, csv_bytes, xlsx_bytes, xlsx_pupils


def run(*args, **kwargs):
    out = io.StringIO()
    call_command("importpupils", *args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def class_list(tmp_path):
    def write(rows, name="klaslijst.csv"):
        path = tmp_path / name
        if name.endswith(".xlsx"):
            path.write_bytes(xlsx_bytes(rows))
        else:
            path.write_bytes(csv_bytes(rows))
        return str(path)

    return write


def test_imports_csv(school, class_list):
    output = run(class_list([HEADER, *PUPILS]), school=school.name)

    assert Pupil.objects.filter(school=school).count() == 3
    assert "Row 2: new: Van den Broeck, Zoë (5A)" in output
    assert "Imported into 'Basisschool De Linde': 3 new, 0 updated" in output


def test_imports_xlsx(school, class_list):
    run(class_list(xlsx_pupils(), "klaslijst.xlsx"), school=school.name)

    assert Pupil.objects.get(external_id="100234").class_name == "5A"


def test_dry_run_saves_nothing(school, class_list):
    output = run(class_list([HEADER, *PUPILS]), school=school.name, dry_run=True)

    assert "3 new, 0 updated, 0 unchanged, 0 with errors" in output
    assert "Dry run: nothing was saved." in output
    assert not Pupil.objects.exists()


def test_bad_row_saves_nothing(school, class_list):
    path = class_list([HEADER, *PUPILS, ["1", "Maes", "", "5B", ""]])

    with pytest.raises(CommandError, match="nothing was saved"):
        run(path, school=school.name)
    assert not Pupil.objects.exists()


def test_dry_run_reports_bad_rows(school, class_list):
    path = class_list([HEADER, ["1", "Maes", "", "5B", ""]])

    with pytest.raises(CommandError, match="an import would save nothing"):
        run(path, school=school.name, dry_run=True)


def test_skip_errors(school, class_list):
    path = class_list([HEADER, *PUPILS, ["1", "Maes", "", "5B", ""]])

    output = run(path, school=school.name, skip_errors=True)

    assert "Row 5: error: Maes,  (5B). The first name is missing." in output
    assert Pupil.objects.count() == 3


def test_school_year_and_left(school, class_list):
    leaver = Pupil.objects.create(
        school=school, first_name="Lars", last_name="Maes", class_name="6B"
    )
    path = class_list([HEADER, *PUPILS])

    output = run(
        path,
        school=school.name,
        school_year="2027-2028",
        mark_missing_as_left=True,
    )

    leaver.refresh_from_db()
    assert leaver.is_active is False
    assert "Left: Maes, Lars (6B)" in output
    assert Pupil.objects.filter(school_year="2027-2028").count() == 3


def test_full_name_needs_name_order(school, class_list):
    path = class_list([["Naam", "Klas"], ["Van den Broeck Zoë", "5A"]])

    with pytest.raises(CommandError, match="--name-order"):
        run(path, school=school.name)

    run(path, school=school.name, name_order="last-first")
    pupil = Pupil.objects.get()
    assert (pupil.first_name, pupil.last_name) == ("Zoë", "Van den Broeck")


def test_unrecognised_columns(school, class_list):
    path = class_list([["Kind", "Groep nummer"], ["Zoë", "5A"]])

    with pytest.raises(CommandError, match="'Kind', 'Groep nummer'"):
        run(path, school=school.name)


def test_rejected_file(school, tmp_path):
    path = tmp_path / "klaslijst.xlsx"
    path.write_text("Familienaam;Voornaam;Klas\nPeeters;Bram;5A\n")

    with pytest.raises(CommandError, match="not an Excel workbook"):
        run(str(path), school=school.name)


def test_oversized_file(school, tmp_path):
    path = tmp_path / "klaslijst.csv"
    path.write_bytes(b"x" * (3 * 1024 * 1024))

    with pytest.raises(CommandError, match="more than the maximum"):
        run(str(path), school=school.name)


def test_missing_file(school, tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        run(str(tmp_path / "nergens.csv"), school=school.name)


def test_unknown_school(db, class_list):
    with pytest.raises(CommandError, match="not found"):
        run(class_list([HEADER, *PUPILS]), school="Nergens")


def test_invalid_school_year(school, class_list):
    with pytest.raises(CommandError, match="--school-year"):
        run(class_list([HEADER, *PUPILS]), school=school.name, school_year="2026")


def test_import_is_in_audit_log(school, class_list):
    run(class_list([HEADER, *PUPILS]), school=school.name)

    entry = AuditEntry.objects.get()
    assert entry.action == Action.IMPORTED
    assert entry.school == school
    assert entry.pupil_count == 3
    assert entry.user is None


def test_dry_run_is_not_in_audit_log(school, class_list):
    run(class_list([HEADER, *PUPILS]), school=school.name, dry_run=True)

    assert not AuditEntry.objects.exists()
