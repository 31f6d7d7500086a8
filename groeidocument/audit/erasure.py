"""Erasing a pupil with everything recorded about them, and the retention rule.

A pupil's growth documents, action points, conversations, conversation
entries and document events all hang on the pupil through foreign keys with
CASCADE, so deleting the pupil deletes them in the same transaction. The
calendar feeds build their events from the growth documents on every request,
so they stop listing the pupil at once. What stays is the audit log, which
contains the pupil's UUID and no content.
"""

import calendar
import datetime
import logging

from django.db import transaction
from django.utils import timezone

from groeidocument.audit.models import AuditEntry
from groeidocument.audit.services import record_erasure
from groeidocument.pupils.models import Pupil

logger = logging.getLogger(__name__)

# A school's audit log is kept this many months longer than the data of a
# pupil who left. Questions about who saw the data can then still be answered
# for a year after the data itself is gone.
AUDIT_LOG_EXTRA_MONTHS = 12


@transaction.atomic
def erase_pupil(pupil: Pupil, *, user=None, membership=None):
    """Delete pupil and everything recorded about them, and record the erasure.

    user and membership identify who erased the pupil. Without them, the
    erasure is recorded as one by the retention period.
    """
    school = pupil.school
    pupil_uuid = pupil.uuid

    pupil.delete()
    record_erasure(school, pupil_uuid, user=user, membership=membership)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """Return the same day months earlier, or that month's last day if shorter."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def pupil_cutoff(school, today: datetime.date) -> datetime.date:
    """Return the day before which a pupil must have left to be erased today."""
    return months_before(today, school.retention_months)


def audit_cutoff(school, today: datetime.date) -> datetime.date:
    """Return the day before which the school's audit entries are deleted today."""
    return months_before(today, school.retention_months + AUDIT_LOG_EXTRA_MONTHS)


def pupils_past_retention(school, today: datetime.date):
    return Pupil.objects.filter(
        school=school, is_active=False, left_on__lt=pupil_cutoff(school, today)
    ).order_by("left_on", "pk")


def audit_entries_past_retention(school, today: datetime.date):
    # The cutoff is midnight in settings.TIME_ZONE (Europe/Brussels), so that
    # entries are kept for whole Belgian days.
    cutoff = audit_cutoff(school, today)
    start_of_cutoff = timezone.make_aware(
        datetime.datetime.combine(cutoff, datetime.time.min)
    )
    return AuditEntry.objects.filter(school=school, created_at__lt=start_of_cutoff)


def apply_retention(school, today: datetime.date) -> tuple[int, int]:
    """Erase the school's pupils past the retention period and old audit entries.

    Each pupil is erased in a transaction of their own, so an error halfway
    keeps the pupils erased before it. Returns the number of pupils erased
    and of audit entries deleted.
    """
    erased = 0
    for pupil in list(pupils_past_retention(school, today)):
        erase_pupil(pupil)
        erased += 1
    deleted, _by_model = audit_entries_past_retention(school, today).delete()
    logger.info(
        "Retention for school %s: %s pupils erased, %s audit entries deleted",
        school.pk,
        erased,
        deleted,
    )
    return erased, deleted
