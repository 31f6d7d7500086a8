"""Starting, autosaving and finishing a conversation in the conversation mode.

A conversation in the conversation mode is a draft from its first screen on,
so that every change can be saved as it is made. Only finishing it applies the
method's rules for a complete conversation and makes it count on the document.
"""

import datetime
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groeidocument.accounts.models import Audience
from groeidocument.growth import rules
from groeidocument.growth.models import (
    ActionPoint,
    ActionPointStatus,
    Conversation,
    ConversationEntry,
    ConversationStarter,
    GrowthDocument,
)
from groeidocument.growth.services import raise_version, require_open
from groeidocument.lib.prepared import PreparedQuery

# Face-down cards the pupil picks from.
CARDS_ON_TABLE = 6


@transaction.atomic
def start_first_conversation(pupil, coach) -> Conversation:
    """Open a new growth document with a draft first conversation.

    A coach who left an unfinished first conversation with this pupil gets
    that one back, instead of a second empty document.
    """
    unfinished = (
        Conversation.objects.drafts()
        .filter(
            kind=Conversation.Kind.FIRST,
            document__pupil=pupil,
            document__coach=coach,
        )
        .order_by("-created_at")
        .first()
    )
    if unfinished:
        return unfinished

    today = timezone.localdate()
    document = GrowthDocument.objects.create(pupil=pupil, coach=coach, started_on=today)
    return Conversation.objects.create(
        document=document,
        kind=Conversation.Kind.FIRST,
        status=Conversation.Status.DRAFT,
        held_on=today,
        created_by=coach,
    )


@transaction.atomic
def start_follow_up(document, user) -> Conversation:
    """Open a draft follow-up conversation, or return the one left unfinished.

    Raises ValidationError when the document is closed, has no finished
    first conversation or no open action point.
    """
    require_open(document)
    unfinished = document.draft_conversation()
    if unfinished:
        return unfinished
    if not document.conversations.complete().exists():
        raise ValidationError(
            _("Finish the first conversation before a follow-up."),
            code="no_first_conversation",
        )
    if not document.action_points.filter(status=ActionPointStatus.OPEN).exists():
        raise ValidationError(
            _(
                "Every action point of this growth document is closed, so there "
                "is nothing to follow up. Close the growth document, or start a "
                "new one for a new wish."
            ),
            code="nothing_open",
        )
    return Conversation.objects.create(
        document=document,
        kind=Conversation.Kind.FOLLOW_UP,
        status=Conversation.Status.DRAFT,
        held_on=timezone.localdate(),
        created_by=user,
    )


def cards_on_table(conversation, count=CARDS_ON_TABLE) -> list[ConversationStarter]:
    """Pick face-down cards from the school's deck for this pupil.

    Cards of the school's audience come first, and cards the pupil already
    picked in earlier conversations only when the deck has nothing else.
    """
    school = conversation.document.pupil.school
    deck = ConversationStarter.objects.filter(school=school, is_active=True)
    if school.starter_audience != Audience.BOTH:
        deck = deck.filter(audience__in=[school.starter_audience, Audience.BOTH])
    picked_before = set(
        Conversation.objects.filter(document__pupil=conversation.document.pupil)
        .exclude(starter=None)
        .exclude(pk=conversation.pk)
        .values_list("starter_id", flat=True)
    )
    cards = list(deck)
    # Seeded by the conversation, so a reload shows the same cards.
    random.Random(conversation.uuid.int).shuffle(cards)
    cards.sort(key=lambda card: card.id in picked_before)
    return cards[:count]


# Each step of the conversation mode reads the action points and entries:
# their SQL is built once.
_all_action_points = PreparedQuery(
    lambda document: ActionPoint.objects.filter(document_id=document)
)
_open_action_points = PreparedQuery(
    lambda document, conversation: ActionPoint.objects.filter(
        Q(status=ActionPointStatus.OPEN) | Q(closed_in=conversation),
        document_id=document,
    )
)
_entries_and_earlier = PreparedQuery(
    lambda document, conversation: ConversationEntry.objects.filter(
        Q(conversation__status=Conversation.Status.COMPLETE)
        | Q(conversation=conversation),
        conversation__document=document,
    ).newest_first()
)


def action_points_of(conversation) -> list[ActionPoint]:
    """Return the action points a conversation is about.

    A first conversation has all of the document's. A follow-up leaves out
    the action points closed in an earlier conversation.
    """
    document = conversation.document
    if conversation.kind == Conversation.Kind.FIRST:
        action_points = _all_action_points(document=document.pk)
    else:
        action_points = _open_action_points(
            document=document.pk, conversation=conversation.pk
        )
    for action_point in action_points:
        ActionPoint.document.field.set_cached_value(action_point, document)
    return action_points


