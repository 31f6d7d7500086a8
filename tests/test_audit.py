"""The audit log: one entry per view and change of pupil data, and its screens."""

import datetime
import logging
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groeidocument.audit.models import Action, AuditEntry
from groeidocument.audit.views import ENTRIES_PER_PAGE
from groeidocument.conversations.services import start_follow_up

from .import_files import HEADER, PUPILS, csv_bytes
from .test_import_views import confirm, token_of, upload_file


def actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


# Route, URL argument and the action a GET of it records.
RECORDED_READS = [
    ("pupils:detail", "pupil", Action.VIEWED_PUPIL),
    ("pupils:edit", "pupil", Action.VIEWED_PUPIL),
    ("growth:detail", "document", Action.VIEWED_DOCUMENT),
    ("growth:edit", "document", Action.VIEWED_DOCUMENT),
    ("growth:print", "document", Action.PRINTED),
    ("growth:pdf", "document", Action.PDF_DOWNLOADED),
    ("growth:report_pdf", "document", Action.REPORT_DOWNLOADED),
    ("pupils:class_pdf", "class", Action.PDF_DOWNLOADED),
    ("exports:pupil", "pupil", Action.EXPORTED_PUPIL),
    ("exports:school_csv", None, Action.EXPORTED_SCHOOL),
    ("exports:school_xlsx", None, Action.EXPORTED_SCHOOL),
]


@pytest.mark.parametrize(("route", "argument", "action"), RECORDED_READS)
def test_read_records_one_entry(route, argument, action, coordinator_client, document):
    args = {
        None: [],
        "pupil": [document.pupil.uuid],
        "document": [document.uuid],
        "class": [document.pupil.class_name],
    }[argument]

    response = coordinator_client.get(reverse(route, args=args))

    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.action == action
    assert entry.pupil_uuid == document.pupil.uuid
    assert entry.username == "coordinator"
    assert entry.role == "coordinator"
    assert entry.school == document.pupil.school
    if argument in ("document", "class"):
        assert entry.document_uuid == document.uuid


def test_lists_record_nothing(coordinator_client, document):
    coordinator_client.get(reverse("overview"))
    coordinator_client.get(reverse("pupils:list"))

    assert not AuditEntry.objects.exists()


def test_audit_pages_record_nothing(coordinator_client, pupil):
    coordinator_client.get(reverse("audit:pupil_log", args=[pupil.uuid]))
    coordinator_client.get(reverse("audit:school_log"))

    assert not AuditEntry.objects.exists()


def test_refused_read_records_nothing(client, colleague, outsider, document):
    client.force_login(colleague)
    client.get(reverse("growth:detail", args=[document.uuid]))
    client.force_login(outsider)
    client.get(reverse("pupils:detail", args=[document.pupil.uuid]))

    assert not AuditEntry.objects.exists()


def test_pupil_changes_are_recorded(coordinator_client, school):
    coordinator_client.post(
        reverse("pupils:add"),
        {
            "first_name": "Mila",
            "last_name": "Claes",
            "class_name": "4B",
            "school_year": "2026-2027",
        },
    )
    pupil = school.pupils.get()
    coordinator_client.post(
        reverse("pupils:edit", args=[pupil.uuid]),
        {
            "first_name": "Mila",
            "last_name": "Claes",
            "class_name": "4C",
            "school_year": "2026-2027",
            "is_active": "on",
        },
    )

    assert actions() == [Action.ADDED_PUPIL, Action.EDITED_PUPIL]
    assert set(AuditEntry.objects.values_list("pupil_uuid", flat=True)) == {pupil.uuid}


def test_rejected_edit_records_nothing(coordinator_client, pupil):
    coordinator_client.post(reverse("pupils:edit", args=[pupil.uuid]), {})

    assert actions() == []


def test_document_changes_are_recorded(client, coach, colleague, document):
    client.force_login(coach)
    client.post(reverse("growth:close", args=[document.uuid]), {"reason": "stopped"})
    client.post(reverse("growth:reopen", args=[document.uuid]))
    client.post(
        reverse("growth:hand_over", args=[document.uuid]),
        {"to_coach": str(colleague.uuid), "confirm": "on"},
    )

    assert actions() == [Action.CLOSED, Action.REOPENED, Action.HANDED_OVER]
    assert set(AuditEntry.objects.values_list("document_uuid", flat=True)) == {
        document.uuid
    }


def test_conversation_is_recorded(client, coach, document):
    client.force_login(coach)

    client.post(reverse("conversations:start_for_document", args=[document.uuid]))
    draft = document.draft_conversation()
    client.post(reverse("conversations:discard", args=[draft.uuid]), {"confirm": "on"})

    assert actions() == [Action.CONVERSATION_STARTED, Action.CONVERSATION_DISCARDED]


def test_autosaves_are_throttled(client, coach, document):
    draft = start_follow_up(document, coach)
    client.force_login(coach)
    url = reverse("conversations:step", args=[draft.uuid, "scaling"])
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        client.get(url)
        client.get(url)
        for _ in range(3):
            client.post(url, {"note": "x"}, headers={"HX-Request": "true"})
    with time_machine.travel(start + datetime.timedelta(minutes=6), tick=False):
        client.post(url, {"note": "y"}, headers={"HX-Request": "true"})

    assert actions() == [
        Action.CONVERSATION_OPENED,
        Action.CONVERSATION_SAVED,
        Action.CONVERSATION_SAVED,
    ]


def test_throttle_is_per_user(client, coach, coordinator, document):
    draft = start_follow_up(document, coach)
    url = reverse("conversations:step", args=[draft.uuid, "scaling"])

    for user in (coach, coordinator):
        client.force_login(user)
        client.post(url, {"note": "x"}, headers={"HX-Request": "true"})

    assert AuditEntry.objects.filter(action=Action.CONVERSATION_SAVED).count() == 2


