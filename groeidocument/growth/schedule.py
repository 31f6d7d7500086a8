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
    open_documents, today: datetime.date, limit: int = BUCKET_LIMIT
) -> list[Bucket]:
    """Split the open documents the coach may see into a to-do list.

    Each bucket lists its first limit documents in the order of
    open_documents, and counts the rest. Two queries, however full the
    buckets are: one reads the dates of every open document, the other the
    listed documents.
    """
    open_documents = with_conversation(open_documents)
    definitions = bucket_definitions(today)
    totals = {definition.slug: 0 for definition in definitions}
    listed_ids = {definition.slug: [] for definition in definitions}
    dates = open_documents.values_list(
        "pk", "next_follow_up_on", "last_conversation_on"
    )
    for pk, follow_up, last in dates:
        for definition in definitions:
            if definition.matches(follow_up, last):
                totals[definition.slug] += 1
                if len(listed_ids[definition.slug]) < limit:
                    listed_ids[definition.slug].append(pk)

    listed_pks = {pk for ids in listed_ids.values() for pk in ids}
    documents = {
        document.pk: document
        for document in open_documents.filter(pk__in=listed_pks).order_by()
    }
    return [
        Bucket(
            definition.slug,
            definition.title,
            definition.empty,
            [documents[pk] for pk in listed_ids[definition.slug]],
            totals[definition.slug],
        )
        for definition in definitions
    ]
