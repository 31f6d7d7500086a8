"""Header recognition, row checks and matching rows to pupils, before any write."""

import datetime

import pytest
from django.utils import translation

from groeidocument.imports.columns import Role, check_roles, guess_roles
from groeidocument.imports.matching import Outcome, build_plan
from groeidocument.imports.reader import SourceRow, Table
from groeidocument.imports.rows import parse_birth_date, split_full_name
from groeidocument.pupils.models import Pupil

TODAY = datetime.date(2026, 12, 4)
HEADERS = ["Stamboeknummer", "Familienaam", "Voornaam", "Klas", "Geboortedatum"]
ROLES = ["external_id", "last_name", "first_name", "class_name", "birth_date"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def table(*rows, headers=HEADERS):
    return Table(
        headers=list(headers),
        rows=[
            SourceRow(number=number, cells=list(cells))
            for number, cells in enumerate(rows, start=2)
        ],
    )


def plan_for(school, *rows, roles=ROLES, headers=HEADERS, **options):
    return build_plan(
        school,
        table(*rows, headers=headers),
        roles,
        options.pop("school_year", "2026-2027"),
        today=TODAY,
        **options,
    )


def outcomes(plan):
    return [row_plan.outcome for row_plan in plan.rows]


# Headers


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (HEADERS, ROLES),
        (
            ["Naam", "Voornaam", "Klasgroep", "Stamnummer", "Geb. datum"],
            ["last_name", "first_name", "class_name", "external_id", "birth_date"],
        ),
        (
            ["ACHTERNAAM", "Roepnaam", "klascode", "Leerlingnummer", "Geboortedag"],
            ["last_name", "first_name", "class_name", "external_id", "birth_date"],
        ),
        (
            ["Klas 2026-2027", "Familienaam", "Voornaam", "Opmerking"],
            ["class_name", "last_name", "first_name", ""],
        ),
        (
            ["First name", "Last name", "Class", "ID", "Date of birth"],
            ["first_name", "last_name", "class_name", "external_id", "birth_date"],
        ),
    ],
)
def test_headers_are_recognised(headers, expected):
    roles, reasons = guess_roles(headers)

    assert roles == expected
    assert reasons == []


def test_single_name_column_asks_for_order():
    roles, reasons = guess_roles(["Naam", "Klas"])

    assert roles == ["name_last_first", "class_name"]
    assert len(reasons) == 1
    assert "contains the full name" in reasons[0]


def test_missing_columns_are_reported():
    roles, reasons = guess_roles(["Voornaam", "Leeftijd"])

    assert roles == ["first_name", ""]
    assert "Choose the column with the last name." in reasons
    assert "Choose the column with the class." in reasons


def test_two_class_columns_are_reported():
    roles, reasons = guess_roles(["Familienaam", "Voornaam", "Klas", "Klasgroep"])

    assert roles == ["last_name", "first_name", "class_name", ""]
    assert any("Several columns" in reason for reason in reasons)


def test_check_roles_rejects_full_name_beside_parts():
    problems = check_roles(["name_first_last", "first_name", "class_name"])

    assert problems == [
        "Choose either one column with the full name, or a column for the first "
        "name and one for the last name."
    ]


def test_check_roles_rejects_a_role_twice():
    problems = check_roles(["first_name", "last_name", "class_name", "class_name"])

    assert problems == ["“Class” is chosen for more than one column."]


# Values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2015", datetime.date(2015, 4, 3)),
        ("3/4/2015", datetime.date(2015, 4, 3)),
        ("03-04-2015", datetime.date(2015, 4, 3)),
        ("03.04.2015", datetime.date(2015, 4, 3)),
        ("2015-04-03", datetime.date(2015, 4, 3)),
        ("2015-04-03 00:00:00", datetime.date(2015, 4, 3)),
    ],
)
def test_birth_date_forms(text, expected):
    assert parse_birth_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2015", "04/03/15", "2015/04/03", "morgen"])
def test_invalid_birth_dates(text):
    with pytest.raises(ValueError):
        parse_birth_date(text)


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("Van den Broeck Zoë", Role.NAME_LAST_FIRST, ("Zoë", "Van den Broeck")),
        ("Zoë Van den Broeck", Role.NAME_FIRST_LAST, ("Zoë", "Van den Broeck")),
        ("Van den Broeck, Zoë", Role.NAME_FIRST_LAST, ("Zoë", "Van den Broeck")),
        ("Zoë", Role.NAME_LAST_FIRST, ("", "")),
    ],
)
def test_split_full_name(text, role, expected):
    assert split_full_name(text, role) == expected


