"""Writing the audit log.

Views call record() once per request that shows or changes pupil data. Each
call is one INSERT and reads nothing, except record_throttled(), which first
checks whether the same user recorded the same action on the same document a
moment ago. Nothing here goes to Python logging: the audit log is a database
table, kept apart from the technical logs.
"""

import datetime

from django.utils import timezone

from groeidocument.audit.models import Action, AuditEntry

# An autosave every few seconds would bury the log in identical entries, so a
# conversation gets at most one entry per action, user and document in this
# window.
THROTTLE_WINDOW = datetime.timedelta(minutes=5)


def _entry(request, action, *, pupil=None, document=None, pupil_count=None):
    if document is not None and pupil is None:
        pupil = document.pupil
    membership = request.membership
    return AuditEntry(
        user=request.user,
        username=request.user.get_username(),
        role=membership.role,
        school=membership.school,
        action=action,
        pupil_uuid=pupil.uuid if pupil is not None else None,
        document_uuid=document.uuid if document is not None else None,
        pupil_count=pupil_count,
    )


def record(request, action: Action, *, pupil=None, document=None, pupil_count=None):
    """Record that the signed-in user did action, in their current school.

    A document implies its pupil; pass a document whose pupil is already
    loaded (select_related) to avoid an extra query.
    """
    _entry(
        request, action, pupil=pupil, document=document, pupil_count=pupil_count
    ).save()


def record_many(request, action: Action, *, pupils=(), documents=()):
    """Record one entry per pupil or document in a single INSERT."""
    entries = [_entry(request, action, pupil=pupil) for pupil in pupils]
    entries += [_entry(request, action, document=document) for document in documents]
    AuditEntry.objects.bulk_create(entries)


def record_throttled(request, action: Action, *, document):
    """Record action on document unless this user did so within THROTTLE_WINDOW."""
    recent = AuditEntry.objects.filter(
        document_uuid=document.uuid,
        user=request.user,
        action=action,
        created_at__gte=timezone.now() - THROTTLE_WINDOW,
    )
    if not recent.exists():
        record(request, action, document=document)


def record_erasure(school, pupil_uuid, *, user=None, membership=None):
    """Record the erasure of a pupil, by a user or by the retention period."""
    AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        role=membership.role if membership is not None else "",
        school=school,
        action=Action.ERASED if user is not None else Action.ERASED_BY_RETENTION,
        pupil_uuid=pupil_uuid,
    )


def record_command(school, action: Action, *, pupil_count=None):
    """Record an action of a console command, which has no signed-in user."""
    AuditEntry.objects.create(school=school, action=action, pupil_count=pupil_count)
