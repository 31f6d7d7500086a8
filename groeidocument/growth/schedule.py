"""The to-do list of growth documents that need the coach's attention.

Dates are calendar dates in Europe/Brussels: the caller passes today's date
from timezone.localdate(), so "overdue" changes at midnight in Brussels, on
SQLite and PostgreSQL alike, whatever time zone the server runs in.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
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
    condition: Q


def bucket_definitions(today: datetime.date) -> list[BucketDefinition]:
    """Return the buckets of the to-do list in the order the overview shows them."""
    return [
        BucketDefinition(
            "overdue",
            _("Follow-up date passed"),
            _("No follow-up dates have passed."),
            Q(next_follow_up_on__lt=today),
        ),
        BucketDefinition(
            "today",
            _("Follow-up today"),
            _("No follow-ups today."),
            Q(next_follow_up_on=today),
        ),
        BucketDefinition(
            "week",
            _("Follow-up in the coming seven days"),
            _("No follow-ups in the coming seven days."),
            Q(next_follow_up_on__gt=today, next_follow_up_on__lte=today + WEEK),
        ),
        BucketDefinition(
            "no_date",
            _("No follow-up date agreed"),
            _("Every open growth document has a follow-up date."),
            Q(next_follow_up_on__isnull=True),
        ),
        BucketDefinition(
            "quiet",
            _("No conversation for six weeks"),
            _("Every open growth document had a conversation in the last six weeks."),
            Q(last_conversation_on__lt=today - QUIET_AFTER),
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

    Each bucket lists its first limit documents. One query counts every
    bucket, so the number of queries does not depend on how full they are.
    """
    open_documents = with_conversation(open_documents)
    definitions = bucket_definitions(today)
    totals = open_documents.aggregate(
        **{
            definition.slug: Count("pk", filter=definition.condition)
            for definition in definitions
        }
    )
    buckets = []
    for definition in definitions:
        total = totals[definition.slug]
        listed = list(open_documents.filter(definition.condition)[:limit])
        buckets.append(
            Bucket(definition.slug, definition.title, definition.empty, listed, total)
        )
    return buckets