def test_throttle_is_per_login(client, coach, document):
    draft = start_follow_up(document, coach)
    url = reverse("conversations:step", args=[draft.uuid, "scaling"])
    tablet = Client()
    client.force_login(coach)
    tablet.force_login(coach)

    for device in (client, tablet, client, tablet):
        device.post(url, {"note": "x"}, headers={"HX-Request": "true"})

    assert AuditEntry.objects.filter(action=Action.CONVERSATION_SAVED).count() == 2


def test_import_records_one_school_entry(client, coach, school, pupil):
    client.force_login(coach)
    response = upload_file(
        client, "lijst.csv", csv_bytes([HEADER, *PUPILS[1:]]), mark_missing_as_left="on"
    )

    confirm(client, token_of(response), client.get(response.url))

    # Two new pupils, and the fixture's pupil marked as left.
    entry = AuditEntry.objects.get()
    assert entry.action == Action.IMPORTED
    assert entry.pupil_uuid is None
    assert entry.pupil_count == 3


def test_entries_do_not_reach_python_logging(coordinator_client, pupil, caplog):
    with caplog.at_level(logging.DEBUG):
        coordinator_client.get(reverse("exports:pupil", args=[pupil.uuid]))
        coordinator_client.get(reverse("pupils:detail", args=[pupil.uuid]))

    assert AuditEntry.objects.count() == 2
    assert str(pupil.uuid) not in caplog.text


def test_entry_outlives_deleted_user(coordinator_client, coordinator, pupil):
    coordinator_client.get(reverse("pupils:detail", args=[pupil.uuid]))
    coordinator_client.logout()

    coordinator.delete()

    entry = AuditEntry.objects.get()
    assert entry.user is None
    assert entry.username == "coordinator"


def test_pupil_log_shows_entries_in_brussels_time(
    coordinator_client, school_admin, pupil
):
    # 23:30 UTC on 31 March 2026 is 1:30 on 1 April in Brussels (summer time).
    AuditEntry.objects.create(
        created_at=datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC),
        user=school_admin,
        username=school_admin.username,
        role="admin",
        school=pupil.school,
        action=Action.EDITED_PUPIL,
        pupil_uuid=pupil.uuid,
    )

    response = coordinator_client.get(reverse("audit:pupil_log", args=[pupil.uuid]))

    text = response.text
    assert response.status_code == 200
    assert "1 april 2026, 01:30" in text
    assert "Schooladmin" in text
    assert "schoolbeheerder" in text
    assert "wijzigde de leerling" in text


def test_pupil_log_is_newest_first_and_paginated(coordinator_client, pupil):
    start = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            created_at=start + datetime.timedelta(minutes=minute),
            username="someone",
            school=pupil.school,
            action=Action.VIEWED_PUPIL,
            pupil_uuid=pupil.uuid,
        )
        for minute in range(ENTRIES_PER_PAGE + 1)
    )
    url = reverse("audit:pupil_log", args=[pupil.uuid])

    first = coordinator_client.get(url).text
    second = coordinator_client.get(url + "?page=2").text

    times = re.findall(r"2 november 2026, (\d\d:\d\d)", first)
    assert len(times) == ENTRIES_PER_PAGE
    assert times[0] == "09:50"
    assert times == sorted(times, reverse=True)
    assert re.findall(r"2 november 2026, (\d\d:\d\d)", second) == ["09:00"]
    assert "Pagina 1 van 2" in first


def test_pupil_log_shows_no_other_pupil(coordinator_client, pupil, school):
    other = school.pupils.create(first_name="Mila", last_name="Claes", class_name="4B")
    coordinator_client.get(reverse("pupils:detail", args=[other.uuid]))

    response = coordinator_client.get(reverse("audit:pupil_log", args=[pupil.uuid]))

    assert "Voor deze leerling is nog niets bijgehouden." in response.text


def test_pupil_log_hides_documents_the_user_cannot_open(
    client, school_admin, coach, document
):
    client.force_login(coach)
    client.get(reverse("growth:detail", args=[document.uuid]))
    client.force_login(school_admin)

    response = client.get(reverse("audit:pupil_log", args=[document.pupil.uuid]))

    assert document.get_absolute_url() not in response.text
    assert f"id {str(document.uuid)[:8]}…" in response.text


def test_pupil_page_links_to_log_for_managers(client, coach, coordinator, pupil):
    log_url = reverse("audit:pupil_log", args=[pupil.uuid])
    client.force_login(coordinator)
    assert log_url in client.get(pupil.get_absolute_url()).text

    client.force_login(coach)
    assert log_url not in client.get(pupil.get_absolute_url()).text


def test_school_log_rejects_malformed_id(coordinator_client):
    response = coordinator_client.get(reverse("audit:school_log"), {"pupil": "12ab"})

    assert response.status_code == 200
    assert "Leerling-id: schrijf de id als 32 letters en cijfers" in response.text
    assert 'value="12ab"' in response.text


def test_school_log_lists_other_school_nothing(coordinator_client, other_pupil):
    AuditEntry.objects.create(
        school=other_pupil.school, action=Action.ERASED, pupil_uuid=other_pupil.uuid
    )

    listing = coordinator_client.get(reverse("audit:school_log"))
    lookup = coordinator_client.get(
        reverse("audit:school_log"), {"pupil": str(other_pupil.uuid)}
    )

    assert str(other_pupil.uuid) not in listing.text
    assert "Er is nog geen leerling van je school gewist." in listing.text
    assert "Voor deze leerling-id is in je school niets bijgehouden." in lookup.text
