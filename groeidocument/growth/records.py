"""The rows of one growth document, read once for the pages that show it.

The document page needs the action points, every conversation and every
entry several times over: for the latest answers, the progress charts, the
history and the coach's notes. Reading each table once and sorting in Python
keeps the page at the same few queries however long the document's history is.
"""

from dataclasses import dataclass

from groeidocument.accounts.models import User
from groeidocument.growth.models import (
    ActionPoint,
    Conversation,
    ConversationEntry,
    ConversationStatus,
)
from groeidocument.lib.prepared import PreparedQuery

# The document's pages run these on every visit: their SQL is built once.
_action_points = PreparedQuery(
    lambda document: ActionPoint.objects.filter(document_id=document)
)
_conversations = PreparedQuery(
    lambda document: Conversation.objects.filter(document_id=document)
)
_finished_entries = PreparedQuery(
    lambda document: ConversationEntry.objects.finished_newest_first(document)
)
_entries = PreparedQuery(
    lambda document: ConversationEntry.objects.filter(
        conversation__document_id=document
    ).order_by("id")
)


@dataclass
class DocumentRecords:
    action_points: list
    # Every conversation, drafts included, oldest first (the model's ordering).
    conversations: list
    # Entries of the finished conversations, newest conversation first, each
    # with its conversation attached.
    finished_entries: list


def load_records(document, *, with_starters=False) -> DocumentRecords:
    """Read the document's action points, conversations and entries: 3 queries.

    with_starters also reads each conversation's starter card, for the
    history. Each conversation gets its author: the holder already loaded
    with the document (select_related("coach")) for their own, and one more
    query only when colleagues wrote some of the conversations.
    """
    action_points = _action_points(document=document.pk)
    if with_starters:
        conversations = list(document.conversations.select_related("starter"))
    else:
        conversations = _conversations(document=document.pk)
    _attach(ActionPoint.document, action_points, document)
    _attach(Conversation.document, conversations, document)
    by_id = {conversation.id: conversation for conversation in conversations}
    _attach_authors(document, conversations)

    entries_by_conversation = {conversation.id: [] for conversation in conversations}
    for entry in _entries(document=document.pk):
        ConversationEntry.conversation.field.set_cached_value(
            entry, by_id[entry.conversation_id]
        )
        entries_by_conversation[entry.conversation_id].append(entry)
    # A closed action point names the conversation that closed it; the page
    # shows that conversation's date, so attach it instead of a query each.
    for action_point in action_points:
        if action_point.closed_in_id in by_id:
            action_point.closed_in = by_id[action_point.closed_in_id]

    finished_entries = []
    for conversation in reversed(conversations):
        conversation.loaded_entries = entries_by_conversation[conversation.id]
        if conversation.status == ConversationStatus.COMPLETE:
            finished_entries += conversation.loaded_entries
    return DocumentRecords(action_points, conversations, finished_entries)


def _attach(descriptor, instances, related):
    """Give each instance its related object, as a related manager would."""
    for instance in instances:
        descriptor.field.set_cached_value(instance, related)


def _attach_authors(document, conversations):
    """Set created_by on each conversation, reading only authors not yet loaded."""
    authors = {document.coach_id: document.coach}
    missing = {conversation.created_by_id for conversation in conversations}
    missing -= authors.keys()
    if missing:
        authors.update((user.id, user) for user in User.objects.filter(id__in=missing))
    for conversation in conversations:
        Conversation.created_by.field.set_cached_value(
            conversation, authors[conversation.created_by_id]
        )


def load_finished_records(document) -> DocumentRecords:
    """Read the action points and the finished entries only: 2 queries.

    The printed forms need only the latest answers, so conversations stays
    empty.
    """
    action_points = _action_points(document=document.pk)
    _attach(ActionPoint.document, action_points, document)
    finished_entries = _finished_entries(document=document.pk)
    return DocumentRecords(action_points, [], finished_entries)
