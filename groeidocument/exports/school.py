"""The rows of a school's CSV and XLSX export: one per conversation entry.

Only finished conversations count, because a draft may still change. The
values stay typed (integers, dates) so that lib.spreadsheet can write real
numbers and dates.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from groeidocument.accounts.models import School
from groeidocument.growth.models import ConversationEntry, ConversationStatus
from groeidocument.pupils.models import Pupil

# Rows are read from the database in batches of this many.
CHUNK_SIZE = 2000


def school_headers() -> list[str]:
    """Return the column headers in the active language."""
    return [
        _("School"),
        pgettext("school class group", "Class"),
        _("School year"),
        _("First name"),
        _("Last name"),
        _("Document started on"),
        _("Document status"),
        _("Document closed on"),
        _("Action point"),
        _("Wish"),
        pgettext("kind of action point", "Area"),
        _("Action point status"),
        _("Conversation date"),
        _("Kind of conversation"),
        _("Scale value"),
        _("Follow-up date"),
    ]


def school_pupils(school: School):
    """Return the pupils in school_rows, the ones with a finished conversation."""
    return Pupil.objects.filter(
        school=school,
        growth_documents__conversations__status=ConversationStatus.COMPLETE,
    ).distinct()


def school_rows(school: School):
    """Yield one row per entry of the school's finished conversations."""
    entries = (
        ConversationEntry.objects.filter(
            conversation__document__pupil__school=school,
            conversation__status=ConversationStatus.COMPLETE,
        )
        .select_related("action_point", "conversation__document__pupil__school")
        .order_by(
            "conversation__document__pupil__class_name",
            "conversation__document__pupil__last_name",
            "conversation__document__pupil__first_name",
            "conversation__document__pupil__id",
            "conversation__document__started_on",
            "conversation__document__id",
            "conversation__held_on",
            "conversation__created_at",
            "action_point__position",
        )
    )
    for entry in entries.iterator(chunk_size=CHUNK_SIZE):
        conversation = entry.conversation
        document = conversation.document
        pupil = document.pupil
        action_point = entry.action_point
        yield [
            pupil.school.name,
            pupil.class_name,
            pupil.school_year,
            pupil.first_name,
            pupil.last_name,
            document.started_on,
            document.get_status_display(),
            document.closed_on,
            action_point.position,
            action_point.wish,
            action_point.get_domain_display(),
            action_point.get_status_display(),
            conversation.held_on,
            conversation.get_kind_display(),
            entry.scale_value,
            conversation.follow_up_on,
        ]
