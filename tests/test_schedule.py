"""The overview's to-do list: dates are dates, and days turn at midnight in Brussels."""

import datetime
import os
import time

import pytest
import time_machine
from django.urls import reverse

from groeidocument.conversations import services as conversation_services
from groeidocument.growth.models import GrowthDocument
from groeidocument.growth.schedule import follow_up_buckets, with_conversation
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.pupils.models import Pupil

BRUSSELS = datetime.timezone(datetime.timedelta(hours=1))


def make_document(pupil, coach, held_on, follow_up_on):
    return create_growth_document(
        pupil=pupil,
        coach=coach,
        held_on=held_on,
        follow_up_on=follow_up_on,
        action_points=[ActionPointInput(wish="Rustig blijven", scale_value=4)],
    )


def bucket_slugs(coach, today):
    rows = (
        with_conversation(GrowthDocument.objects.filter(coach=coach).open())
        .order_by("next_follow_up_on", "pupil__last_name", "pk")
        .values_list("next_follow_up_on", "last_conversation_on", "pupil__first_name")
    )
    return {
        bucket.slug: [first_name for _follow_up, _last, first_name in bucket.documents]
        for bucket in follow_up_buckets(rows, today)
    }


@pytest.fixture
def three_pupils(school):
    return [
        Pupil.objects.create(
            school=school, first_name=name, last_name="X", class_name="4A"
        )
        for name in ("Amir", "Bo", "Cas")
    ]


def test_buckets_split_by_follow_up_date(coach, three_pupils):
    today = datetime.date(2026, 12, 4)
    amir, bo, cas = three_pupils
    make_document(amir, coach, datetime.date(2026, 11, 1), datetime.date(2026, 12, 3))
    make_document(bo, coach, datetime.date(2026, 11, 20), today)
    make_document(cas, coach, datetime.date(2026, 11, 20), datetime.date(2026, 12, 11))

    buckets = bucket_slugs(coach, today)

    assert buckets["overdue"] == ["Amir"]
    assert buckets["today"] == ["Bo"]
    assert buckets["week"] == ["Cas"]
    assert buckets["no_date"] == []
    assert buckets["quiet"] == []


def test_no_date_and_quiet_documents(coach, three_pupils):
    today = datetime.date(2026, 12, 4)
    amir, bo, _cas = three_pupils
    make_document(amir, coach, datetime.date(2026, 11, 30), None)
    make_document(bo, coach, datetime.date(2026, 10, 20), datetime.date(2026, 12, 25))

    buckets = bucket_slugs(coach, today)

    assert buckets["no_date"] == ["Amir"]
    assert buckets["quiet"] == ["Bo"]
    assert buckets["week"] == []


def test_drafts_and_closed_documents_are_left_out(coach, three_pupils):
    amir, bo, _cas = three_pupils
    conversation_services.start_first_conversation(amir, coach)
    closed = make_document(bo, coach, datetime.date(2026, 11, 1), None)
    closed.status = "closed"
    closed.save()

    buckets = bucket_slugs(coach, datetime.date(2026, 12, 4))

    assert all(names == [] for names in buckets.values())


@pytest.mark.parametrize(
    ("moment", "overdue"),
    [
        # 23:59 in Brussels is 22:59 UTC in winter: the day has not turned yet.
        (datetime.datetime(2026, 12, 4, 22, 59, tzinfo=datetime.UTC), False),
        # 00:01 in Brussels is still 23:01 UTC on the day before.
        (datetime.datetime(2026, 12, 4, 23, 1, tzinfo=datetime.UTC), True),
        # Summer time: midnight in Brussels is 22:00 UTC.
        (datetime.datetime(2026, 7, 10, 21, 59, tzinfo=datetime.UTC), False),
        (datetime.datetime(2026, 7, 10, 22, 1, tzinfo=datetime.UTC), True),
    ],
)
def test_overdue_turns_at_midnight_in_brussels(client, coach, pupil, moment, overdue):
    brussels_day = (
        moment + datetime.timedelta(hours=1 if moment.month == 12 else 2)
    ).date()
    follow_up_on = (
        brussels_day if not overdue else brussels_day - datetime.timedelta(days=1)
    )
    make_document(
        pupil, coach, follow_up_on - datetime.timedelta(days=14), follow_up_on
    )
    client.force_login(coach)

    with time_machine.travel(moment, tick=False):
        content = client.get(reverse("overview")).content.decode()

    today_section = content.split('id="bucket-today"')[1].split("</section>")[0]
    overdue_section = content.split('id="bucket-overdue"')[1].split("</section>")[0]
    assert ("Zoë" in overdue_section) == overdue
    assert ("Zoë" in today_section) == (not overdue)


@pytest.mark.parametrize(
    "moment",
    [
        # The nights the clocks change in Brussels in 2026.
        datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC),
    ],
)
def test_follow_up_date_survives_daylight_saving_change(client, coach, pupil, moment):
    day = datetime.date(moment.year, moment.month, moment.day)
    document = make_document(pupil, coach, day - datetime.timedelta(days=7), day)
    client.force_login(coach)

    with time_machine.travel(moment, tick=False):
        content = client.get(reverse("overview")).content.decode()

    document.refresh_from_db()
    assert document.next_follow_up_on == day
    assert "Zoë" in content.split('id="bucket-today"')[1].split("</section>")[0]


@pytest.fixture
def server_in_another_time_zone():
    """The process time zone of a server set up somewhere else."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_dates_do_not_shift_in_another_time_zone(
    client, coach, pupil, server_in_another_time_zone
):
    # 00:30 on 5 December in Brussels is still 4 December in Los Angeles.
    moment = datetime.datetime(2026, 12, 4, 23, 30, tzinfo=datetime.UTC)
    document = make_document(
        pupil, coach, datetime.date(2026, 11, 20), datetime.date(2026, 12, 5)
    )
    client.force_login(coach)

    with time_machine.travel(moment, tick=False):
        content = client.get(reverse("overview")).content.decode()
        stored = GrowthDocument.objects.values_list("next_follow_up_on", flat=True).get(
            pk=document.pk
        )

    assert stored == datetime.date(2026, 12, 5)
    assert "Zoë" in content.split('id="bucket-today"')[1].split("</section>")[0]


def test_finishing_late_in_the_evening_keeps_the_date(client, coach, pupil):
    moment = datetime.datetime(2026, 12, 4, 22, 45, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        conversation = conversation_services.start_first_conversation(pupil, coach)

    assert conversation.held_on == datetime.date(2026, 12, 4)
