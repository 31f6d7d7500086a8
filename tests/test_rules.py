"""The method's rules: in growth.rules, in full_clean and in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from groeidocument.growth import rules
from groeidocument.growth.models import ActionPoint, Conversation, ConversationEntry
from groeidocument.growth.services import ActionPointInput, create_growth_document

DAY = datetime.date(2026, 11, 16)


@given(st.integers(min_value=-1000, max_value=1000))
def test_scale_value_accepts_exactly_0_to_10(value):
    if 0 <= value <= 10:
        rules.validate_scale_value(value)
    else:
        with pytest.raises(ValidationError) as raised:
            rules.validate_scale_value(value)
        assert raised.value.code == "scale_out_of_range"


@given(st.one_of(st.floats(allow_nan=True), st.text(), st.booleans()))
def test_scale_value_rejects_non_integers(value):
    with pytest.raises(ValidationError) as raised:
        rules.validate_scale_value(value)
    assert raised.value.code == "scale_not_whole"


@given(
    held_on=st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)),
    offset=st.integers(min_value=-400, max_value=400),
)
def test_follow_up_date_not_before_conversation(held_on, offset):
    follow_up_on = held_on + datetime.timedelta(days=offset)
    if offset >= 0:
        rules.validate_follow_up_date(held_on, follow_up_on)
    else:
        with pytest.raises(ValidationError) as raised:
            rules.validate_follow_up_date(held_on, follow_up_on)
        assert "follow_up_on" in raised.value.message_dict


@given(st.integers(min_value=-5, max_value=20))
def test_action_point_count_is_1_to_3(count):
    if 1 <= count <= 3:
        rules.validate_action_point_count(count)
    else:
        with pytest.raises(ValidationError):
            rules.validate_action_point_count(count)


def test_form_questions_are_the_six_fixed_labels():
    from django.utils import translation

    with translation.override("nl-be"):
        labels = [str(label) for _name, label in rules.FORM_QUESTIONS]
    assert labels == [
        "Wat kan je al goed en hoe doe je dat?",
        "Wat zou je anders willen doen of kunnen?",
        "Wat is je doel?",
        "Wat kan ik doen om jou daarbij te helpen?",
        "Wat ga je eerst doen om je doel te bereiken?",
        "Wat ga je daarna doen om je doel te bereiken?",
    ]


def test_fourth_action_point_fails_full_clean(document):
    for position in (2, 3):
        ActionPoint.objects.create(document=document, position=position, wish="x")

    fourth = ActionPoint(document=document, position=4, wish="Nog eentje")
    with pytest.raises(ValidationError) as raised:
        fourth.full_clean()

    assert (
        "position" in raised.value.message_dict
        or "__all__" in raised.value.message_dict
    )
    assert document.action_points.count() == 3


@pytest.mark.parametrize("position", [0, 4, 9])
def test_database_rejects_position_outside_1_to_3(document, position):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPoint.objects.create(document=document, position=position, wish="x")


def test_database_rejects_two_action_points_on_one_position(document):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPoint.objects.create(document=document, position=1, wish="x")


@pytest.mark.parametrize("value", [11, 99])
def test_database_rejects_scale_value_above_10(document, value):
    entry = ConversationEntry.objects.get()
    entry.scale_value = value
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


def test_database_rejects_follow_up_before_conversation(document):
    conversation = document.conversations.get()
    conversation.follow_up_on = conversation.held_on - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        conversation.save()


def test_database_allows_one_first_conversation(document, coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(
            document=document, kind="first", held_on=DAY, created_by=coach
        )


def test_create_rolls_back_on_broken_rule(pupil, coach):
    with pytest.raises(ValidationError):
        create_growth_document(
            pupil=pupil,
            coach=coach,
            held_on=DAY,
            follow_up_on=DAY,
            action_points=[
                ActionPointInput(wish="Eerste", scale_value=3),
                ActionPointInput(wish="Tweede", scale_value=12),
            ],
        )

    assert not pupil.growth_documents.exists()
    assert not ActionPoint.objects.exists()


def test_create_rejects_four_action_points(pupil, coach):
    with pytest.raises(ValidationError):
        create_growth_document(
            pupil=pupil,
            coach=coach,
            held_on=DAY,
            follow_up_on=None,
            action_points=[ActionPointInput(wish=str(n)) for n in range(4)],
        )
    assert not pupil.growth_documents.exists()


def test_follow_up_keeps_history_and_shows_latest(document, coach):
    action_point = document.action_points.get()
    first_entry = ConversationEntry.objects.get()
    follow_up = Conversation.objects.create(
        document=document,
        kind="follow_up",
        held_on=DAY + datetime.timedelta(days=14),
        created_by=coach,
    )
    ConversationEntry.objects.create(
        conversation=follow_up, action_point=action_point, scale_value=6, goal="Nieuw"
    )

    latest = document.latest_entries()[action_point.id]
    first_entry.refresh_from_db()

    assert latest.conversation == follow_up
    assert latest.scale_value == 6
    assert first_entry.scale_value == 4
    assert first_entry.goal == "Weglopen en het aan de juf zeggen."
    assert document.conversations.count() == 2


def test_entry_rejects_unknown_pupil_written_field(document):
    entry = ConversationEntry.objects.get()
    entry.pupil_written = ["strengths", "coach_notes"]
    with pytest.raises(ValidationError) as raised:
        entry.full_clean()
    assert "pupil_written" in raised.value.message_dict


def test_entry_rejects_action_point_of_other_document(document, pupil, coach):
    other = create_growth_document(
        pupil=pupil,
        coach=coach,
        held_on=DAY,
        follow_up_on=None,
        action_points=[ActionPointInput(wish="Ander")],
    )
    entry = ConversationEntry(
        conversation=document.conversations.get(),
        action_point=other.action_points.get(),
    )
    with pytest.raises(ValidationError):
        entry.full_clean()


def test_answers_longer_than_limit_fail(document):
    entry = ConversationEntry.objects.get()
    entry.goal = "x" * (rules.MAX_ANSWER_LENGTH + 1)
    with pytest.raises(ValidationError) as raised:
        entry.full_clean()
    assert "goal" in raised.value.message_dict
