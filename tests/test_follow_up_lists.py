"""The overview lists a few documents per bucket; each bucket pages through all."""

import datetime
import uuid

import pytest
from django.contrib.auth.hashers import make_password
from django.db.models import F
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from groeidocument.accounts.models import Membership, Role
from groeidocument.conversations.services import start_first_conversation
from groeidocument.growth.generator import GroupSize, generate_school_group
from groeidocument.growth.models import GrowthDocument
from groeidocument.growth.schedule import (
    BUCKET_LIMIT,
    FOLLOW_UPS_PER_PAGE,
    bucket_definitions,
    with_conversation,
)
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.growth.templatetags.dates import day
from groeidocument.lib.urls import uuid_url_builder

from .conftest import PASSWORD
from .test_browser import assert_accessible


def coordinator_user():
    return Membership.objects.get(role=Role.COORDINATOR).user


def overdue_count(client) -> int:
    response = client.get(reverse("overview"))
    return next(b.total for b in response.context["buckets"] if b.slug == "overdue")


@pytest.fixture
def group(db):
    # One school of 300 pupils gives a coordinator more than 50 overdue documents.
    generate_school_group(GroupSize(1, 300), password_hash="!", seed=3)


def test_overview_lists_limited_rows(group, client):
    client.force_login(coordinator_user())

    response = client.get(reverse("overview"))

    buckets = response.context["buckets"]
    assert all(len(bucket.documents) <= BUCKET_LIMIT for bucket in buckets)
    overdue = next(bucket for bucket in buckets if bucket.slug == "overdue")
    assert overdue.total > FOLLOW_UPS_PER_PAGE
    assert "Toon alle" in response.content.decode()
    assert "?bucket=overdue" in response.content.decode()


def test_bucket_list_pages_through_all(group, client):
    client.force_login(coordinator_user())
    total = overdue_count(client)
    seen = []

    first = client.get(reverse("overview"), {"bucket": "overdue"})
    last_number = first.context["page"].paginator.num_pages
    for number in range(1, last_number + 1):
        response = client.get(
            reverse("overview"), {"bucket": "overdue", "page": number}
        )
        seen += [row.url for row in response.context["documents"]]

    assert len(first.context["page"].object_list) == FOLLOW_UPS_PER_PAGE
    assert "Pagina 1 van" in first.content.decode()
    assert "Volgende" in first.content.decode()
    assert len(seen) == total
    assert len(set(seen)) == total


def test_overview_rows_match_bucket_lists(group, client):
    client.force_login(coordinator_user())

    buckets = client.get(reverse("overview")).context["buckets"]

    for bucket in buckets:
        listed = client.get(reverse("overview"), {"bucket": bucket.slug})
        page = listed.context["page"]
        first = [row.url for row in listed.context["documents"][:BUCKET_LIMIT]]
        assert [row.url for row in bucket.documents] == first, bucket.slug
        assert page.paginator.count == bucket.total, bucket.slug


def test_documents_carry_their_pupils_school(group, pupil, coach):
    create_growth_document(
        pupil=pupil,
        coach=coach,
        held_on=datetime.date(2026, 11, 16),
        follow_up_on=None,
        action_points=[ActionPointInput(wish="Rustig blijven", scale_value=4)],
    )
    start_first_conversation(pupil, coach)
    GrowthDocument.objects.create(pupil=pupil, coach=coach)

    documents = GrowthDocument.objects.all()

    assert documents.filter(school=pupil.school).count() == 3
    assert documents.count() > 3
    assert not documents.exclude(school=F("pupil__school")).exists()


def test_unknown_bucket_shows_overview(group, client):
    client.force_login(coordinator_user())

    response = client.get(reverse("overview"), {"bucket": "nonsense"})

    assert response.status_code == 200
    assert "buckets" in response.context


def test_bucket_list_keeps_scope(group, client):
    membership = Membership.objects.filter(
        role=Role.COACH, user__growth_documents__isnull=False
    ).first()
    client.force_login(membership.user)
    readable = {
        document.get_absolute_url()
        for document in GrowthDocument.objects.visible_to(membership)
    }

    response = client.get(reverse("overview"), {"bucket": "overdue"})

    assert response.context["documents"]
    for row in response.context["documents"]:
        assert row.url in readable
    assert len(readable) < GrowthDocument.objects.in_school(membership.school).count()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bucket_list_in_browser(page: Page, live_server, tmp_path):
    generate_school_group(
        GroupSize(1, 300), password_hash=make_password(PASSWORD), seed=3
    )
    user = coordinator_user()
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(live_server.url)
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()
    assert_accessible(page)

    overdue = page.locator("section.bucket--overdue")
    overdue.get_by_role("link", name="Toon alle").click()
    expect(page.get_by_role("heading", name="Opvolgdatum voorbij")).to_be_visible()
    expect(page.get_by_text("Pagina 1 van")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "follow-up-list-768.png"), full_page=True)

    page.get_by_role("link", name="Volgende").click()
    expect(page.get_by_text("Pagina 2 van")).to_be_visible()
    expect(page.get_by_role("link", name="Vorige")).to_be_visible()
    page.get_by_role("link", name="Terug naar het overzicht").click()
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()


def test_bucket_rules_agree_with_filters(group):
    today = datetime.date.today()
    documents = with_conversation(GrowthDocument.objects.open())
    dates = list(
        documents.values_list("pk", "next_follow_up_on", "last_conversation_on")
    )

    for definition in bucket_definitions(today):
        by_filter = set(
            documents.filter(definition.condition).values_list("pk", flat=True)
        )
        by_rule = {
            pk for pk, follow_up, last in dates if definition.matches(follow_up, last)
        }
        assert by_rule == by_filter, definition.slug


def test_url_builder_matches_reverse():
    value = uuid.uuid4()

    url_of = uuid_url_builder("growth:detail")

    assert url_of(value) == reverse("growth:detail", args=[value])


@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_day_filter_matches_date_filter(language):
    value = datetime.date(2026, 3, 4)

    with translation.override(language):
        cached = day(value, "l j F Y")
        expected = date(value, "l j F Y")

    assert cached == expected


def test_day_filter_skips_datetimes():
    assert day(datetime.datetime(2026, 3, 4, 12, 0), "j F Y") == ""
    assert day(None, "j F Y") == ""


def test_lines_name_dates_that_tell_documents_apart(login, coach, pupil):
    today = datetime.date.today()
    for started, follow_up in [
        (today - datetime.timedelta(days=70), today - datetime.timedelta(days=3)),
        (today - datetime.timedelta(days=60), None),
    ]:
        create_growth_document(
            pupil=pupil,
            coach=coach,
            held_on=started,
            follow_up_on=follow_up,
            action_points=[ActionPointInput(wish="Rustig blijven", scale_value=4)],
        )

    buckets = {
        bucket.slug: bucket.documents
        for bucket in login(coach).get(reverse("overview")).context["buckets"]
    }

    with translation.override("nl-be"):
        first_start = day(today - datetime.timedelta(days=70), "j F Y")
        second_start = day(today - datetime.timedelta(days=60), "j F Y")
    (overdue,) = buckets["overdue"]
    # Alone in its list, the line needs no start date.
    assert overdue.dates_text.startswith("Opvolgdatum: ")
    assert "gestart op" not in overdue.dates_text
    # Six weeks without a conversation: the line says when the last one was,
    # and the pupil's two lines say when each document started.
    assert {line.dates_text for line in buckets["quiet"]} == {
        f"laatste gesprek {first_start} · gestart op {first_start}",
        f"laatste gesprek {second_start} · gestart op {second_start}",
    }
