"""Erasing a pupil leaves nothing of them behind but the audit log's UUID."""

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse

from groeidocument.audit.erasure import erase_pupil
from groeidocument.audit.models import Action, AuditEntry
from groeidocument.growth.models import (
    ActionPoint,
    Conversation,
    ConversationEntry,
    DocumentEvent,
    GrowthDocument,
)
from groeidocument.pupils.models import Pupil

# Every model that contains data about a pupil. Each text field of each of them
# gets a distinctive token, so that a field added later is checked as well.
PUPIL_DATA_MODELS = [
    Pupil,
    GrowthDocument,
    ActionPoint,
    Conversation,
    ConversationEntry,
    DocumentEvent,
]
BIRTH_DATE = datetime.date(2014, 7, 23)


def token(model, field) -> str:
    """Return a lowercase ASCII marker, so that folding for search keeps it."""
    name = f"wis{model._meta.model_name}{field.name}".replace("_", "")
    return name[: field.max_length] if field.max_length else name


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name != "search_name"
    ]


def fill_text_fields(instance) -> list[str]:
    """Put a token in each free-text field of instance and return the tokens."""
    tokens = []
    for field in text_fields(type(instance)):
        value = token(type(instance), field)
        setattr(instance, field.name, value)
        tokens.append(value)
    return tokens


def create_rich_pupil(school, coach, colleague) -> tuple[Pupil, list[str]]:
    """Create a pupil with data in every model and every text field."""
    pupil = Pupil(school=school, birth_date=BIRTH_DATE)
    tokens = fill_text_fields(pupil)
    pupil.save()

    document = GrowthDocument(pupil=pupil, coach=coach)
    tokens += fill_text_fields(document)
    document.save()
    action_point = ActionPoint(document=document, position=1)
    tokens += fill_text_fields(action_point)
    action_point.save()
    for kind, status in [("first", "complete"), ("follow_up", "draft")]:
        conversation = Conversation(
            document=document, kind=kind, status=status, created_by=coach
        )
        tokens += fill_text_fields(conversation)
        note = f"wisnote{kind}".replace("_", "")
        conversation.coach_notes = {"starter": note}
        tokens.append(note)
        conversation.save()
        entry = ConversationEntry(conversation=conversation, action_point=action_point)
        tokens += fill_text_fields(entry)
        entry.pupil_written = ["goal"]
        entry.save()
    event = DocumentEvent(
        document=document,
        kind="handed_over",
        actor=coach,
        from_coach=coach,
        to_coach=colleague,
    )
    tokens += fill_text_fields(event)
    event.save()
    return pupil, tokens


def stored_values():
    """Yield (model label, field name, value as text) for every stored value.

    Covers the text, JSON, UUID and date columns of every installed model,
    and the decoded contents of every session.
    """
    for model in apps.get_models():
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(
                field,
                models.CharField
                | models.TextField
                | models.JSONField
                | models.UUIDField
                | models.DateField,
            )
        ]
        names = [field.name for field in fields]
        for row in model._default_manager.values_list(*names):
            for name, value in zip(names, row, strict=True):
                if value is None:
                    continue
                if not isinstance(value, str):
                    value = json.dumps(value, default=str, ensure_ascii=False)
                yield model._meta.label, name, value
    for session in Session.objects.all():
        decoded = json.dumps(session.get_decoded(), default=str, ensure_ascii=False)
        yield "sessions.Session(decoded)", "session_data", decoded


def places_containing(needle: str) -> list[tuple[str, str]]:
    return [
        (label, name)
        for label, name, value in stored_values()
        if needle.lower() in value.lower()
    ]


@pytest.fixture
def rich_pupil(school, coach, colleague):
    return create_rich_pupil(school, coach, colleague)


def test_rich_pupil_fills_every_text_field(rich_pupil):
    pupil, tokens = rich_pupil

    # The check below is only as good as this: each token is really stored.
    for needle in tokens:
        assert places_containing(needle), needle
    assert places_containing(BIRTH_DATE.isoformat())


