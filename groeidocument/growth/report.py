"""The full report of a growth document: every conversation with its answers."""

from groeidocument.conversations.steps import find_step
from groeidocument.growth import rules

# The answers of one action point in one conversation, in the order of the
# conversation mode: looking back, the form's questions, then exploring.
REPORT_QUESTIONS = (
    rules.LOOKING_BACK_QUESTIONS
    + [(name, label) for name, label in rules.FORM_QUESTIONS if name != "wish"]
    + rules.EXPLORING_QUESTIONS
    + rules.STEP_UP_QUESTIONS
)


def notes_of(conversation) -> list[tuple[str, str]]:
    """List a conversation's coach-only notes as (step title, text) pairs."""
    notes = []
    for slug, text in conversation.coach_notes.items():
        step = find_step(conversation, slug)
        if step and text:
            notes.append((step.title, text))
    return notes


def report_conversations(document, membership) -> list[dict]:
    """Describe each finished conversation, oldest first, for the report.

    Coach notes are included only where Conversation.notes_visible_to allows
    it: the author's own notes, and a care coordinator's when the school
    allows it.
    """
    numbers = {
        action_point.id: number
        for number, action_point in enumerate(document.action_points.all(), start=1)
    }
    conversations = (
        document.conversations.complete()
        .select_related("starter", "created_by")
        .prefetch_related("entries__action_point")
        .order_by("held_on", "created_at")
    )

    items = []
    for conversation in conversations:
        entries = sorted(
            conversation.entries.all(),
            key=lambda entry: numbers[entry.action_point_id],
        )
        items.append(
            {
                "conversation": conversation,
                "entries": [
                    {
                        "number": numbers[entry.action_point_id],
                        "entry": entry,
                        "answers": [
                            (label, text, entry.is_pupil_written(name))
                            for name, label in REPORT_QUESTIONS
                            if (text := getattr(entry, name))
                        ],
                    }
                    for entry in entries
                ],
                "notes": notes_of(conversation)
                if conversation.notes_visible_to(membership)
                else [],
            }
        )
    return items
