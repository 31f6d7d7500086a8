"""A closed growth document is read-only until someone opens it again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from groeidocument.conversations.services import start_follow_up
from groeidocument.growth.models import Conversation, ConversationEntry
from groeidocument.growth.services import (
    close_document,
    reopen_document,
    update_growth_document,
)
from tests.test_document_views import form_data

CLOSED = (
    "Dit groeidocument is afgesloten. Wie het in handen heeft of een "
    "zorgcoördinator moet het eerst weer openen voordat je het kunt wijzigen."
)


@pytest.fixture
def closed(coach, document):
    return close_document(document, user=coach, reason="goal_reached")


def edit_url(document):
    return reverse("growth:edit", args=[document.uuid])


def test_detail_of_closed_document_has_no_edit(login, coach, closed):
    content = login(coach).get(closed.get_absolute_url()).content.decode()

    assert edit_url(closed) not in content
    assert ">Wijzigen<" not in content
    assert "Weer openen" in content


def test_detail_of_open_document_has_edit(login, coach, document):
    content = login(coach).get(document.get_absolute_url()).content.decode()

    assert edit_url(document) in content


@pytest.mark.parametrize("persona", ["coach", "coordinator"])
def test_edit_form_of_closed_document_shows_document(request, login, persona, closed):
    client = login(request.getfixturevalue(persona))

    response = client.get(edit_url(closed), follow=True)

    assert response.redirect_chain == [(closed.get_absolute_url(), 302)]
    assert CLOSED in response.content.decode()


def test_save_on_closed_document_changes_nothing(login, coach, closed):
    version = closed.version
    data = form_data(initial=1, version=version, **{"action-0-goal": "Nieuw doel"})

    response = login(coach).post(edit_url(closed), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert CLOSED in content
    assert "Je wijzigingen zijn niet bewaard" in content
    # The typed text stays on the page.
    assert "Nieuw doel</textarea>" in content
    closed.refresh_from_db()
    assert closed.version == version
    assert ConversationEntry.objects.get().goal == "Weglopen en het aan de juf zeggen."


def test_edit_works_again_after_reopening(login, coach, closed):
    reopen_document(closed, user=coach)
    closed.refresh_from_db()
    data = form_data(initial=1, version=closed.version, **{"action-0-goal": "Later"})

    response = login(coach).post(edit_url(closed), data)

    assert response.status_code == 302
    assert ConversationEntry.objects.get().goal == "Later"


def test_update_service_rejects_closed_document(coach, closed):
    with pytest.raises(ValidationError) as raised:
        update_growth_document(
            closed,
            version=closed.version,
            user=coach,
            held_on=closed.started_on,
            follow_up_on=None,
            action_points=[],
        )

    assert raised.value.code == "closed"


def test_follow_up_of_closed_document_is_refused(login, coach, closed):
    response = login(coach).post(
        reverse("conversations:start_for_document", args=[closed.uuid]), follow=True
    )

    assert response.redirect_chain == [(closed.get_absolute_url(), 302)]
    assert CLOSED in response.content.decode()
    assert not Conversation.objects.filter(kind=Conversation.Kind.FOLLOW_UP).exists()


def test_follow_up_service_rejects_closed_document(coach, closed):
    with pytest.raises(ValidationError) as raised:
        start_follow_up(closed, coach)

    assert raised.value.code == "closed"


@pytest.fixture
def closed_with_draft(coach, document):
    # Closed while a follow-up conversation was being held.
    draft = start_follow_up(document, coach)
    close_document(document, user=coach, reason="goal_reached")
    draft.refresh_from_db()
    return draft


def step_url(conversation, slug):
    return reverse("conversations:step", args=[conversation.uuid, slug])


def test_step_of_closed_document_goes_to_document(login, coach, closed_with_draft):
    response = login(coach).get(step_url(closed_with_draft, "scaling"), follow=True)

    document = closed_with_draft.document
    assert response.redirect_chain == [(document.get_absolute_url(), 302)]
    content = response.content.decode()
    assert CLOSED in content
    assert "Gesprek verderzetten" not in content
    discard_url = reverse("conversations:discard", args=[closed_with_draft.uuid])
    assert discard_url not in content


def test_autosave_on_closed_document_saves_nothing(login, coach, closed_with_draft):
    action_point = closed_with_draft.document.action_points.get()
    field = f"ap-{action_point.uuid}-going_better"

    response = login(coach).post(
        step_url(closed_with_draft, "looking_back"),
        {field: "Het gaat al beter."},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response.headers["X-Save-State"] == "rejected"
    assert CLOSED in response.content.decode()
    entries = ConversationEntry.objects.filter(conversation=closed_with_draft)
    assert not entries.filter(going_better="Het gaat al beter.").exists()


def test_draft_of_closed_document_is_not_thrown_away(login, coach, closed_with_draft):
    url = reverse("conversations:discard", args=[closed_with_draft.uuid])

    response = login(coach).post(url, follow=True)

    assert CLOSED in response.content.decode()
    assert Conversation.objects.filter(pk=closed_with_draft.pk).exists()


def test_draft_continues_after_reopening(login, coach, closed_with_draft):
    reopen_document(closed_with_draft.document, user=coach)

    response = login(coach).get(step_url(closed_with_draft, "scaling"))

    assert response.status_code == 200


def test_overview_leaves_out_closed_documents_drafts(login, coach, closed_with_draft):
    content = login(coach).get(reverse("overview")).content.decode()

    assert str(closed_with_draft.uuid) not in content
    assert "Gesprekken die nog niet afgerond zijn" not in content
