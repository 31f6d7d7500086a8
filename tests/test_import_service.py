"""Writing an import: all or nothing, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.db import IntegrityError

from groeidocument.imports import services
from groeidocument.imports.matching import build_plan
from groeidocument.imports.reader import read_table
from groeidocument.imports.services import (
    ImportConflict,
    PlanChanged,
    PlanHasErrors,
    run_import,
)
from groeidocument.pupils.models import Pupil

from .import_files import HEADER, PUPILS, csv_bytes

ROLES = ["external_id", "last_name", "first_name", "class_name", "birth_date"]
BAD_ROW = ["100237", "Maes", "Febe", "5B", "31/02/2015"]


def class_list(*rows):
    return read_table("klaslijst.csv", csv_bytes([HEADER, *rows]))


def import_list(school, table, **options):
    return run_import(school, table, ROLES, "2026-2027", **options)


def test_import_creates_pupils(school):
    result = import_list(school, class_list(*PUPILS))

    assert result.created == 3
    zoe = Pupil.objects.get(external_id="100234")
    assert zoe.school == school
    assert zoe.first_name == "Zoë"
    assert zoe.last_name == "Van den Broeck"
    assert zoe.search_name == "zoe van den broeck"
    assert zoe.birth_date == datetime.date(2015, 4, 3)
    assert zoe.school_year == "2026-2027"
    assert zoe.is_active is True
    assert Pupil.objects.search("anais muller").get().external_id == "100236"


def test_second_import_changes_nothing(school):
    import_list(school, class_list(*PUPILS))

    result = import_list(school, class_list(*PUPILS))

    assert (result.created, result.updated, result.left) == (0, 0, 0)
    assert Pupil.objects.count() == 3


def test_new_school_year_moves_pupils(school):
    import_list(school, class_list(*PUPILS))
    next_year = [[*cells[:3], "6" + cells[3][1:], cells[4]] for cells in PUPILS[:2]]

    result = run_import(
        school,
        class_list(*next_year),
        ROLES,
        "2027-2028",
        mark_missing_as_left=True,
    )

    assert (result.updated, result.left) == (2, 1)
    zoe = Pupil.objects.get(external_id="100234")
    assert (zoe.class_name, zoe.school_year) == ("6A", "2027-2028")
    anais = Pupil.objects.get(external_id="100236")
    assert anais.is_active is False
    assert anais.class_name == "5B"


def test_name_change_updates_search_name(school, pupil):
    pupil.external_id = "100234"
    pupil.save()

    import_list(school, class_list(["100234", "Broeck", "Zoé", "5A", ""]))

    pupil.refresh_from_db()
    assert pupil.search_name == "zoe broeck"
    assert pupil.updated_at > pupil.created_at


def test_one_bad_row_saves_nothing(school, pupil):
    with pytest.raises(PlanHasErrors) as raised:
        import_list(
            school,
            class_list(*PUPILS, BAD_ROW),
            mark_missing_as_left=True,
        )

    assert raised.value.plan.counts["error"] == 1
    assert list(Pupil.objects.all()) == [pupil]
    pupil.refresh_from_db()
    assert pupil.is_active is True


def test_skip_errors_imports_the_other_rows(school):
    result = import_list(school, class_list(*PUPILS, BAD_ROW), skip_errors=True)

    assert (result.created, result.skipped) == (3, 1)
    assert not Pupil.objects.filter(external_id="100237").exists()


def test_changed_plan_saves_nothing(school):
    table = class_list(*PUPILS)
    fingerprint = build_plan(school, table, ROLES, "2026-2027").fingerprint
    Pupil.objects.create(
        school=school,
        first_name="Bram",
        last_name="Peeters",
        class_name="4A",
        external_id="100235",
    )

    with pytest.raises(PlanChanged) as raised:
        import_list(school, table, expected_fingerprint=fingerprint)

    assert raised.value.plan.counts["updated"] == 1
    assert Pupil.objects.count() == 1


def test_database_error_rolls_back_every_write(school, pupil, monkeypatch):
    def fail(plan, now):
        raise IntegrityError("simulated")

    monkeypatch.setattr(services, "_mark_left", fail)
    rows = [*PUPILS[1:], ["", "Van den Broeck", "Zoë", "6A", ""]]

    with pytest.raises(ImportConflict):
        import_list(school, class_list(*rows), mark_missing_as_left=True)

    assert list(Pupil.objects.all()) == [pupil]
    pupil.refresh_from_db()
    assert pupil.class_name == "5A"


def test_duplicate_external_id_in_database_is_a_conflict(school, monkeypatch):
    real_build_plan = services.build_plan

    def plan_then_insert(*args, **kwargs):
        plan = real_build_plan(*args, **kwargs)
        # Another writer takes the stamboeknummer after the plan was made.
        Pupil.objects.create(
            school=school,
            first_name="Jan",
            last_name="Janssens",
            class_name="1A",
            external_id="100234",
        )
        return plan

    monkeypatch.setattr(services, "build_plan", plan_then_insert)

    with pytest.raises(ImportConflict):
        import_list(school, class_list(*PUPILS))

    assert not Pupil.objects.exists()


def test_import_leaves_other_schools_alone(school, other_pupil):
    import_list(school, class_list(*PUPILS), mark_missing_as_left=True)

    other_pupil.refresh_from_db()
    assert other_pupil.is_active is True
    assert Pupil.objects.filter(school=school).count() == 3


def test_thousand_pupils_in_few_queries(school, django_assert_max_num_queries):
    rows = [
        [str(200000 + number), f"Peeters{number}", "Jan", f"{number % 30}A", ""]
        for number in range(1000)
    ]
    table = class_list(*rows)

    with django_assert_max_num_queries(10):
        result = import_list(school, table)

    assert result.created == 1000
