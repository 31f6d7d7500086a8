"""Markup typed into any text of pupil data shows as text on every page.

Every free-text field of the pupil, the growth document, its action points and
conversations, the school, the users and the deck contains a tag. Then each
person who may open a route of the policy table opens it, and no HTML page may
contain the tag unescaped.
"""

import pytest
from django.db import models

from groeidocument.accounts.models import School, User
from groeidocument.conversations.services import start_follow_up
from groeidocument.growth.models import (
    ActionPoint,
    Conversation,
    ConversationEntry,
    ConversationStarter,
    GrowthDocument,
)
from groeidocument.pupils.models import Pupil
from tests.test_access import POLICY, route_url, seed_import, writer  # noqa: F401

# Short enough for the shortest text field (a class name).
TAG = "<b class=x>"
# Fields that are codes or keys rather than text someone types.
NOT_TYPED = {"search_name", "username", "password", "token", "token_hash"}


def fill_text_fields(queryset):
    """Put TAG into every free-text field of every row of queryset."""
    model = queryset.model
    for row in queryset:
        for field in model._meta.concrete_fields:
            typed_text = isinstance(field, (models.CharField, models.TextField))
            if not typed_text or field.choices or field.name in NOT_TYPED:
                continue
            if not field.editable or isinstance(field, models.EmailField):
                continue
            setattr(row, field.name, f"{TAG}{field.name}"[: field.max_length])
        row.save()


@pytest.fixture
def marked(document, coach, coordinator, school_admin):
    """The document with TAG in every text, and a follow-up in progress."""
    draft = start_follow_up(document, coach)
    fill_text_fields(School.objects.all())
    fill_text_fields(User.objects.all())
    fill_text_fields(Pupil.objects.all())
    fill_text_fields(GrowthDocument.objects.all())
    fill_text_fields(ActionPoint.objects.all())
    fill_text_fields(ConversationEntry.objects.all())
    fill_text_fields(ConversationStarter.objects.all())
    for conversation in Conversation.objects.all():
        conversation.coach_notes = dict.fromkeys(Conversation.NOTE_STEPS, TAG)
        conversation.save()
    document.refresh_from_db()
    draft.refresh_from_db()
    return document, draft


# Every route with each person who may open it.
OPENED = [
    (route, persona)
    for route, (_argument, statuses) in sorted(POLICY.items())
    for persona in ["coach", "coordinator", "school_admin", "writer"]
    if statuses[persona] == 200
]


@pytest.mark.parametrize(("route", "persona"), OPENED)
def test_markup_shows_as_text(route, persona, request, client, marked):
    document, draft = marked
    argument, _statuses = POLICY[route]
    user = request.getfixturevalue(persona)
    url = route_url(route, argument, document, draft)
    client.force_login(user)
    if argument == "import":
        seed_import(client, user)

    response = client.get(url)

    assert response.status_code == 200
    if response["Content-Type"].startswith("text/html"):
        assert TAG not in response.text


def test_document_page_shows_marked_texts(client, coach, marked):
    """Check that the marked texts reach the pages, so the test above is not empty."""
    document, _draft = marked
    client.force_login(coach)

    page = client.get(document.get_absolute_url()).text

    assert page.count("&lt;b class=x&gt;") >= 5
    assert TAG not in page
