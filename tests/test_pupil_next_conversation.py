"""The pupil page's main button: the open growth document's next conversation."""

import datetime
import re

import pytest
from django.urls import reverse

from groeidocument.conversations.services import (
    start_first_conversation,
    start_follow_up,
)
from groeidocument.conversations.views import resume_url
from groeidocument.growth.models import (
    ActionPointStatus,
    Conversation,
    GrowthDocument,
)
from groeidocument.growth.services import (
    ActionPointInput,
    close_document,
    create_growth_document,
    share_document,
)

from .conftest import make_user


def actions_of(response) -> str:
    """Return the HTML of the page head's actions, where the buttons are."""
    return actions_of_content(response.content.decode())


def actions_of_content(content: str) -> str:
    match = re.search(r'<div class="actions">(.*?)</div>', content, re.DOTALL)
    assert match, "the pupil page has no actions"
    return match.group(1)


def primary_of(actions: str) -> str:
    """Return the text of the primary button or link among actions."""
    match = re.search(r'class="[^"]*button--primary[^"]*"[^>]*>([^<]+)<', actions)
    assert match, "no primary action"
    return match.group(1)


def start_url(view, obj):
    return reverse(f"conversations:{view}", args=[obj.uuid])


def test_open_document_offers_follow_up(login, coach, pupil, document):
    actions = actions_of(login(coach).get(pupil.get_absolute_url()))

    assert primary_of(actions) == "Opvolggesprek starten"
    assert f'action="{start_url("start_for_document", document)}"' in actions
    assert "Nieuw groeidocument starten" in actions
    assert f'action="{start_url("start_for_pupil", pupil)}"' in actions
    assert "Gesprek starten<" not in actions
    assert reverse("growth:create") not in actions


def test_draft_follow_up_is_continued(login, coach, pupil, document):
    draft = start_follow_up(document, coach)

    actions = actions_of(login(coach).get(pupil.get_absolute_url()))

    assert primary_of(actions) == "Gesprek verderzetten"
    assert f'href="{resume_url(draft)}"' in actions
    assert "Nieuw groeidocument starten" in actions


def test_own_first_draft_is_continued_alone(login, coach, pupil):
    draft = start_first_conversation(pupil, coach)

    actions = actions_of(login(coach).get(pupil.get_absolute_url()))

    assert primary_of(actions) == "Gesprek verderzetten"
    assert f'href="{resume_url(draft)}"' in actions
    # Starting a new document would only resume this draft.
    assert "Nieuw groeidocument starten" not in actions


def test_pupil_without_documents_starts_one(login, coach, pupil):
    actions = actions_of(login(coach).get(pupil.get_absolute_url()))

    assert primary_of(actions) == "Gesprek starten"
    assert f'action="{start_url("start_for_pupil", pupil)}"' in actions
    assert reverse("growth:create") in actions
    assert "Nieuw groeidocument starten" not in actions


def test_closed_document_is_not_followed_up(login, coach, pupil, document):
    close_document(document, user=coach, reason="goal_reached")

    response = login(coach).get(pupil.get_absolute_url())

    actions = actions_of(response)
    assert primary_of(actions) == "Gesprek starten"
    assert start_url("start_for_document", document) not in actions


def test_document_without_open_action_point_starts_new(login, coach, pupil, document):
    document.action_points.update(status=ActionPointStatus.REACHED)

    actions = actions_of(login(coach).get(pupil.get_absolute_url()))

    assert primary_of(actions) == "Gesprek starten"


def test_read_share_does_not_offer_follow_up(login, coach, colleague, pupil, document):
    share_document(document, user=coach, colleague=colleague, access="read")

    actions = actions_of(login(colleague).get(pupil.get_absolute_url()))

    assert primary_of(actions) == "Gesprek starten"
    assert start_url("start_for_document", document) not in actions


def test_write_share_offers_follow_up(login, coach, colleague, pupil, document):
    share_document(document, user=coach, colleague=colleague, access="write")

    actions = actions_of(login(colleague).get(pupil.get_absolute_url()))

    assert primary_of(actions) == "Opvolggesprek starten"
    assert start_url("start_for_document", document) in actions


