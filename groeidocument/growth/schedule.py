"""The to-do list of growth documents that need the coach's attention.

Dates are calendar dates in Europe/Brussels: the caller passes today's date
from timezone.localdate(), so "overdue" changes at midnight in Brussels, on
SQLite and PostgreSQL alike, whatever time zone the server runs in.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# An open document without a conversation for this long needs a look.
QUIET_AFTER = datetime.timedelta(weeks=6)
# "This week" means the seven days after today.
WEEK = datetime.timedelta(days=7)
# Maximum number of documents listed per bucket. The rest are only counted.
BUCKET_LIMIT = 25


@dataclass
class Bucket:
    slug: str
    title: str
    empty: str
    documents: list
    total: int


def follow_up_buckets(open_documents, today: datetime.date) -> list[Bucket]:
    """Split the open documents the coach may see into a to-do list.

    A document whose first conversation is not finished yet is left out: it
    shows among the unfinished conversations instead.
    """
    open_documents = open_documents.filter(last_conversation_on__isnull=False)
    definitions = [
        (
            "overdue",
            _("Follow-up date passed"),
            _("No follow-up dates have passed."),
            open_documents.filter(next_follow_up_on__lt=today),
        ),
        (
            "today",
            _("Follow-up today"),
            _("No follow-ups today."),
            open_documents.filter(next_follow_up_on=today),
        ),
        (
            "week",
            _("Follow-up in the coming seven days"),
            _("No follow-ups in the coming seven days."),
            open_documents.filter(
                next_follow_up_on__gt=today, next_follow_up_on__lte=today + WEEK
            ),
        ),
        (
            "no_date",
            _("No follow-up date agreed"),
            _("Every open growth document has a follow-up date."),
            open_documents.filter(next_follow_up_on__isnull=True),
        ),
        (
            "quiet",
            _("No conversation for six weeks"),
            _("Every open growth document had a conversation in the last six weeks."),
            open_documents.filter(last_conversation_on__lt=today - QUIET_AFTER),
        ),
    ]
    buckets = []
    for slug, title, empty, documents in definitions:
        listed = list(documents[:BUCKET_LIMIT])
        total = len(listed) if len(listed) < BUCKET_LIMIT else documents.count()
        buckets.append(Bucket(slug, title, empty, listed, total))
    return buckets