def test_erasure_leaves_no_trace(client, coordinator, rich_pupil):
    pupil, tokens = rich_pupil
    document = pupil.growth_documents.get()
    client.force_login(coordinator)
    client.get(reverse("pupils:detail", args=[pupil.uuid]))
    client.get(reverse("growth:detail", args=[document.uuid]))
    client.get(reverse("growth:report_pdf", args=[document.uuid]))
    client.get(reverse("exports:pupil", args=[pupil.uuid]))

    response = client.post(
        reverse("audit:erase", args=[pupil.uuid]), {"full_name": pupil.full_name}
    )

    assert response.status_code == 302
    for needle in tokens:
        assert places_containing(needle) == [], needle
    assert places_containing(BIRTH_DATE.isoformat()) == []
    # The pupil's UUID and their document's remain in the audit log only.
    assert set(places_containing(str(pupil.uuid))) == {
        ("audit.AuditEntry", "pupil_uuid")
    }
    assert set(places_containing(str(document.uuid))) == {
        ("audit.AuditEntry", "document_uuid")
    }
    for model in PUPIL_DATA_MODELS:
        assert not model.objects.exists(), model


def test_erasure_leaves_one_entry(client, coordinator, rich_pupil):
    pupil, _tokens = rich_pupil
    client.force_login(coordinator)

    client.post(
        reverse("audit:erase", args=[pupil.uuid]),
        {"full_name": "  WISPUPILFIRSTNAME   wispupillastname "},
    )

    entry = AuditEntry.objects.get(action=Action.ERASED)
    assert entry.pupil_uuid == pupil.uuid
    assert entry.user == coordinator
    assert entry.document_uuid is None


def test_erasure_keeps_other_pupils(coordinator, document, rich_pupil):
    pupil, _tokens = rich_pupil

    erase_pupil(pupil, user=coordinator, membership=coordinator.memberships.get())

    assert Pupil.objects.get() == document.pupil
    assert GrowthDocument.objects.get() == document
    assert document.action_points.count() == 1
    assert document.conversations.count() == 1


def test_erase_page_asks_for_the_name(client, coordinator, document):
    client.force_login(coordinator)
    url = reverse("audit:erase", args=[document.pupil.uuid])

    response = client.get(url)

    assert response.status_code == 200
    assert "Zoë Van den Broeck wissen" in response.text
    assert "1 groeidocument" in response.text
    assert "1 gesprek" in response.text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Typ de voornaam en familienaam van de leerling om te bevestigen."),
        ("Zoë Van den", "De naam klopt niet."),
        ("Lars Maes", "De naam klopt niet."),
    ],
)
def test_wrong_name_erases_nothing(client, coordinator, document, typed, message):
    client.force_login(coordinator)

    response = client.post(
        reverse("audit:erase", args=[document.pupil.uuid]), {"full_name": typed}
    )

    assert response.status_code == 200
    assert message in response.text
    assert f'value="{typed}"' in response.text or not typed
    assert Pupil.objects.filter(pk=document.pupil.pk).exists()
    assert GrowthDocument.objects.filter(pk=document.pk).exists()
    assert not AuditEntry.objects.exists()


def test_name_ignores_case_and_accents(client, school_admin, document):
    client.force_login(school_admin)

    client.post(
        reverse("audit:erase", args=[document.pupil.uuid]),
        {"full_name": "zoe van den broeck"},
    )

    assert not Pupil.objects.exists()


def test_coach_cannot_erase(client, coach, document):
    client.force_login(coach)

    response = client.post(
        reverse("audit:erase", args=[document.pupil.uuid]),
        {"full_name": document.pupil.full_name},
    )

    assert response.status_code == 403
    assert Pupil.objects.exists()


def test_erase_wrong_method(client, coordinator, pupil):
    client.force_login(coordinator)

    response = client.put(reverse("audit:erase", args=[pupil.uuid]))

    assert response.status_code == 405


def test_erased_pupil_is_listed_in_school_log(client, coordinator, document):
    pupil = document.pupil
    client.force_login(coordinator)
    client.get(reverse("growth:detail", args=[document.uuid]))
    client.post(
        reverse("audit:erase", args=[pupil.uuid]), {"full_name": pupil.full_name}
    )

    listing = client.get(reverse("audit:school_log"))
    lookup = client.get(reverse("audit:school_log"), {"pupil": str(pupil.uuid)})

    assert str(pupil.uuid) in listing.text
    assert "wiste de leerling" in listing.text
    assert "Zoë" not in listing.text
    assert "bekeek het groeidocument" in lookup.text
    assert "wiste de leerling" in lookup.text


def test_erasure_message_leaves_the_name_out(client, coordinator, pupil):
    client.force_login(coordinator)

    response = client.post(
        reverse("audit:erase", args=[pupil.uuid]),
        {"full_name": pupil.full_name},
        follow=True,
    )

    assert "zijn gewist" in response.text
    assert "Zoë" not in response.text
