"""Everything the school stores about one pupil, for an access request.

The export follows the models field by field, so a field added later is
exported without a change here. Users appear by user name and full name,
never with their password hash.
"""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from groeidocument.audit.models import AuditEntry
from groeidocument.growth.models import (
    ActionPoint,
    Conversation,
    ConversationEntry,
    DocumentEvent,
    GrowthDocument,
)
from groeidocument.pupils.models import Pupil

FORMAT = "groeidocument-pupil-export"
FORMAT_VERSION = 1
# Internal columns that mean nothing to the reader.
SKIPPED_FIELDS = {"id", "search_name", "version", "current_step"}


def _json_value(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _user(user):
    if user is None:
        return None
    return {"username": user.username, "name": user.get_full_name()}


def _record(instance: models.Model, parent_fields=()) -> dict:
    """Return the instance's fields as JSON values.

    A choice field also gets its label in the active language, under
    "<field>_label". Links to users become the user's names, and other links
    the linked object's text, such as a starter card's question. The links
    named in parent_fields are left out, because the nesting of the export
    shows them.
    """
    record = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.name in parent_fields:
            continue
        if field.is_relation:
            related = getattr(instance, field.name)
            if field.related_model is get_user_model():
                record[field.name] = _user(related)
            else:
                record[field.name] = None if related is None else str(related)
            continue
        record[field.name] = _json_value(field.value_from_object(instance))
        if field.choices:
            record[f"{field.name}_label"] = str(
                getattr(instance, f"get_{field.name}_display")()
            )
    return record


def build_pupil_export(pupil: Pupil, membership) -> dict:
    """Return the pupil's record with all their growth documents, nested.

    Coach notes are exported only where membership's user may read them
    (Conversation.notes_visible_to). Elsewhere coach_notes is left out and
    coach_notes_withheld is true, so the reader can tell that notes exist.
    """
    documents = GrowthDocument.objects.filter(pupil=pupil).select_related("coach")
    action_points = ActionPoint.objects.filter(document__pupil=pupil).select_related(
        "closed_in"
    )
    conversations = Conversation.objects.filter(document__pupil=pupil).select_related(
        "starter", "created_by", "document__pupil"
    )
    entries = ConversationEntry.objects.filter(
        conversation__document__pupil=pupil
    ).select_related("action_point")
    events = DocumentEvent.objects.filter(document__pupil=pupil).select_related(
        "actor", "from_coach", "to_coach"
    )

    entries_by_conversation = {}
    for entry in entries:
        record = _record(entry, parent_fields={"conversation", "action_point"})
        record["action_point"] = entry.action_point.position
        entries_by_conversation.setdefault(entry.conversation_id, []).append(record)

    parts = {
        document.id: {"action_points": [], "conversations": [], "events": []}
        for document in documents
    }
    for action_point in action_points:
        record = _record(action_point, parent_fields={"document", "closed_in"})
        record["closed_in"] = (
            str(action_point.closed_in.uuid) if action_point.closed_in else None
        )
        parts[action_point.document_id]["action_points"].append(record)
    for conversation in conversations:
        record = _record(conversation, parent_fields={"document"})
        if not conversation.notes_visible_to(membership):
            withheld = bool(record.pop("coach_notes"))
            record["coach_notes_withheld"] = withheld
        record["entries"] = entries_by_conversation.get(conversation.id, [])
        parts[conversation.document_id]["conversations"].append(record)
    for event in events:
        record = _record(event, parent_fields={"document"})
        parts[event.document_id]["events"].append(record)
    growth_documents = [
        {**_record(document, parent_fields={"pupil"}), **parts[document.id]}
        for document in documents
    ]

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "school": pupil.school.name,
        "pupil": _record(pupil, parent_fields={"school"}),
        "growth_documents": growth_documents,
        "audit_log": _audit_log(pupil),
    }


def _audit_log(pupil: Pupil) -> list[dict]:
    """Return who viewed or changed the pupil's data and when, oldest first.

    An access request covers who received the data, and the audit log is
    that record.
    """
    entries = AuditEntry.objects.of_pupil(pupil.school, pupil.uuid).order_by(
        "created_at", "id"
    )
    return [
        {
            "at": entry.created_at.isoformat(),
            "username": entry.username,
            "role": entry.role,
            "role_label": str(entry.get_role_display()),
            "action": entry.action,
            "action_label": str(entry.get_action_display()),
            "growth_document": _json_value(entry.document_uuid),
        }
        for entry in entries
    ]
