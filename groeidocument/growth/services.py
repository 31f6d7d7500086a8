"""Writing growth documents: every multi-row write is one transaction.

Each object is fully validated (fields, model rules, constraints) before it is
saved, so a rule broken halfway rolls back everything written before it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groeidocument.growth import rules
from groeidocument.growth.models import (
    ActionPoint,
    CloseReason,
    Conversation,
    ConversationEntry,
    DocumentEvent,
    DocumentShare,
    GrowthDocument,
    ShareAccess,
)


class EditConflict(Exception):
    """The document changed since the editor loaded it."""

    message = _(
        "Someone else saved this growth document while you were editing it. "
        "Your text is still below: compare it with the saved version, then "
        "save again."
    )


# A closed growth document is read-only until its holder or a care
# coordinator opens it again.
CLOSED_MESSAGE = _(
    "This growth document is closed. The coach who holds it or a care "
    "coordinator must open it again before it can be changed."
)


def require_open(document):
    """Raise ValidationError (code "closed") when document is closed."""
    if document.status == GrowthDocument.Status.CLOSED:
        raise ValidationError(CLOSED_MESSAGE, code="closed")


@dataclass
class ActionPointInput:
    wish: str
    domain: str = ActionPoint.Domain.LEARNING
    wish_by_pupil: bool = False
    scale_value: int | None = None
    answers: dict[str, str] = field(default_factory=dict)
    pupil_written: list[str] = field(default_factory=list)
    # The existing action point this input edits, or None for a new one.
    action_point: ActionPoint | None = None


def _save_entry(conversation, action_point, data: ActionPointInput):
    entry = ConversationEntry.objects.filter(
        conversation=conversation, action_point=action_point
    ).first() or ConversationEntry(conversation=conversation, action_point=action_point)
    entry.scale_value = data.scale_value
    for name in rules.ENTRY_ANSWER_FIELDS:
        setattr(entry, name, data.answers.get(name, ""))
    # Keep the marks of texts this form does not show, such as the exploring
    # answers recorded in the conversation mode.
    not_shown = set(entry.pupil_written) - set(rules.ENTRY_ANSWER_FIELDS)
    entry.pupil_written = sorted(set(data.pupil_written) | not_shown)
    entry.full_clean()
    entry.save()


def _save_action_points(document, conversation, inputs: list[ActionPointInput]):
    rules.validate_action_point_count(len(inputs))
    next_position = (
        max((ap.position for ap in document.action_points.all()), default=0) + 1
    )
    for data in inputs:
        action_point = data.action_point
        if action_point is None:
            action_point = ActionPoint(
                document=document, position=next_position, importance=next_position
            )
            next_position += 1
        action_point.wish = data.wish
        action_point.wish_by_pupil = data.wish_by_pupil
        action_point.domain = data.domain
        action_point.full_clean()
        action_point.save()
        _save_entry(conversation, action_point, data)


@transaction.atomic
def create_growth_document(
    *, pupil, coach, held_on, follow_up_on, action_points: list[ActionPointInput]
) -> GrowthDocument:
    """Create a document with its first conversation and 1..3 action points."""
    document = GrowthDocument(
        pupil=pupil,
        coach=coach,
        started_on=held_on,
        next_follow_up_on=follow_up_on,
        last_conversation_on=held_on,
    )
    document.full_clean()
    document.save()

    conversation = Conversation(
        document=document,
        kind=Conversation.Kind.FIRST,
        held_on=held_on,
        follow_up_on=follow_up_on,
        created_by=coach,
    )
    conversation.full_clean()
    conversation.save()

    _save_action_points(document, conversation, action_points)
    return document


@transaction.atomic
def update_growth_document(
    document,
    *,
    version: int,
    user,
    held_on,
    follow_up_on,
    action_points: list[ActionPointInput],
) -> GrowthDocument:
    """Correct the latest conversation of document, and add new action points.

    Earlier conversations are never changed here. Raises EditConflict when the
    document's version is no longer the version the editor started from, and
    ValidationError when document is closed.
    """
    require_open(document)
    claimed = GrowthDocument.objects.filter(pk=document.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise EditConflict()

    conversation = document.latest_conversation()
    conversation.held_on = held_on
    conversation.follow_up_on = follow_up_on
    conversation.full_clean()
    conversation.save()

    _save_action_points(document, conversation, action_points)

    document.refresh_from_db()
    if conversation.kind == Conversation.Kind.FIRST:
        document.started_on = held_on
    document.refresh_schedule()
    document.full_clean()
    document.save(
        update_fields=[
            "started_on",
            "next_follow_up_on",
            "last_conversation_on",
            "updated_at",
        ]
    )
    return document


@transaction.atomic
def close_document(document, *, user, reason, on=None) -> GrowthDocument:
    """Close the document for a reason; the history records who and why."""
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("Choose why the document is closed.")})
    if document.status == GrowthDocument.Status.CLOSED:
        return document

    document.status = GrowthDocument.Status.CLOSED
    document.close_reason = reason
    document.closed_on = on or timezone.localdate()
    document.version += 1
    document.full_clean()
    document.save()
    DocumentEvent.objects.create(
        document=document, kind=DocumentEvent.Kind.CLOSED, reason=reason, actor=user
    )
    return document


@transaction.atomic
def reopen_document(document, *, user) -> GrowthDocument:
    if document.status == GrowthDocument.Status.OPEN:
        return document

    document.status = GrowthDocument.Status.OPEN
    document.close_reason = ""
    document.closed_on = None
    document.version += 1
    document.save()
    DocumentEvent.objects.create(
        document=document, kind=DocumentEvent.Kind.REOPENED, actor=user
    )
    return document


def colleagues_for_hand_over(document):
    """Users of the pupil's school who can take the document over."""
    from groeidocument.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__school=document.pupil.school_id,
            memberships__is_active=True,
        )
        .exclude(pk=document.coach_id)
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def hand_over_document(document, *, user, to_coach) -> GrowthDocument:
    """Give the document to a colleague of the same school."""
    if not colleagues_for_hand_over(document).filter(pk=to_coach.pk).exists():
        raise ValidationError(
            {"to_coach": _("Choose a colleague of this school from the list.")}
        )

    from_coach = document.coach
    document.coach = to_coach
    document.version += 1
    document.save()
    DocumentEvent.objects.create(
        document=document,
        kind=DocumentEvent.Kind.HANDED_OVER,
        actor=user,
        from_coach=from_coach,
        to_coach=to_coach,
    )
    # Other shares stay, because those colleagues keep helping the pupil after
    # a hand-over. The new holder's own share is withdrawn. The previous holder
    # gets no share, and the new holder can share the document back.
    own_share = document.shares.filter(user=to_coach).first()
    if own_share:
        _withdraw(own_share, user)
    return document