# Rows


def test_new_pupils_are_cleaned(school):
    plan = plan_for(school, ["", " van  Dam ", "Lotte ", "5a", "3/4/2015"])

    (row_plan,) = plan.rows
    assert row_plan.outcome == Outcome.NEW
    assert row_plan.row.last_name == "van Dam"
    assert row_plan.row.first_name == "Lotte"
    assert row_plan.row.class_name == "5A"
    assert row_plan.row.birth_date == datetime.date(2015, 4, 3)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["", "Peeters", "", "5A", ""], "The first name is missing."),
        (["", "", "Bram", "5A", ""], "The last name is missing."),
        (["", "Peeters", "Bram", "", ""], "The class is missing."),
        (["", "Peeters", "Bram", "5A", "31/02/2015"], "is not a valid date"),
        (["", "Peeters", "Bram", "5A", "01/01/2030"], "cannot be right"),
        (["", "P" * 101, "Bram", "5A", ""], "Last name: Ensure this value"),
        (["", "Peeters", "Bram", "K" * 21, ""], "Class: Ensure this value"),
        (["9" * 51, "Peeters", "Bram", "5A", ""], "External id: Ensure this value"),
    ],
)
def test_row_errors(school, cells, message):
    plan = plan_for(school, cells)

    (row_plan,) = plan.rows
    assert row_plan.outcome == Outcome.ERROR
    assert any(message in error for error in row_plan.row.errors), row_plan.row.errors


def test_missing_values_get_one_message_each(school):
    plan = plan_for(school, ["", "", "", "", ""])

    assert plan.rows[0].row.errors == [
        "The first name is missing.",
        "The last name is missing.",
        "The class is missing.",
    ]


def test_invalid_school_year_is_an_error(school):
    plan = plan_for(school, ["", "Peeters", "Bram", "5A", ""], school_year="2026-2028")

    assert "School year: Write the school year" in plan.rows[0].row.errors[0]


def test_full_name_column(school):
    plan = plan_for(
        school,
        ["Van den Broeck Zoë", "5A"],
        ["Zoë", "5A"],
        headers=["Naam", "Klas"],
        roles=["name_last_first", "class_name"],
    )

    assert plan.rows[0].row.first_name == "Zoë"
    assert plan.rows[0].row.last_name == "Van den Broeck"
    assert plan.rows[1].outcome == Outcome.ERROR
    assert "cannot be split" in plan.rows[1].row.errors[0]


# Matching


def test_match_on_external_id_updates_name_and_class(school, pupil):
    pupil.external_id = "100234"
    pupil.save()

    plan = plan_for(school, ["100234", "Van den Broeck", "Zoe", "6B", ""])

    (row_plan,) = plan.rows
    assert row_plan.outcome == Outcome.UPDATED
    assert row_plan.pupil == pupil
    changes = {change.field: (change.old, change.new) for change in row_plan.changes}
    assert changes == {"first_name": ("Zoë", "Zoe"), "class_name": ("5A", "6B")}


def test_match_on_name_and_birth_date(school, pupil):
    pupil.birth_date = datetime.date(2015, 4, 3)
    pupil.school_year = "2026-2027"
    pupil.save()

    plan = plan_for(school, ["", "VAN DEN BROECK", "Zoë", "5a", "03/04/2015"])

    assert plan.rows[0].pupil == pupil
    changes = {change.field: change.new for change in plan.rows[0].changes}
    assert changes == {"last_name": "VAN DEN BROECK"}


def test_same_name_other_birth_date_is_new(school, pupil):
    pupil.birth_date = datetime.date(2015, 4, 3)
    pupil.save()

    plan = plan_for(school, ["", "Van den Broeck", "Zoë", "5A", "04/04/2015"])

    assert outcomes(plan) == [Outcome.NEW]


def test_pupil_without_birth_date_matches_on_name(school, pupil):
    plan = plan_for(school, ["100234", "Van den Broeck", "Zoë", "5A", "03/04/2015"])

    (row_plan,) = plan.rows
    assert row_plan.pupil == pupil
    assert {change.field for change in row_plan.changes} == {
        "external_id",
        "birth_date",
    }


def test_other_external_id_is_another_pupil(school, pupil):
    pupil.external_id = "999"
    pupil.save()

    plan = plan_for(school, ["100234", "Van den Broeck", "Zoë", "5A", ""])

    assert outcomes(plan) == [Outcome.NEW]


