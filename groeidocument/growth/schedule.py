"""The to-do list of growth documents that need the coach's attention.

Dates are calendar dates in Europe/Brussels: the caller passes today's date
from timezone.localdate(), so "overdue" changes at midnight in Brussels, on
SQLite and PostgreSQL alike, whatever time zone the server runs in.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groeidocument.growth.models import GrowthDocument
from groeidocument.scopes import ScopedQuery

# An open document without a conversation for this long needs a look.
QUIET_AFTER = datetime.timedelta(weeks=6)
# "This week" means the seven days after today.
WEEK = datetime.timedelta(days=7)
# Documents listed per bucket on the overview. The rest are counted, and the
# bucket's own list shows them all, FOLLOW_UPS_PER_PAGE at a time.
BUCKET_LIMIT = 10
FOLLOW_UPS_PER_PAGE = 50


@dataclass
class Bucket:
    slug: str
    title: str
    empty: str
    documents: list
    total: int


@dataclass(frozen=True)
class BucketDefinition:
    slug: str
    title: str
    empty: str
    # The rule twice: as a filter for the bucket's own list, and as a test of
    # (next_follow_up_on, last_conversation_on) for the overview, which sorts
    # every open document into the buckets in one pass.
    condition: Q
    matches: Callable[[datetime.date | None, datetime.date], bool]


def bucket_definitions(today: datetime.date) -> list[BucketDefinition]:
    """Return the buckets of the to-do list in the order the overview shows them."""
    quiet_before = today - QUIET_AFTER
    week_end = today + WEEK
    return [
        BucketDefinition(
            "overdue",
            _("Follow-up date passed"),
            _("No follow-up dates have passed."),
            Q(next_follow_up_on__lt=today),
            lambda follow_up, _last: follow_up is not None and follow_up < today,
        ),
        BucketDefinition(
            "today",
            _("Follow-up today"),
            _("No follow-ups today."),
            Q(next_follow_up_on=today),
            lambda follow_up, _last: follow_up == today,
        ),
        BucketDefinition(
            "week",
            _("Follow-up in the coming seven days"),
            _("No follow-ups in the coming seven days."),
            Q(next_follow_up_on__gt=today, next_follow_up_on__lte=week_end),
            lambda follow_up, _last: (
                follow_up is not None and today < follow_up <= week_end
            ),
        ),
        BucketDefinition(
            "no_date",
            _("No follow-up date agreed"),
            _("Every open growth document has a follow-up date."),
            Q(next_follow_up_on__isnull=True),
            lambda follow_up, _last: follow_up is None,
        ),
        BucketDefinition(
            "quiet",
            _("No conversation for six weeks"),
            _("Every open growth document had a conversation in the last six weeks."),
            Q(last_conversation_on__lt=quiet_before),
            lambda _follow_up, last: last < quiet_before,
        ),
    ]


def with_conversation(open_documents):
    """Leave out documents whose first conversation is not finished yet.

    Those show among the unfinished conversations instead.
    """
    return open_documents.filter(last_conversation_on__isnull=False)


def follow_up_buckets(
    rows, today: datetime.date, limit: int = BUCKET_LIMIT
) -> list[Bucket]:
    """Split the rows of the open documents into the to-do list's buckets.

    rows are tuples that start with next_follow_up_on and last_conversation_on,
    as follow_up_rows() reads them. Each bucket lists its first limit rows in
    the order of rows, and counts the rest.
    """
    definitions = bucket_definitions(today)
    buckets = [
        Bucket(definition.slug, definition.title, definition.empty, [], 0)
        for definition in definitions
    ]
    tests = [
        (definition.matches, bucket)
        for definition, bucket in zip(definitions, buckets, strict=True)
    ]
    for row in rows:
        follow_up, last = row[0], row[1]
        for matches, bucket in tests:
            if matches(follow_up, last):
                bucket.total += 1
                if len(bucket.documents) < limit:
                    bucket.documents.append(row)
    return buckets


# The columns of a row of the to-do list. Rows of a user who reads through
# shares end with the access of their share.
ROW_COLUMNS = (
    "next_follow_up_on",
    "last_conversation_on",
    "uuid",
    "pupil__first_name",
    "pupil__last_name",
    "pupil__class_name",
    "started_on",
)


def follow_up_rows(membership):
    """Return the open documents that membership's user may read, as rows.

    A values_list() of ROW_COLUMNS, by follow-up date, then the pupil's last
    name. Documents whose first conversation is not finished are left out.
    """
    documents = (
        with_conversation(GrowthDocument.objects.visible_to(membership).open())
        .with_share_of(membership)
        .order_by("next_follow_up_on", "pupil__last_name", "pk")
    )
    if membership.sees_all_documents:
        return documents.values_list(*ROW_COLUMNS)
    return documents.values_list(*ROW_COLUMNS, "shared_access")


# The overview runs this query on every visit: its SQL is built once per role.
_OVERVIEW_ROWS = ScopedQuery(follow_up_rows)


def overview_rows(membership) -> list[tuple]:
    """Return follow_up_rows(membership), with SQL built once per role."""
    return _OVERVIEW_ROWS(membership)
