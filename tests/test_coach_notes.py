"""Who reads the coach-only notes: every place they could appear."""

import json

import pytest
from django.urls import reverse

from groeidocument.conversations.views import PUPIL_VIEW_SESSION_KEY
from groeidocument.growth.services import share_document
from tests.conftest import make_user
from tests.test_pdf import one_line, pdf_text

NOTE = "Thuis is er veel aan de hand."


@pytest.fixture
def noted(document):
    """The document, whose first conversation has a note by its holder."""
    conversation = document.conversations.get()
    conversation.coach_notes = {"scaling": NOTE}
    conversation.save()
    return document


@pytest.fixture
def reader(school, noted):
    user = make_user("reader", school)
    share_document(noted, user=noted.coach, colleague=user, access="read")
    return user


@pytest.fixture
def writer(school, noted):
    user = make_user("writer", school)
    share_document(noted, user=noted.coach, colleague=user, access="write")
    return user


def allow_coordinators(school):
    school.coordinators_read_notes = True
    school.save()


def page(client, noted):
    return client.get(noted.get_absolute_url()).content.decode()


def report(client, noted):
    response = client.get(reverse("growth:report_pdf", args=[noted.uuid]))
    return one_line(pdf_text(response.content))


# The document page and the report.


def test_author_reads_own_notes(login, coach, noted):
    client = login(coach)

    assert NOTE in page(client, noted)
    assert NOTE in report(client, noted)


@pytest.mark.parametrize("persona", ["reader", "writer"])
def test_sharing_colleague_never_reads_notes(login, school, noted, persona, request):
    allow_coordinators(school)
    client = login(request.getfixturevalue(persona))

    assert NOTE not in page(client, noted)
    assert NOTE not in report(client, noted)


def test_coordinator_reads_notes_only_when_allowed(login, coordinator, school, noted):
    client = login(coordinator)
    assert NOTE not in page(client, noted)
    assert NOTE not in report(client, noted)

    allow_coordinators(school)

    detail = page(client, noted)
    assert NOTE in detail
    assert "door Owner" in detail
    coordinator_report = report(client, noted)
    assert NOTE in coordinator_report
    assert "Notities van de begeleider (door Owner)" in coordinator_report


def test_pupil_copy_never_has_notes(login, coach, school, noted):
    allow_coordinators(school)
    client = login(coach)

    pdf = client.get(reverse("growth:pdf", args=[noted.uuid]))
    printed = client.get(reverse("growth:print", args=[noted.uuid]))

    assert NOTE not in one_line(pdf_text(pdf.content))
    assert NOTE not in printed.content.decode()


# The conversation mode.


def draft_step(client, noted, user):
    client.force_login(user)
    client.post(reverse("conversations:start_for_document", args=[noted.uuid]))
    return noted.conversations.drafts().get()


def test_writer_gets_no_note_field_in_holders_draft(login, coach, writer, noted):
    client = login(coach)
    draft = draft_step(client, noted, coach)
    url = reverse("conversations:step", args=[draft.uuid, "scaling"])
    client.post(url, {"note": "Mijn eigen notitie."}, HTTP_HX_REQUEST="true")

    client.force_login(writer)
    writer_page = client.get(url).content.decode()
    client.post(url, {"note": "Overschreven"}, HTTP_HX_REQUEST="true")

    assert 'name="note"' not in writer_page
    assert "Mijn eigen notitie." not in writer_page
    draft.refresh_from_db()
    assert draft.coach_notes == {"scaling": "Mijn eigen notitie."}


def test_pupil_view_has_no_note(login, coach, noted):
    client = login(coach)
    draft = draft_step(client, noted, coach)
    url = reverse("conversations:step", args=[draft.uuid, "scaling"])
    client.post(url, {"note": "Niet voor de leerling."}, HTTP_HX_REQUEST="true")
    session = client.session
    session[PUPIL_VIEW_SESSION_KEY] = [str(draft.uuid)]
    session.save()

    pupil_page = client.get(url).content.decode()

    assert 'name="note"' not in pupil_page
    assert "Niet voor de leerling." not in pupil_page


# The pupil export.


def test_export_withholds_notes_unless_allowed(login, coordinator, school, noted):
    client = login(coordinator)
    url = reverse("exports:pupil", args=[noted.pupil.uuid])

    [conversation] = json.loads(client.get(url).content)["growth_documents"][0][
        "conversations"
    ]
    assert "coach_notes" not in conversation
    assert conversation["coach_notes_withheld"] is True
    assert NOTE not in client.get(url).content.decode()

    allow_coordinators(school)
    [conversation] = json.loads(client.get(url).content)["growth_documents"][0][
        "conversations"
    ]
    assert conversation["coach_notes"] == {"scaling": NOTE}


def test_school_admin_export_withholds_notes(login, school_admin, school, noted):
    allow_coordinators(school)

    response = login(school_admin).get(
        reverse("exports:pupil", args=[noted.pupil.uuid])
    )

    assert NOTE not in response.content.decode()


# The school setting.


@pytest.mark.parametrize("persona", ["coordinator", "school_admin"])
def test_setting_switched_by_coordinator_or_admin(login, school, persona, request):
    client = login(request.getfixturevalue(persona))
    url = reverse("conversations:starters")

    assert "privacy-coordinators_read_notes" in client.get(url).content.decode()
    response = client.post(
        url, {"privacy-retention_months": "24", "privacy-coordinators_read_notes": "on"}
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.coordinators_read_notes is True

    client.post(url, {"privacy-retention_months": "24"})
    school.refresh_from_db()
    assert school.coordinators_read_notes is False


def test_coach_cannot_switch_setting(login, coach, school):
    client = login(coach)
    url = reverse("conversations:starters")

    response = client.post(
        url, {"privacy-retention_months": "24", "privacy-coordinators_read_notes": "on"}
    )

    assert response.status_code == 403
    assert "privacy-coordinators_read_notes" not in client.get(url).content.decode()
    school.refresh_from_db()
    assert school.coordinators_read_notes is False
