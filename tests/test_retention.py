"""The day a pupil left, the school's retention period and applyretention."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from groeidocument.accounts.models import School
from groeidocument.audit.erasure import months_before
from groeidocument.audit.models import Action, AuditEntry
from groeidocument.growth.models import GrowthDocument
from groeidocument.imports.reader import SourceRow, Table
from groeidocument.imports.services import run_import
from groeidocument.pupils.models import Pupil

TODAY = datetime.date(2026, 12, 4)
NOON = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 12, 4), 24, datetime.date(2024, 12, 4)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 3, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 15), 1, datetime.date(2025, 12, 15)),
        (datetime.date(2026, 1, 15), 13, datetime.date(2024, 12, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def left_pupil(school, left_on, name="Lars"):
    pupil = Pupil.objects.create(
        school=school, first_name=name, last_name="Maes", class_name="6A"
    )
    Pupil.objects.filter(pk=pupil.pk).update(is_active=False, left_on=left_on)
    return pupil


def test_save_sets_and_clears_left_on(pupil):
    with time_machine.travel(NOON, tick=False):
        pupil.is_active = False
        pupil.save(update_fields=["is_active"])
    pupil.refresh_from_db()
    assert pupil.left_on == TODAY

    pupil.is_active = True
    pupil.save()
    pupil.refresh_from_db()
    assert pupil.left_on is None


def test_database_requires_left_on_for_left_pupil(pupil):
    with pytest.raises(IntegrityError):
        Pupil.objects.filter(pk=pupil.pk).update(is_active=False)


def test_edit_form_sets_left_on(client, coach, pupil):
    client.force_login(coach)
    data = {
        "first_name": pupil.first_name,
        "last_name": pupil.last_name,
        "class_name": pupil.class_name,
        "school_year": pupil.school_year,
    }

    # One travel for both requests: the idle timeout would end a session
    # whose last request lies hours away from the next.
    with time_machine.travel(NOON, tick=False):
        client.post(reverse("pupils:edit", args=[pupil.uuid]), data)
        page = client.get(pupil.get_absolute_url())
    pupil.refresh_from_db()

    assert pupil.is_active is False
    assert pupil.left_on == TODAY
    assert "vertrok op 4 december 2026" in page.text


def test_import_sets_and_clears_left_on(school, pupil):
    table = Table(
        headers=["Voornaam", "Familienaam", "Klas"],
        rows=[SourceRow(number=2, cells=["Bram", "Peeters", "5A"])],
    )
    roles = ["first_name", "last_name", "class_name"]
    with time_machine.travel(NOON, tick=False):
        run_import(school, table, roles, "2026-2027", mark_missing_as_left=True)
    pupil.refresh_from_db()
    assert pupil.left_on == TODAY

    back = Table(
        headers=table.headers,
        rows=[SourceRow(number=2, cells=["Zoë", "Van den Broeck", "6A"])],
    )
    run_import(school, back, roles, "2027-2028")
    pupil.refresh_from_db()
    assert pupil.is_active is True
    assert pupil.left_on is None


def run_retention(*arguments) -> str:
    output = StringIO()
    with time_machine.travel(NOON, tick=False):
        call_command("applyretention", *arguments, stdout=output)
    return output.getvalue()


@pytest.fixture
def leavers(school, coach):
    """A pupil past the 24-month period, one on its last day, and one recent."""
    old = left_pupil(school, datetime.date(2024, 12, 3), name="Oud")
    GrowthDocument.objects.create(pupil=old, coach=coach)
    last_day = left_pupil(school, datetime.date(2024, 12, 4), name="Grens")
    recent = left_pupil(school, datetime.date(2026, 6, 30), name="Recent")
    return old, last_day, recent


def test_dry_run_changes_nothing(leavers, pupil):
    old, _last_day, _recent = leavers

    output = run_retention("--dry-run")

    assert Pupil.objects.count() == 4
    assert not AuditEntry.objects.exists()
    assert "1 pupils who left before 2024-12-04 would be erased" in output
    assert str(old.uuid) in output
    assert "Oud" not in output
    assert "Dry run: nothing was changed." in output


def test_dry_run_shows_names_on_request(leavers):
    output = run_retention("--dry-run", "--show-names")

    assert "Oud Maes (6A)" in output


def test_retention_erases_only_expired_pupils(leavers, pupil):
    old, last_day, recent = leavers

    output = run_retention()

    assert set(Pupil.objects.all()) == {last_day, recent, pupil}
    assert not GrowthDocument.objects.exists()
    entry = AuditEntry.objects.get()
    assert entry.action == Action.ERASED_BY_RETENTION
    assert entry.pupil_uuid == old.uuid
    assert entry.user is None
    assert "Erased 1 pupils and deleted 0 audit entries." in output


def test_retention_follows_each_school_period(school, other_school):
    school.retention_months = 6
    school.save()
    mine = left_pupil(school, datetime.date(2026, 6, 1))
    theirs = left_pupil(other_school, datetime.date(2026, 6, 1))

    run_retention()

    assert list(Pupil.objects.all()) == [theirs]
    assert AuditEntry.objects.get().pupil_uuid == mine.uuid


def test_retention_for_one_school(school, other_school):
    left_pupil(school, datetime.date(2020, 1, 1))
    theirs = left_pupil(other_school, datetime.date(2020, 1, 1))

    output = run_retention("--school", other_school.name)

    assert Pupil.objects.count() == 1
    assert not Pupil.objects.filter(pk=theirs.pk).exists()
    assert school.name not in output


def test_retention_unknown_school(school):
    with pytest.raises(CommandError, match="No school is named 'Nergens'"):
        run_retention("--school", "Nergens")


def test_retention_deletes_old_audit_entries(school, pupil):
    # 24 months plus 12 for the audit log: entries before 4 December 2023.
    for moment in [
        datetime.datetime(2023, 12, 3, 22, 59, tzinfo=datetime.UTC),
        datetime.datetime(2023, 12, 3, 23, 0, tzinfo=datetime.UTC),
    ]:
        AuditEntry.objects.create(
            created_at=moment,
            school=school,
            action=Action.VIEWED_PUPIL,
            pupil_uuid=pupil.uuid,
        )

    dry = run_retention("--dry-run")
    assert AuditEntry.objects.count() == 2
    assert "1 audit entries from before 2023-12-04 would be deleted" in dry

    run_retention()

    # 23:00 UTC on 3 December is midnight on 4 December in Brussels.
    remaining = AuditEntry.objects.get()
    assert remaining.created_at == datetime.datetime(
        2023, 12, 3, 23, 0, tzinfo=datetime.UTC
    )


def test_settings_page_saves_retention(client, coordinator, school):
    client.force_login(coordinator)

    response = client.post(
        reverse("conversations:starters"), {"privacy-retention_months": "36"}
    )

    school.refresh_from_db()
    assert response.status_code == 302
    assert school.retention_months == 36


def test_settings_page_saves_both_privacy_settings_at_once(client, coordinator, school):
    client.force_login(coordinator)
    page = client.get(reverse("conversations:starters")).text
    assert 'min="6"' in page
    assert 'max="120"' in page

    client.post(
        reverse("conversations:starters"),
        {"privacy-retention_months": "36", "privacy-coordinators_read_notes": "on"},
    )

    school.refresh_from_db()
    assert school.retention_months == 36
    assert school.coordinators_read_notes is True


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("3", "Bewaartermijn: bewaar de gegevens minstens 6 maanden."),
        ("-1", "Bewaartermijn: bewaar de gegevens minstens 6 maanden."),
        ("500", "Bewaartermijn: bewaar de gegevens hoogstens 120 maanden."),
        ("twee jaar", "Schrijf de bewaartermijn als een geheel aantal maanden"),
        ("", "Vul de bewaartermijn in, in maanden"),
    ],
)
def test_settings_page_rejects_bad_retention(
    client, school_admin, school, value, message
):
    client.force_login(school_admin)

    response = client.post(
        reverse("conversations:starters"), {"privacy-retention_months": value}
    )

    school.refresh_from_db()
    assert response.status_code == 200
    assert message in response.text
    assert f'value="{value}"' in response.text or not value
    assert school.retention_months == 24


def test_coach_cannot_change_retention(client, coach, school):
    client.force_login(coach)

    response = client.post(
        reverse("conversations:starters"), {"privacy-retention_months": "6"}
    )

    school.refresh_from_db()
    assert response.status_code == 403
    assert school.retention_months == 24
    assert (
        "privacy-retention_months"
        not in client.get(reverse("conversations:starters")).text
    )


@pytest.mark.django_db(transaction=True)
def test_migration_dates_pupils_who_left():
    executor = MigrationExecutor(connection)
    before = [("pupils", "0001_initial")]
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    # Only the pupils table is rolled back, so the school comes from the
    # current model.
    school = School.objects.create(name="Basisschool De Linde")
    OldPupil = executor.loader.project_state(before).apps.get_model("pupils", "Pupil")
    for is_active in (True, False):
        OldPupil.objects.create(
            school_id=school.pk,
            first_name="Zoë",
            last_name="Maes",
            search_name="zoe maes",
            class_name="5A",
            school_year="2026-2027",
            is_active=is_active,
        )

    with time_machine.travel(NOON, tick=False):
        executor = MigrationExecutor(connection)
        executor.migrate(after)

    left_on = dict(
        apps.get_model("pupils", "Pupil").objects.values_list("is_active", "left_on")
    )
    assert left_on == {True: None, False: TODAY}
