"""The coach's private iCalendar feed of follow-up dates."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from groeidocument.growth.calendar import feed_for
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.pupils.models import Pupil


def feed_url(user):
    return reverse("calendar_feed", args=[feed_for(user).token])


def events(response):
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_feed_lists_follow_ups_as_all_day_events(client, document):
    response = client.get(feed_url(document.coach))

    (event,) = events(response)
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert response.headers["Cache-Control"] == "no-store"
    assert event.decoded("dtstart") == datetime.date(2026, 11, 30)
    assert isinstance(event.decoded("dtstart"), datetime.date)
    assert not isinstance(event.decoded("dtstart"), datetime.datetime)
    assert str(event["summary"]) == "Opvolggesprek Zoë V."
    assert "Van den Broeck" not in response.content.decode()


def test_feed_can_show_initials_only(client, coach, document):
    client.force_login(coach)
    client.post(reverse("calendar_settings"), {"title_style": "initials"})
    client.logout()

    (event,) = events(client.get(feed_url(coach)))

    assert str(event["summary"]) == "Opvolggesprek Z.V."


def test_new_link_revokes_the_old_one(client, coach, document):
    old_url = feed_url(coach)
    client.force_login(coach)

    client.post(reverse("calendar_settings"), {"action": "new_link", "confirm": "on"})
    client.logout()

    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(coach)).status_code == 200


def test_new_link_needs_confirmation(client, coach, document):
    old_url = feed_url(coach)
    client.force_login(coach)

    response = client.post(
        reverse("calendar_settings"), {"action": "new_link"}, follow=True
    )

    assert "Vink aan dat de oude link dan niet meer werkt" in response.content.decode()
    assert client.get(old_url).status_code == 200


def test_settings_page_offers_copy_and_confirmation(client, coach):
    client.force_login(coach)

    content = client.get(reverse("calendar_settings")).content.decode()

    assert "Kopieer de link" in content
    assert 'data-copy-target="feed-url"' in content
    assert 'role="status"' in content
    assert 'name="confirm" required' in content
    assert "<script>" not in content


def test_feed_holds_only_own_open_documents(client, coach, colleague, document):
    other_pupil = Pupil.objects.create(
        school=document.pupil.school, first_name="Ilias", last_name="B", class_name="6A"
    )
    create_growth_document(
        pupil=other_pupil,
        coach=colleague,
        held_on=datetime.date(2026, 11, 16),
        follow_up_on=datetime.date(2026, 12, 1),
        action_points=[ActionPointInput(wish="Plannen")],
    )

    own = events(client.get(feed_url(coach)))
    document.status = "closed"
    document.save()
    after_closing = events(client.get(feed_url(coach)))

    assert [str(event["summary"]) for event in own] == ["Opvolggesprek Zoë V."]
    assert after_closing == []


def test_feed_of_deactivated_user_is_gone(client, coach, document):
    url = feed_url(coach)
    coach.is_active = False
    coach.save()

    assert client.get(url).status_code == 404


def test_settings_page_shows_the_link(client, coach):
    client.force_login(coach)

    content = client.get(reverse("calendar_settings")).content.decode()

    assert feed_for(coach).token in content
    assert "Opvolgingen in je agenda" in content


@pytest.mark.parametrize("style", ["", "everything", "full_name"])
def test_unknown_title_style_is_ignored(client, coach, style):
    client.force_login(coach)

    client.post(reverse("calendar_settings"), {"title_style": style})

    assert feed_for(coach).title_style == "first_name_initial"


@pytest.mark.parametrize(
    "first_name",
    [
        "Anna-Lena; Marie, Sofie \\ Jo",
        "Nguyễn Thị Phương Thảo Nguyễn Thị Phương Thảo Nguyễn Thị Phương Thảo",
        "محمد عبد الرحمن محمد عبد الرحمن محمد عبد الرحمن",
        "Zoë\nLine\rTwo\tTab\x07Bell 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
    ],
)
def test_feed_keeps_any_name_intact(client, document, first_name):
    pupil = document.pupil
    pupil.first_name = first_name
    pupil.save()

    response = client.get(feed_url(document.coach))

    lines = response.content.split(b"\r\n")
    (event,) = events(response)
    expected = first_name.replace("\r", "\n").replace("\x07", "")
    assert str(event["summary"]) == f"Opvolggesprek {expected} V."
    assert all(len(line) <= 75 for line in lines)
    assert lines[-1] == b""
    assert str(Calendar.from_ical(response.content)["x-wr-calname"]) == (
        "Opvolgingen Groeidocument"
    )