def current_and_previous_entries(
    conversation,
) -> tuple[dict[int, ConversationEntry], dict[int, ConversationEntry]]:
    """Map each action point to its entry in conversation, and in the last earlier one.

    The conversation being held is a draft, so the document's finished
    conversations are all earlier ones. One query reads the draft's entries
    and theirs.
    """
    # The draft belongs to the document too, so the document's index finds
    # both kinds of entries.
    entries = _entries_and_earlier(
        document=conversation.document_id, conversation=conversation.pk
    )
    current = {}
    finished = []
    for entry in entries:
        if entry.conversation_id == conversation.id:
            entry.conversation = conversation
            current[entry.action_point_id] = entry
        else:
            finished.append(entry)
    return current, conversation.document.latest_entries(finished)


def entry_for(conversation, action_point) -> ConversationEntry:
    entry, _created = ConversationEntry.objects.get_or_create(
        conversation=conversation, action_point=action_point
    )
    return entry


def set_text(instance, field_name, value, *, pupil_view, marks_field="pupil_written"):
    """Store one text; text typed in the pupil view is marked as the pupil's.

    The coach changing a pupil's text takes the mark away, because the text is
    then no longer the pupil's own words.
    """
    if getattr(instance, field_name) == value:
        return False
    setattr(instance, field_name, value)
    if marks_field == "pupil_written":
        marks = set(instance.pupil_written)
        if pupil_view and value.strip():
            marks.add(field_name)
        else:
            marks.discard(field_name)
        instance.pupil_written = sorted(marks)
    elif marks_field:
        setattr(instance, marks_field, bool(pupil_view and value.strip()))
    return True


@transaction.atomic
def add_action_point(conversation, wish, domain, *, pupil_view) -> ActionPoint:
    document = conversation.document
    existing = list(document.action_points.all())
    rules.validate_action_point_count(len(existing) + 1)
    position = next(
        p
        for p in range(1, rules.MAX_ACTION_POINTS + 1)
        if p not in {ap.position for ap in existing}
    )
    action_point = ActionPoint(
        document=document,
        position=position,
        importance=max((ap.importance for ap in existing), default=0) + 1,
        wish=wish,
        wish_by_pupil=bool(pupil_view),
        domain=domain,
    )
    action_point.full_clean()
    action_point.save()
    entry_for(conversation, action_point)
    return action_point


def can_remove_action_point(conversation, action_point) -> bool:
    """Only an action point that no finished conversation mentions can go."""
    return not action_point.entries.filter(
        conversation__status=Conversation.Status.COMPLETE
    ).exists()


@transaction.atomic
def move_action_point_up(action_point):
    """Swap the action point with the one above it in order of importance."""
    siblings = list(action_point.document.action_points.all())
    index = siblings.index(action_point)
    if index == 0:
        return
    siblings[index - 1], siblings[index] = siblings[index], siblings[index - 1]
    for number, sibling in enumerate(siblings, start=1):
        if sibling.importance != number:
            sibling.importance = number
            sibling.save(update_fields=["importance"])


def follow_up_in_weeks(conversation, weeks: int) -> datetime.date:
    return conversation.held_on + datetime.timedelta(weeks=weeks)


def completion_errors(conversation) -> list[str]:
    """List what still stops this conversation from being finished, in plain words."""
    errors = []
    action_points = list(action_points_of(conversation))
    if not action_points:
        errors.append(rules.NO_ACTION_POINT)
    entries = {entry.action_point_id: entry for entry in conversation.entries.all()}
    for number, action_point in enumerate(action_points, start=1):
        entry = entries.get(action_point.id)
        # An action point closed in this follow-up needs no new value.
        if action_point.status != ActionPointStatus.OPEN:
            continue
        if entry is None or entry.scale_value is None:
            errors.append(
                _(
                    "Action point %(number)d has no scale value yet: let the "
                    "pupil choose a number in step 2."
                )
                % {"number": number}
            )
    try:
        rules.validate_follow_up_date(conversation.held_on, conversation.follow_up_on)
    except ValidationError as error:
        errors.extend(error.messages)
    return errors


@transaction.atomic
def finish_conversation(conversation) -> GrowthDocument:
    """Mark the conversation complete and let the document show its answers."""
    errors = completion_errors(conversation)
    if errors:
        raise ValidationError(errors, code="incomplete_conversation")

    conversation.status = Conversation.Status.COMPLETE
    conversation.completed_at = timezone.now()
    conversation.full_clean()
    conversation.save()

    document = conversation.document
    if conversation.kind == Conversation.Kind.FIRST:
        document.started_on = conversation.held_on
    document.refresh_schedule()
    document.save(
        update_fields=[
            "started_on",
            "next_follow_up_on",
            "last_conversation_on",
            "updated_at",
        ]
    )
    # Raised in the database: the autosaves raised it meanwhile, so the
    # version this instance was loaded with is stale.
    raise_version(document)
    document.refresh_from_db(fields=["version"])
    return document


@transaction.atomic
def discard_draft(conversation) -> GrowthDocument | None:
    """Delete a draft; a document with nothing finished goes with it.

    Returns the document that remains, or None when it was deleted too.
    """
    document = conversation.document
    conversation.delete()
    if document.conversations.exists():
        # Action points added in the discarded draft only go with it.
        for action_point in document.action_points.all():
            if not action_point.entries.exists():
                action_point.delete()
        return document
    document.delete()
    return None