def test_unchanged_pupil(school, pupil):
    pupil.school_year = "2026-2027"
    pupil.save()

    plan = plan_for(school, ["", "Van den Broeck", "Zoë", "5A", ""])

    assert outcomes(plan) == [Outcome.UNCHANGED]
    assert plan.has_changes is False


def test_empty_cells_keep_known_values(school, pupil):
    pupil.external_id = "100234"
    pupil.birth_date = datetime.date(2015, 4, 3)
    pupil.school_year = "2026-2027"
    pupil.save()

    plan = plan_for(school, ["", "Van den Broeck", "Zoë", "5A", ""])

    assert outcomes(plan) == [Outcome.UNCHANGED]


def test_pupil_who_left_comes_back(school, pupil):
    pupil.is_active = False
    pupil.school_year = "2025-2026"
    pupil.save()

    plan = plan_for(school, ["", "Van den Broeck", "Zoë", "5A", ""])

    assert [c.field for c in plan.rows[0].changes] == ["school_year", "is_active"]


def test_namesakes_need_birth_date_or_id(school, pupil):
    Pupil.objects.create(
        school=school, first_name="Zoë", last_name="Van den Broeck", class_name="6B"
    )

    plan = plan_for(school, ["", "Van den Broeck", "Zoë", "4C", ""])

    assert outcomes(plan) == [Outcome.ERROR]
    assert "2 pupils named Zoë Van den Broeck" in plan.rows[0].row.errors[0]


def test_namesakes_are_told_apart_by_class(school, pupil):
    Pupil.objects.create(
        school=school, first_name="Zoë", last_name="Van den Broeck", class_name="6B"
    )

    plan = plan_for(school, ["", "Van den Broeck", "Zoë", "5A", ""])

    assert plan.rows[0].pupil == pupil


def test_other_schools_pupils_are_not_matched(school, other_pupil):
    other_pupil.external_id = "100234"
    other_pupil.save()

    plan = plan_for(school, ["100234", "Maes", "Lars", "3B", ""])

    assert outcomes(plan) == [Outcome.NEW]


# Duplicates in the file


def test_duplicate_rows(school):
    row = ["", "Peeters", "Bram", "5A", "17/11/2014"]

    plan = plan_for(school, row, row)

    assert outcomes(plan) == [Outcome.NEW, Outcome.ERROR]
    assert plan.rows[1].row.errors == [
        "This pupil is also in row 2. Remove one of both rows."
    ]


def test_duplicate_external_id(school):
    plan = plan_for(
        school,
        ["100234", "Peeters", "Bram", "5A", ""],
        ["100234", "Maes", "Febe", "5B", ""],
    )

    assert outcomes(plan) == [Outcome.NEW, Outcome.ERROR]


def test_namesakes_in_other_classes_allowed(school):
    plan = plan_for(
        school,
        ["", "Peeters", "Bram", "1A", ""],
        ["", "Peeters", "Bram", "3B", ""],
    )

    assert outcomes(plan) == [Outcome.NEW, Outcome.NEW]


def test_two_rows_about_one_pupil(school, pupil):
    pupil.external_id = "100234"
    pupil.save()

    plan = plan_for(
        school,
        ["100234", "Van den Broeck", "Zoë", "5A", ""],
        ["", "Van den Broeck", "Zoë", "6A", ""],
    )

    assert outcomes(plan)[1] == Outcome.ERROR
    assert "both about Zoë Van den Broeck" in plan.rows[1].row.errors[0]


# Pupils who left


def test_missing_pupils_left_on_request(school, pupil):
    row = ["", "Peeters", "Bram", "5A", ""]

    assert plan_for(school, row).leaving == []
    assert plan_for(school, row, mark_missing_as_left=True).leaving == [pupil]


def test_error_row_pupil_is_not_left(school, pupil):
    plan = plan_for(
        school,
        ["", "Van den Broeck", "Zoë", "5A", "31/02/2015"],
        mark_missing_as_left=True,
    )

    assert outcomes(plan) == [Outcome.ERROR]
    assert plan.leaving == []


def test_fingerprint_follows_the_database(school, pupil):
    row = ["", "Van den Broeck", "Zoë", "6A", ""]
    before = plan_for(school, row).fingerprint

    assert plan_for(school, row).fingerprint == before
    pupil.class_name = "6A"
    pupil.save()
    assert plan_for(school, row).fingerprint != before


def test_fingerprint_ignores_language(school):
    row = ["", "Peeters", "", "5A", ""]
    english = plan_for(school, row).fingerprint

    with translation.override("nl-be"):
        dutch = plan_for(school, row)

    assert dutch.rows[0].row.errors == ["De voornaam ontbreekt."]
    assert dutch.fingerprint == english