def test_coordinator_continues_coach_draft(login, coach, coordinator, pupil, document):
    draft = start_follow_up(document, coach)

    actions = actions_of(login(coordinator).get(pupil.get_absolute_url()))

    assert primary_of(actions) == "Gesprek verderzetten"
    assert f'href="{resume_url(draft)}"' in actions


def test_draft_wins_over_newer_document(login, coach, pupil, document):
    draft = start_follow_up(document, coach)
    create_growth_document(
        pupil=pupil,
        coach=coach,
        held_on=datetime.date(2026, 11, 20),
        follow_up_on=None,
        action_points=[ActionPointInput(wish="Ik wil beter plannen.")],
    )

    actions = actions_of(login(coach).get(pupil.get_absolute_url()))

    assert f'href="{resume_url(draft)}"' in actions


@pytest.mark.parametrize(
    ("newer_follow_up", "newer_wins"),
    [
        (None, False),
        (datetime.date(2026, 11, 25), True),
        (datetime.date(2026, 11, 30), True),
    ],
)
def test_earliest_follow_up_is_offered(
    login, coach, pupil, document, newer_follow_up, newer_wins
):
    # document has its follow-up on 30 November 2026.
    newer = create_growth_document(
        pupil=pupil,
        coach=coach,
        held_on=datetime.date(2026, 11, 20),
        follow_up_on=newer_follow_up,
        action_points=[ActionPointInput(wish="Ik wil beter plannen.")],
    )
    chosen, other = (newer, document) if newer_wins else (document, newer)

    response = login(coach).get(pupil.get_absolute_url())

    actions = actions_of(response)
    assert start_url("start_for_document", chosen) in actions
    assert start_url("start_for_document", other) not in actions
    assert 'aria-describedby="next-document"' in actions
    day = "20 november 2026" if newer_wins else "16 november 2026"
    assert (
        "Deze leerling heeft meer dan één open groeidocument: de knop hoort bij "
        f"het groeidocument gestart op {day}."
    ) in response.content.decode()


def test_single_open_document_is_not_named(login, coach, pupil, document):
    content = login(coach).get(pupil.get_absolute_url()).content.decode()

    assert "meer dan één open groeidocument" not in content
    assert "aria-describedby" not in actions_of_content(content)


def test_pupil_who_left_gets_no_start(login, coach, pupil, document):
    pupil.is_active = False
    pupil.save()

    actions = actions_of(login(coach).get(pupil.get_absolute_url()))

    assert "starten" not in actions
    assert "verderzetten" not in actions


def test_follow_up_button_starts_follow_up(login, coach, pupil, document):
    client = login(coach)
    actions = actions_of(client.get(pupil.get_absolute_url()))
    url = re.search(r'<form method="post" action="([^"]+)"', actions).group(1)

    response = client.post(url)

    follow_up = Conversation.objects.get(kind=Conversation.Kind.FOLLOW_UP)
    assert follow_up.document == document
    assert response.url == resume_url(follow_up)
    assert GrowthDocument.objects.count() == 1


def test_start_for_pupil_still_adds_second_document(login, coach, pupil, document):
    response = login(coach).post(start_url("start_for_pupil", pupil))

    assert response.status_code == 302
    assert GrowthDocument.objects.filter(pupil=pupil).count() == 2


# Follow-up dates


def test_follow_up_date_of_open_document_shown(login, coach, pupil, document):
    content = login(coach).get(pupil.get_absolute_url()).content.decode()

    assert "Opvolgdatum: 30 november 2026" in content


def test_follow_up_date_of_closed_document_hidden(login, coach, pupil, document):
    close_document(document, user=coach, reason="goal_reached")

    content = login(coach).get(pupil.get_absolute_url()).content.decode()

    assert "Opvolgdatum" not in content
    assert "30 november 2026" not in content


def test_other_coach_sees_no_foreign_document(login, school, pupil, document):
    stranger = make_user("stranger", school)

    actions = actions_of(login(stranger).get(pupil.get_absolute_url()))

    assert primary_of(actions) == "Gesprek starten"
    assert str(document.uuid) not in actions
