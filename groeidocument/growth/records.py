"""The rows of one growth document, read once for the pages that show it.

The document page needs the action points, every conversation and every
entry several times over: for the latest answers, the progress charts, the
history and the coach's notes. Reading each table once and sorting in Python
keeps the page at the same few queries however long the document's history is.
"""

from dataclasses import dataclass

from groeidocument.growth.models import ConversationEntry, ConversationStatus


@dataclass
class DocumentRecords:
    action_points: list
    # Every conversation, drafts included, oldest first (the model's ordering).
    conversations: list
    # Entries of the finished conversations, newest conversation first, each
    # with its conversation attached.
    finished_entries: list


def load_records(document) -> DocumentRecords:
    """Read the document's action points, conversations and entries: 3 queries."""
    action_points = list(document.action_points.all())
    conversations = list(document.conversations.select_related("starter", "created_by"))
    by_id = {conversation.id: conversation for conversation in conversations}

    entries_by_conversation = {conversation.id: [] for conversation in conversations}
    for entry in ConversationEntry.objects.filter(conversation__document=document):
        entry.conversation = by_id[entry.conversation_id]
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


def load_finished_records(document) -> DocumentRecords:
    """Read the action points and the finished entries only: 2 queries.

    The printed forms need only the latest answers, so conversations stays
    empty.
    """
    action_points = list(document.action_points.all())
    finished_entries = list(ConversationEntry.objects.finished_newest_first(document))
    return DocumentRecords(action_points, [], finished_entries)