def colleagues_for_sharing(document, user):
    """Active members of the pupil's school to share with, for user who shares.

    Neither the holder nor user: sharing with yourself gives you nothing.
    """
    return colleagues_for_hand_over(document).exclude(pk=user.pk)


@transaction.atomic
def share_document(document, *, user, colleague, access) -> DocumentShare:
    """Share document with colleague, or change the access of an existing share.

    Raises ValidationError for an access that is not read or write and for a
    colleague who is not an active member of the pupil's school.
    """
    if access not in ShareAccess.values:
        raise ValidationError({"access": _("Choose read or write access.")})
    if not colleagues_for_sharing(document, user).filter(pk=colleague.pk).exists():
        raise ValidationError(
            {"colleague": _("Choose a colleague of this school from the list.")}
        )

    share = document.shares.select_for_update().filter(user=colleague).first()
    if share and share.access == access:
        return share
    kind = DocumentEvent.Kind.SHARE_CHANGED if share else DocumentEvent.Kind.SHARED
    if share is None:
        share = DocumentShare(document=document, user=colleague)
    share.access = access
    share.shared_by = user
    share.full_clean()
    share.save()
    DocumentEvent.objects.create(
        document=document, kind=kind, actor=user, colleague=colleague, access=access
    )
    return share


def _withdraw(share, user):
    share.delete()
    DocumentEvent.objects.create(
        document=share.document,
        kind=DocumentEvent.Kind.SHARE_WITHDRAWN,
        actor=user,
        colleague=share.user,
    )


@transaction.atomic
def withdraw_share(share, *, user):
    """Stop sharing the document with the share's colleague."""
    _withdraw(share, user)


def raise_version(document):
    """Count a change of document, so that an edit started before it conflicts.

    The edit form carries the version it loaded; the conversation mode and
    the other writes call this for every save that changes the document.
    """
    GrowthDocument.objects.filter(pk=document.pk).update(version=F("version") + 1)
