"""Writing the audit log.

Views call record() once per request that shows or changes pupil data. Each
call is one INSERT and reads nothing. record_throttled() first checks in the
session whether the same login recorded the same action on the same document a
moment ago. Nothing here goes to Python logging: the audit log is a database
table, kept apart from the technical logs.
"""

import datetime
from functools import lru_cache

from django.db import connection
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


@lru_cache(maxsize=4)
def _insert_sql(vendor: str) -> tuple[str, list]:
    """Return the INSERT of one audit entry, and the fields in its order.

    vendor is in the key because the quoting of names is the database's.
    """
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = quote(AuditEntry._meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", fields


def _insert(entry: AuditEntry) -> None:
    """Write entry with one INSERT whose SQL is built once per process.

    Every page that shows pupil data writes an entry. Model.save() builds its
    INSERT anew each time and reads the new id back, which nothing here needs.
    """
    sql, fields = _insert_sql(connection.vendor)
    params = [
        field.get_db_prep_save(field.pre_save(entry, True), connection)
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def record(request, action: Action, *, pupil=None, document=None, pupil_count=None):
    """Record that the signed-in user did action, in their current school.

    A document implies its pupil; pass a document whose pupil is already
    loaded (select_related) to avoid an extra query.
    """
    _insert(
        _entry(request, action, pupil=pupil, document=document, pupil_count=pupil_count)
    )


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
