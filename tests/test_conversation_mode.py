"""Drafts, autosave and finishing in the conversation mode, through the views."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from groeidocument.conversations import services
from groeidocument.conversations.views import PUPIL_VIEW_SESSION_KEY
from groeidocument.growth.models import (
    ActionPoint,
    Conversation,
    ConversationEntry,
    ConversationStarter,
    GrowthDocument,
)


@pytest.fixture
def first(pupil, coach):
    return services.start_first_conversation(pupil, coach)


def step_url(conversation, slug):
    return reverse("conversations:step", args=[conversation.uuid, slug])


def autosave(client, conversation, slug, data):
    return client.post(step_url(conversation, slug), data, HTTP_HX_REQUEST="true")


def add_action_point(client, conversation, wish="Ik wil beter plannen."):
    client.post(
        step_url(conversation, "action_points"),
        {"new-wish": wish, "new-domain": "learning", "action": "action_points"},
    )
    return conversation.document.action_points.order_by("-position").first()


def test_start_creates_document_with_draft(client, coach, pupil):
    client.force_login(coach)

    response = client.post(reverse("conversations:start_for_pupil", args=[pupil.uuid]))

    conversation = Conversation.objects.get()
    assert response.url == step_url(conversation, "starter")
    assert conversation.status == "draft"
    assert conversation.document.pupil == pupil
    assert conversation.document.coach == coach


def test_start_again_resumes_the_draft(client, coach, pupil, first):
    client.force_login(coach)
    client.get(step_url(first, "scaling"))

    response = client.post(reverse("conversations:start_for_pupil", args=[pupil.uuid]))

    assert response.url == step_url(first, "scaling")
    assert GrowthDocument.objects.count() == 1


def test_start_for_pupil_who_left_is_not_found(client, coach, pupil):
    pupil.is_active = False
    pupil.save()
    client.force_login(coach)

    response = client.post(reverse("conversations:start_for_pupil", args=[pupil.uuid]))

    assert response.status_code == 404
    assert not Conversation.objects.exists()


def test_draft_is_not_shown_as_complete(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)
    autosave(client, first, "scaling", {f"ap-{action_point.uuid}-scale_value": "6"})

    document_page = client.get(first.document.get_absolute_url()).content.decode()
    overview = client.get(reverse("overview")).content.decode()

    assert "nog niet afgerond" in document_page
    assert "Gesprek verderzetten" in document_page
    assert first.document.latest_entries() == {}
    assert "Gesprekken die nog niet afgerond zijn" in overview
    assert first.document.next_follow_up_on is None


def test_autosave_stores_text_and_reports_time(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)

    response = autosave(
        client,
        first,
        "step_up",
        {f"ap-{action_point.uuid}-first_step": "Mijn agenda openleggen."},
    )

    entry = ConversationEntry.objects.get()
    assert response.headers["X-Save-State"] == "saved"
    assert "Opgeslagen om" in response.content.decode()
    assert entry.first_step == "Mijn agenda openleggen."
    assert entry.pupil_written == []


def test_autosave_leaves_absent_inputs_alone(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)
    prefix = f"ap-{action_point.uuid}-"
    autosave(client, first, "step_up", {prefix + "goal": "Doel", "note": "Geheim"})

    autosave(client, first, "step_up", {prefix + "first_step": "Stap"})

    entry = ConversationEntry.objects.get()
    first.refresh_from_db()
    assert entry.goal == "Doel"
    assert first.coach_notes == {"step_up": "Geheim"}


def test_autosave_rejects_bad_input_and_keeps_the_rest(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)
    prefix = f"ap-{action_point.uuid}-"

    response = autosave(
        client,
        first,
        "scaling",
        {prefix + "scale_value": "11", prefix + "how_far": "Door te oefenen."},
    )

    entry = ConversationEntry.objects.get()
    assert response.headers["X-Save-State"] == "rejected"
    assert "11 staat niet op de schaal" in response.content.decode()
    assert entry.scale_value is None
    assert entry.how_far == "Door te oefenen."


def test_too_long_text_is_kept_on_screen(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)
    name = f"ap-{action_point.uuid}-goal"

    response = client.post(
        step_url(first, "step_up"), {name: "y" * 2100, "action": "agreements"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Deze tekst heeft 2100 tekens" in content
    assert "y" * 2100 in content
    assert ConversationEntry.objects.get().goal == ""


def test_pupil_view_marks_text_and_hides_coach_inputs(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)
    client.post(
        reverse("conversations:switch_view", args=[first.uuid]),
        {"view": "pupil", "step": "step_up"},
    )

    page = client.get(step_url(first, "step_up")).content.decode()
    autosave(
        client,
        first,
        "step_up",
        {f"ap-{action_point.uuid}-first_step": "Ik leg mijn agenda klaar."},
    )

    entry = ConversationEntry.objects.get()
    assert entry.pupil_written == ["first_step"]
    assert 'name="note"' not in page
    assert "De aanpak komt van de leerling" not in page
    assert "Terug naar de begeleider" in page
    assert "mode--pupil" in page


def test_coach_edit_takes_the_pupil_mark_away(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)
    name = f"ap-{action_point.uuid}-first_step"
    session = client.session
    session[PUPIL_VIEW_SESSION_KEY] = [str(first.uuid)]
    session.save()
    autosave(client, first, "step_up", {name: "Mijn woorden"})
    client.post(
        reverse("conversations:switch_view", args=[first.uuid]), {"view": "coach"}
    )

    autosave(client, first, "step_up", {name: "Woorden van de begeleider"})

    assert ConversationEntry.objects.get().pupil_written == []


def test_pupil_view_note_cannot_be_changed(client, coach, first):
    client.force_login(coach)
    autosave(client, first, "starter", {"note": "Voor mij"})
    client.post(
        reverse("conversations:switch_view", args=[first.uuid]), {"view": "pupil"}
    )

    autosave(client, first, "starter", {"note": "Overschreven"})

    first.refresh_from_db()
    assert first.coach_notes == {"starter": "Voor mij"}


def test_pick_starter_records_card(client, coach, first):
    client.force_login(coach)
    card = services.cards_on_table(first)[0]

    response = client.post(step_url(first, "starter"), {"starter": str(card.uuid)})
    page = client.get(response.url).content.decode()

    first.refresh_from_db()
    assert first.starter == card
    assert escape(card.question) in page


def test_pick_starter_of_other_school_is_rejected(client, coach, first, other_school):
    client.force_login(coach)
    foreign = ConversationStarter.objects.filter(school=other_school).first()

    response = client.post(step_url(first, "starter"), {"starter": str(foreign.uuid)})

    first.refresh_from_db()
    assert first.starter is None
    assert "Deze kaart zit niet meer in de stapel" in response.content.decode()


def test_cards_follow_the_school_audience(first, school):
    school.starter_audience = "primary"
    school.save()

    cards = services.cards_on_table(first, count=100)

    assert cards
    assert {card.audience for card in cards} <= {"primary", "both"}


def test_cards_stay_the_same_on_reload(first):
    assert services.cards_on_table(first) == services.cards_on_table(first)


def test_new_school_gets_forty_starters(school):
    starters = ConversationStarter.objects.filter(school=school)
    assert starters.count() >= 40
    assert starters.filter(audience="primary").exists()
    assert starters.filter(audience="secondary").exists()


def test_fourth_action_point_is_refused(client, coach, first):
    client.force_login(coach)
    for number in range(3):
        add_action_point(client, first, f"Wens {number}")

    response = client.post(
        step_url(first, "action_points"),
        {"new-wish": "Wens 4", "action": "action_points"},
    )

    assert first.document.action_points.count() == 3
    assert "hoogstens 3 actiepunten" in response.content.decode()
    assert "Wens 4" in response.content.decode()


def test_emptying_an_action_point_keeps_it(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)

    response = autosave(
        client, first, "action_points", {f"ap-{action_point.uuid}-wish": ""}
    )

    action_point.refresh_from_db()
    assert response.headers["X-Save-State"] == "rejected"
    assert action_point.wish == "Ik wil beter plannen."


def test_remove_button_removes_a_new_action_point(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)

    client.post(
        step_url(first, "action_points"), {"action": f"remove-{action_point.uuid}"}
    )

    assert not ActionPoint.objects.filter(pk=action_point.pk).exists()


def test_action_point_of_finished_conversation_stays(client, coach, document):
    follow_up = services.start_follow_up(document, coach)
    action_point = document.action_points.get()
    client.force_login(coach)

    client.post(
        step_url(follow_up, "step_up"), {"action": f"remove-{action_point.uuid}"}
    )

    assert ActionPoint.objects.filter(pk=action_point.pk).exists()


def test_late_autosave_does_not_reopen_finished(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)
    autosave(client, first, "scaling", {f"ap-{action_point.uuid}-scale_value": "6"})
    stale = Conversation.objects.get(pk=first.pk)
    services.finish_conversation(Conversation.objects.get(pk=first.pk))

    from groeidocument.conversations.steps import FIRST_STEPS, save_step

    errors = save_step(
        stale,
        FIRST_STEPS[-1],
        {"compliment": "Laat"},
        pupil_view=False,
        writes_notes=True,
    )

    first.refresh_from_db()
    assert "finished" in errors
    assert first.status == "complete"
    assert first.compliment == ""


def test_picked_card_stays_in_its_place(client, coach, first):
    client.force_login(coach)
    cards = services.cards_on_table(first)

    client.post(step_url(first, "starter"), {"starter": str(cards[2].uuid)})

    assert services.cards_on_table(first) == cards


def test_discard_unfinished_first_conversation(client, coach, first):
    client.force_login(coach)
    add_action_point(client, first)

    response = client.post(
        reverse("conversations:discard", args=[first.uuid]), {"confirm": "on"}
    )

    assert response.url == first.document.pupil.get_absolute_url()
    assert not GrowthDocument.objects.exists()
    assert not ActionPoint.objects.exists()


def test_discard_follow_up_keeps_the_document(client, coach, document):
    follow_up = services.start_follow_up(document, coach)
    client.force_login(coach)

    client.post(
        reverse("conversations:discard", args=[follow_up.uuid]), {"confirm": "on"}
    )

    assert document.conversations.count() == 1
    assert document.action_points.count() == 1


def test_discard_without_confirmation_keeps_the_draft(client, coach, document):
    follow_up = services.start_follow_up(document, coach)
    client.force_login(coach)

    response = client.post(
        reverse("conversations:discard", args=[follow_up.uuid]), follow=True
    )

    assert Conversation.objects.filter(pk=follow_up.pk).exists()
    assert "Er is niets weggegooid." in response.content.decode()


def test_finished_conversation_cannot_be_discarded(client, coach, document):
    conversation = document.conversations.get()
    client.force_login(coach)

    client.post(
        reverse("conversations:discard", args=[conversation.uuid]), {"confirm": "on"}
    )

    assert Conversation.objects.filter(pk=conversation.pk).exists()


def test_move_up_reorders_by_importance(client, coach, first):
    client.force_login(coach)
    add_action_point(client, first, "Eerste")
    second = add_action_point(client, first, "Tweede")

    client.post(step_url(first, "action_points"), {"action": f"move-up-{second.uuid}"})

    wishes = [ap.wish for ap in first.document.action_points.all()]
    assert wishes == ["Tweede", "Eerste"]


def test_finish_needs_a_scale_value(client, coach, first):
    client.force_login(coach)
    add_action_point(client, first)

    response = client.post(step_url(first, "agreements"), {"action": "finish"})

    first.refresh_from_db()
    assert first.status == "draft"
    assert "heeft nog geen schaalcijfer" in response.content.decode()


def test_finish_without_action_point_is_refused(client, coach, first):
    client.force_login(coach)

    response = client.post(step_url(first, "agreements"), {"action": "finish"})

    assert "Vul minstens één actiepunt in" in response.content.decode()
    first.refresh_from_db()
    assert first.is_draft


def test_follow_up_date_before_conversation_is_refused(client, coach, first):
    client.force_login(coach)
    day_before = first.held_on - datetime.timedelta(days=1)

    response = client.post(
        step_url(first, "agreements"), {"follow_up_on": day_before.isoformat()}
    )

    first.refresh_from_db()
    assert first.follow_up_on is None
    assert (
        "De opvolgdatum ligt vóór de datum van het gesprek" in response.content.decode()
    )


def test_quick_choice_sets_follow_up_in_weeks(client, coach, first):
    client.force_login(coach)

    client.post(step_url(first, "agreements"), {"follow_up_in_weeks": "2"})

    first.refresh_from_db()
    assert first.follow_up_on == first.held_on + datetime.timedelta(weeks=2)


def test_finish_makes_answers_count(client, coach, first):
    client.force_login(coach)
    action_point = add_action_point(client, first)
    prefix = f"ap-{action_point.uuid}-"
    autosave(client, first, "scaling", {prefix + "scale_value": "5"})
    autosave(client, first, "step_up", {prefix + "goal": "Op tijd klaar zijn."})
    autosave(client, first, "agreements", {"follow_up_in_weeks": "1"})

    response = client.post(step_url(first, "agreements"), {"action": "finish"})

    first.refresh_from_db()
    document = first.document
    document.refresh_from_db()
    assert response.url == document.get_absolute_url()
    assert first.status == "complete"
    assert first.completed_at is not None
    assert document.next_follow_up_on == first.held_on + datetime.timedelta(weeks=1)
    assert document.latest_entries()[action_point.id].goal == "Op tijd klaar zijn."
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Op tijd klaar zijn." in page


def test_finished_conversation_cannot_be_changed(client, coach, document):
    conversation = document.conversations.get()
    client.force_login(coach)

    response = autosave(client, conversation, "step_up", {"note": "Te laat"})

    conversation.refresh_from_db()
    assert response.status_code == 302
    assert conversation.coach_notes == {}


def test_follow_up_draft_starts_from_document(client, coach, document):
    client.force_login(coach)

    client.post(reverse("conversations:start_for_document", args=[document.uuid]))

    draft = document.conversations.drafts().get()
    assert draft.kind == "follow_up"
    assert document.conversations.count() == 2


def test_follow_up_start_resumes_unfinished_first(coach, first):
    assert services.start_follow_up(first.document, coach) == first


def test_follow_up_needs_a_finished_first_conversation(coach, first):
    first.delete()

    with pytest.raises(ValidationError):
        services.start_follow_up(GrowthDocument.objects.get(), coach)


def test_coach_notes_shown_to_author_only(client, coach, coordinator, first):
    client.force_login(coach)
    autosave(client, first, "starter", {"note": "Alleen voor mij"})
    own_page = client.get(first.document.get_absolute_url()).content.decode()

    client.force_login(coordinator)
    other_page = client.get(first.document.get_absolute_url()).content.decode()

    assert "Alleen voor mij" in own_page
    assert "Alleen voor mij" not in other_page


def test_coach_notes_never_printed(client, coach, document):
    conversation = document.conversations.get()
    conversation.coach_notes = {"scaling": "Vertrouwelijk"}
    conversation.save()
    client.force_login(coach)

    printed = client.get(reverse("growth:print", args=[document.uuid])).content.decode()

    assert "Vertrouwelijk" not in printed


def test_unknown_step_is_not_found(client, coach, first):
    client.force_login(coach)
    assert client.get(step_url(first, "dessert")).status_code == 404


def test_coach_adds_edits_and_retires_a_card(client, coach, school):
    client.force_login(coach)

    client.post(
        reverse("conversations:starters"),
        {
            "new-question": "  Wat is je  lievelingskleur? ",
            "new-audience": "both",
            "new-is_active": "on",
        },
    )
    card = ConversationStarter.objects.get(question="Wat is je lievelingskleur?")
    client.post(
        reverse("conversations:starter_edit", args=[card.uuid]),
        {"question": "Welke kleur maakt je blij?", "audience": "primary"},
    )

    card.refresh_from_db()
    assert card.school == school
    assert card.question == "Welke kleur maakt je blij?"
    assert card.is_active is False


def test_retired_card_is_not_on_the_table(client, coach, first, school):
    ConversationStarter.objects.filter(school=school).exclude(
        question__startswith="Wat"
    ).update(is_active=False)

    cards = services.cards_on_table(first, count=100)

    assert cards
    assert all(card.question.startswith("Wat") for card in cards)


def test_empty_card_question_is_refused(client, coach, school):
    client.force_login(coach)
    before = ConversationStarter.objects.count()

    response = client.post(
        reverse("conversations:starters"), {"new-question": " ", "new-audience": "both"}
    )

    assert "Schrijf de vraag op de kaart." in response.content.decode()
    assert ConversationStarter.objects.count() == before


def test_card_of_other_school_cannot_be_edited(client, coach, other_school):
    card = ConversationStarter.objects.filter(school=other_school).first()
    client.force_login(coach)

    response = client.post(
        reverse("conversations:starter_edit", args=[card.uuid]),
        {"question": "Gekaapt", "audience": "both", "is_active": "on"},
    )

    card.refresh_from_db()
    assert response.status_code == 404
    assert card.question != "Gekaapt"


def test_only_coordinator_sets_the_audience(client, coach, coordinator, school):
    client.force_login(coach)
    refused = client.post(
        reverse("conversations:starters"), {"audience-starter_audience": "primary"}
    )
    client.force_login(coordinator)
    client.post(
        reverse("conversations:starters"), {"audience-starter_audience": "secondary"}
    )

    school.refresh_from_db()
    assert refused.status_code == 403
    assert school.starter_audience == "secondary"
