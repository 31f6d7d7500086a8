"""Writing the audit log.

Views call record() once per request that shows or changes pupil data. Each
call is one INSERT and reads nothing. record_throttled() first checks in the
session whether the same login recorded the same action on the same document a
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
# Session key of the times this login last recorded each action and document.
THROTTLE_SESSION_KEY = "audit_recorded_at"


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
    """Record action on document unless this login did so within THROTTLE_WINDOW.

    The session remembers when it last recorded each action and document, so
    the check costs no query. A user signed in on two devices gets an entry
    from each, which records more, not less.
    """
    now = timezone.now().timestamp()
    window = THROTTLE_WINDOW.total_seconds()
    # The row id, not the UUID: the session then contains nothing that points to
    # the pupil once the document is erased.
    key = f"{action}:{document.pk}"
    recorded = request.session.get(THROTTLE_SESSION_KEY, {})
    if now - recorded.get(key, -window) < window:
        return
    record(request, action, document=document)
    # Keep only the times that still throttle, so the session stays small.
    recorded = {k: at for k, at in recorded.items() if now - at < window}
    recorded[key] = now
    request.session[THROTTLE_SESSION_KEY] = recorded


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
