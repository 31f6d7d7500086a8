"""Follow-up conversations, closing, reopening and handing over."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groeidocument.conversations import services
from groeidocument.growth.models import ConversationEntry, DocumentEvent, GrowthDocument


def step_url(conversation, slug):
    return reverse("conversations:step", args=[conversation.uuid, slug])


@pytest.fixture
def follow_up(document, coach):
    return services.start_follow_up(document, coach)


def test_follow_up_opens_with_last_time_in_pupil_words(client, coach, follow_up):
    client.force_login(coach)

    response = client.post(
        reverse("conversations:start_for_document", args=[follow_up.document.uuid])
    )
    content = client.get(response.url).content.decode()

    assert response.url == step_url(follow_up, "looking_back")
    assert "Wat gaat er al beter, ook al is het maar een klein beetje?" in content
    assert "Diep ademhalen." in content
    assert "Een teken afspreken." in content
    assert 'class="ladder"' in content


def test_follow_up_scaling_shows_previous_value(client, coach, follow_up):
    client.force_login(coach)

    content = client.get(step_url(follow_up, "scaling")).content.decode()

    assert "stond je op 4" in content
    assert "Heb ik gedaan wat ik beloofde?" in content


def test_complete_follow_up_keeps_history(client, coach, follow_up):
    document = follow_up.document
    action_point = document.action_points.get()
    prefix = f"ap-{action_point.uuid}-"
    client.force_login(coach)
    client.post(
        step_url(follow_up, "looking_back"),
        {prefix + "going_better": "Ik loop nu weg.", prefix + "how_achieved": "Tellen"},
        HTTP_HX_REQUEST="true",
    )
    client.post(
        step_url(follow_up, "scaling"),
        {prefix + "scale_value": "6", prefix + "support_kept": "yes"},
        HTTP_HX_REQUEST="true",
    )
    client.post(
        step_url(follow_up, "agreements"),
        {"follow_up_in_weeks": "4"},
        HTTP_HX_REQUEST="true",
    )

    response = client.post(step_url(follow_up, "agreements"), {"action": "finish"})

    document.refresh_from_db()
    first_entry, second_entry = ConversationEntry.objects.order_by(
        "conversation__held_on", "id"
    )
    assert response.url == document.get_absolute_url()
    assert first_entry.scale_value == 4
    assert second_entry.scale_value == 6
    assert second_entry.support_kept == "yes"
    assert second_entry.pupil_written == []
    assert document.next_follow_up_on == follow_up.held_on + datetime.timedelta(weeks=4)
    assert document.latest_entries()[action_point.id].scale_value == 6
    page = client.get(document.get_absolute_url()).content.decode()
    assert 'class="progress-chart"' in page
    assert "Ik loop nu weg." in page


def test_action_point_closed_as_good_enough(client, coach, follow_up):
    action_point = follow_up.document.action_points.get()
    client.force_login(coach)

    client.post(
        step_url(follow_up, "step_up"),
        {f"ap-{action_point.uuid}-outcome": "reached"},
        HTTP_HX_REQUEST="true",
    )
    response = client.post(step_url(follow_up, "agreements"), {"action": "finish"})

    action_point.refresh_from_db()
    follow_up.refresh_from_db()
    assert response.status_code == 302
    assert action_point.status == "reached"
    assert action_point.closed_in == follow_up
    assert follow_up.status == "complete"


def test_closed_action_point_leaves_later_follow_ups(client, coach, follow_up):
    action_point = follow_up.document.action_points.get()
    action_point.status = "stopped"
    action_point.closed_in = follow_up
    action_point.save()
    services.finish_conversation(follow_up)

    with pytest.raises(ValidationError) as raised:
        services.start_follow_up(follow_up.document, coach)

    assert raised.value.code == "nothing_open"


def test_follow_up_needs_scale_value_for_open_points(client, coach, follow_up):
    client.force_login(coach)

    response = client.post(step_url(follow_up, "agreements"), {"action": "finish"})

    follow_up.refresh_from_db()
    assert follow_up.is_draft
    assert "heeft nog geen schaalcijfer" in response.content.decode()


MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober "
    "november december"
).split()


def test_close_and_reopen_are_recorded(client, coach, document):
    client.force_login(coach)

    client.post(
        reverse("growth:close", args=[document.uuid]), {"reason": "goal_reached"}
    )
    document.refresh_from_db()
    closed_state = (document.status, document.close_reason, document.closed_on)
    client.post(reverse("growth:reopen", args=[document.uuid]))
    document.refresh_from_db()

    kinds = list(DocumentEvent.objects.values_list("kind", flat=True))
    page = client.get(reverse("growth:history", args=[document.uuid])).content.decode()
    assert closed_state[:2] == ("closed", "goal_reached")
    assert closed_state[2] is not None
    assert document.status == "open"
    assert kinds == ["closed", "reopened"]
    day = f"{closed_state[2].day} {MONTHS[closed_state[2].month - 1]}"
    assert f"Afgesloten: doel bereikt, {day}" in page
    assert f"Weer geopend, {day}" in page


def test_close_with_unknown_reason_changes_nothing(client, coach, document):
    client.force_login(coach)

    client.post(reverse("growth:close", args=[document.uuid]), {"reason": "bored"})

    document.refresh_from_db()
    assert document.status == "open"
    assert not DocumentEvent.objects.exists()


def test_hand_over_to_colleague(client, coach, colleague, document):
    client.force_login(coach)

    response = client.post(
        reverse("growth:hand_over", args=[document.uuid]),
        {"to_coach": colleague.uuid, "confirm": "on"},
    )

    document.refresh_from_db()
    event = DocumentEvent.objects.get()
    assert response.url == reverse("overview")
    assert document.coach == colleague
    assert (event.from_coach, event.to_coach, event.actor) == (coach, colleague, coach)
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(colleague)
    assert client.get(document.get_absolute_url()).status_code == 200


def test_hand_over_to_other_school_is_refused(client, coach, outsider, document):
    client.force_login(coach)

    client.post(
        reverse("growth:hand_over", args=[document.uuid]), {"to_coach": outsider.uuid}
    )

    document.refresh_from_db()
    assert document.coach == coach
    assert not DocumentEvent.objects.exists()


def test_coordinator_hands_over_within_school(client, coordinator, colleague, document):
    client.force_login(coordinator)

    client.post(
        reverse("growth:hand_over", args=[document.uuid]), {"to_coach": colleague.uuid}
    )

    assert GrowthDocument.objects.get().coach == colleague


def test_document_keeps_earlier_answers_and_shows_outcome(client, coach, follow_up):
    action_point = follow_up.document.action_points.get()
    prefix = f"ap-{action_point.uuid}-"
    client.force_login(coach)
    client.post(
        step_url(follow_up, "scaling"),
        {prefix + "support_kept": "partly", prefix + "feedback": "Goed bezig."},
        HTTP_HX_REQUEST="true",
    )
    client.post(
        step_url(follow_up, "step_up"),
        {prefix + "outcome": "reached"},
        HTTP_HX_REQUEST="true",
    )
    client.post(step_url(follow_up, "agreements"), {"action": "finish"})

    page = client.get(follow_up.document.get_absolute_url()).content.decode()

    assert "Goed genoeg" in page
    assert "Weglopen en het aan de juf zeggen." in page
    assert "Goed bezig." in page
    assert "Gedeeltelijk" in page
    assert "Opvolggesprek starten" not in page
    assert "Elk actiepunt is afgesloten" in page


def test_closed_action_point_costs_no_query(client, coach, follow_up):
    document = follow_up.document
    url = reverse("growth:detail", args=[document.uuid])
    client.force_login(coach)
    client.get(url)
    with CaptureQueriesContext(connection) as open_queries:
        client.get(url)
    action_point = document.action_points.get()
    action_point.status = "reached"
    action_point.closed_in = follow_up
    action_point.save()

    with CaptureQueriesContext(connection) as closed_queries:
        response = client.get(url)

    assert "Goed genoeg" in response.content.decode()
    assert "sinds" in response.content.decode()
    assert len(closed_queries) == len(open_queries)
