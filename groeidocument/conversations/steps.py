"""The steps of the conversation mode, and how each one reads a request.

Every input of a step is named after what it stores: "ap-<uuid>-<field>" for a
text or scale value of one action point, plain names for the conversation's
own fields. A request carries the inputs of one step, and only those present in
it change, so that the pupil view, which leaves out the coach's inputs, never
blanks them.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from groeidocument.conversations import services
from groeidocument.growth import rules
from groeidocument.growth.models import (
    ActionPoint,
    ActionPointStatus,
    Conversation,
    ConversationStarter,
    GrowthDocument,
    SupportKept,
)
from groeidocument.growth.services import CLOSED_MESSAGE, raise_version

FORM_LABELS = dict(rules.FORM_QUESTIONS)


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    # Texts per action point asked in this step, as (field, label) pairs.
    questions: list = field(default_factory=list)
    asks_scale: bool = False
    # Texts per action point for the coach only, hidden in the pupil view.
    coach_questions: list = field(default_factory=list)
    # Follow-up only: did the coach keep their promise, and does the action
    # point go on or close.
    asks_support_kept: bool = False
    asks_outcome: bool = False


STEP_UP_QUESTIONS = [
    *rules.STEP_UP_QUESTIONS,
    ("first_step", FORM_LABELS["first_step"]),
    ("next_step", FORM_LABELS["next_step"]),
    ("support", FORM_LABELS["support"]),
    ("goal", FORM_LABELS["goal"]),
]

FIRST_STEPS = [
    Step("starter", _("Conversation starter")),
    Step("action_points", _("Step 1: action point")),
    Step(
        "scaling",
        _("Step 2: scaling"),
        questions=[("strengths", FORM_LABELS["strengths"]), *rules.EXPLORING_QUESTIONS],
        asks_scale=True,
    ),
    Step("step_up", _("Step 3: one step up"), questions=STEP_UP_QUESTIONS),
    Step("agreements", _("Agreements")),
]
# A follow-up looks back first, then scales again, then goes on or closes.
FOLLOW_UP_STEPS = [
    Step(
        "looking_back",
        _("Looking back"),
        questions=rules.LOOKING_BACK_QUESTIONS,
    ),
    Step(
        "scaling",
        _("Step 2: scaling"),
        asks_scale=True,
        asks_support_kept=True,
        coach_questions=[("feedback", _("Your feedback to the pupil"))],
    ),
    Step(
        "step_up",
        _("Step 3: one step up"),
        questions=STEP_UP_QUESTIONS,
        asks_outcome=True,
    ),
    Step("agreements", _("Agreements")),
]
# Kept for the first conversation's flow, which most code paths use.
STEPS = FIRST_STEPS
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def steps_for(conversation) -> list[Step]:
    if conversation.kind == Conversation.Kind.FOLLOW_UP:
        return FOLLOW_UP_STEPS
    return FIRST_STEPS


def find_step(conversation, slug) -> Step | None:
    return next((step for step in steps_for(conversation) if step.slug == slug), None)


QUICK_FOLLOW_UP_WEEKS = [1, 2, 4]


# The conversation's own fields that the steps change.
CONVERSATION_FIELDS_OF_STEPS = [
    "starter",
    "capacity_checked",
    "compliment",
    "coach_notes",
    "follow_up_on",
    "updated_at",
]


# Each input of a step travels with "base:<input name>": the value the page
# last loaded or saved for it. A stored value that differs from the base was
# changed meanwhile by someone else (another person, or another tab).
BASE_PREFIX = "base:"


class StepErrors(dict):
    """Input name to message, for the inputs that could not be saved.

    conflicts maps the name of each input that was not saved because its
    stored value changed meanwhile to that stored value, for the user to
    compare with their own.
    """

    def __init__(self):
        super().__init__()
        self.conflicts = {}


def as_base(value) -> str:
    """Return a stored value as the text of its base input."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def changed_meanwhile(data, name, stored, new, conflicts) -> bool:
    """Return whether saving new over stored would overwrite someone else's change.

    That is the case when the request carries a base for the input, the
    stored value is no longer that base, and new differs from what is
    stored. Two people who typed the same text do not conflict. A request
    without a base (an older page) is not checked. A conflict is added to
    conflicts with the stored value.
    """
    base = data.get(BASE_PREFIX + name)
    if base is None:
        return False
    stored_text = as_base(stored)
    if base.replace("\r\n", "\n") == stored_text or as_base(new) == stored_text:
        return False
    conflicts[name] = stored_text
    return True


def _text(data, name, errors) -> str | None:
    """Read one text input, or None when absent or too long (with an error)."""
    if name not in data:
        return None
    value = data[name].replace("\r\n", "\n")
    if len(value) > rules.MAX_ANSWER_LENGTH:
        errors[name] = _(
            "This text has %(length)d characters: shorten it to %(max)d or fewer. "
            "It is kept on this screen until then."
        ) % {"length": len(value), "max": rules.MAX_ANSWER_LENGTH}
        return None
    return value


def _scale_value(data, name, errors):
    """Read a scale value: a missing input gives ..., an empty one None."""
    if name not in data:
        return ...
    raw = data[name].strip()
    if raw == "":
        return None
    if not raw.isdigit() or not rules.SCALE_MIN <= int(raw) <= rules.SCALE_MAX:
        errors[name] = _(
            "Choose a scale value from 0 to 10: %(value)s is not on the scale."
        ) % {"value": raw}
        return ...
    return int(raw)


def _save_note(conversation, step, data, errors):
    note = _text(data, "note", errors)
    if note is None:
        return False
    notes = dict(conversation.coach_notes)
    if notes.get(step.slug, "") == note:
        return False
    if changed_meanwhile(
        data, "note", notes.get(step.slug, ""), note, errors.conflicts
    ):
        return False
    if note:
        notes[step.slug] = note
    else:
        notes.pop(step.slug, None)
    conversation.coach_notes = notes
    return True


def _save_starter(conversation, data, errors):
    if "starter" not in data:
        return False
    starter = ConversationStarter.objects.filter(
        school=conversation.document.pupil.school, uuid=data["starter"]
    ).first()
    if starter is None:
        errors["starter"] = _("This card is no longer in the deck: pick another one.")
        return False
    conversation.starter = starter
    return True


def _save_action_points(conversation, data, errors, pupil_view):
    changed = False
    for action_point in conversation.document.action_points.all():
        prefix = f"ap-{action_point.uuid}-"
        action_point_changed = False
        wish = _text(data, prefix + "wish", errors)
        if wish is not None and not wish.strip():
            # An emptied text is kept as it was: retyping must not lose the
            # action point, so only the remove button removes one.
            errors[prefix + "wish"] = _(
                "An action point needs its text: write what the pupil wants to "
                "get better at, or remove the action point with its button."
            )
        elif wish is not None and not changed_meanwhile(
            data, prefix + "wish", action_point.wish, wish, errors.conflicts
        ):
            action_point_changed |= services.set_text(
                action_point,
                "wish",
                wish,
                pupil_view=pupil_view,
                marks_field="wish_by_pupil",
            )
        domain = data.get(prefix + "domain")
        if domain in ActionPoint.Domain.values and domain != action_point.domain:
            action_point.domain = domain
            action_point_changed = True
        if action_point_changed:
            action_point.save()
            changed = True

    wish = _text(data, "new-wish", errors)
    if wish and wish.strip():
        domain = data.get("new-domain")
        if domain not in ActionPoint.Domain.values:
            domain = ActionPoint.Domain.LEARNING
        if conversation.document.action_points.count() >= rules.MAX_ACTION_POINTS:
            errors["new-wish"] = rules.TOO_MANY_ACTION_POINTS % {
                "num": rules.MAX_ACTION_POINTS
            }
        else:
            services.add_action_point(
                conversation, wish.strip(), domain, pupil_view=pupil_view
            )
            changed = True

    if "capacity_checked_shown" in data:
        checked = data.get("capacity_checked") == "on"
        changed |= checked != conversation.capacity_checked
        conversation.capacity_checked = checked
    return changed


def _save_entries(conversation, step, data, errors, pupil_view):
    changed = False
    for action_point in services.action_points_of(conversation):
        prefix = f"ap-{action_point.uuid}-"
        entry = services.entry_for(conversation, action_point)
        entry_changed = False
        if step.asks_support_kept:
            kept = data.get(prefix + "support_kept")
            if kept in SupportKept.values and kept != entry.support_kept:
                entry.support_kept = kept
                entry_changed = True
        if not pupil_view:
            for name, _label in step.coach_questions:
                text = _text(data, prefix + name, errors)
                stored = getattr(entry, name)
                if (
                    text is not None
                    and text != stored
                    and not changed_meanwhile(
                        data, prefix + name, stored, text, errors.conflicts
                    )
                ):
                    setattr(entry, name, text)
                    entry_changed = True
        if step.asks_outcome:
            changed |= _save_outcome(conversation, action_point, data, prefix)
        if step.asks_scale:
            value = _scale_value(data, prefix + "scale_value", errors)
            if (
                value is not ...
                and value != entry.scale_value
                and not changed_meanwhile(
                    data,
                    prefix + "scale_value",
                    entry.scale_value,
                    value,
                    errors.conflicts,
                )
            ):
                entry.scale_value = value
                entry_changed = True
        for name, _label in step.questions:
            text = _text(data, prefix + name, errors)
            if text is not None and not changed_meanwhile(
                data, prefix + name, getattr(entry, name), text, errors.conflicts
            ):
                entry_changed |= services.set_text(
                    entry, name, text, pupil_view=pupil_view
                )
        if entry_changed:
            entry.full_clean()
            entry.save()
            changed = True
    return changed


def _save_outcome(conversation, action_point, data, prefix) -> bool:
    """Keep working on the action point, or close it as reached or stopped."""
    outcome = data.get(prefix + "outcome")
    if outcome not in ActionPointStatus.values or outcome == action_point.status:
        return False
    action_point.status = outcome
    action_point.closed_in = None if outcome == ActionPointStatus.OPEN else conversation
    action_point.save(update_fields=["status", "closed_in"])
    return True


def _save_agreements(conversation, data, errors):
    changed = False
    weeks = data.get("follow_up_in_weeks", "")
    if weeks.isdigit() and int(weeks) in QUICK_FOLLOW_UP_WEEKS:
        conversation.follow_up_on = services.follow_up_in_weeks(
            conversation, int(weeks)
        )
        changed = True
    elif "follow_up_on" in data:
        raw = data["follow_up_on"].strip()
        try:
            follow_up_on = datetime.date.fromisoformat(raw) if raw else None
        except ValueError:
            errors["follow_up_on"] = _(
                "%(value)s is not a date: choose a date in the calendar."
            ) % {"value": raw}
        else:
            if follow_up_on and follow_up_on < conversation.held_on:
                errors["follow_up_on"] = _(
                    "The follow-up date is before the conversation date: "
                    "choose %(date)s or later."
                ) % {"date": conversation.held_on.strftime("%d/%m/%Y")}
            elif follow_up_on != conversation.follow_up_on:
                conversation.follow_up_on = follow_up_on
                changed = True

    compliment = _text(data, "compliment", errors)
    if (
        compliment is not None
        and compliment != conversation.compliment
        and not changed_meanwhile(
            data, "compliment", conversation.compliment, compliment, errors.conflicts
        )
    ):
        conversation.compliment = compliment
        changed = True
    return changed


def save_step(conversation, step, data, *, pupil_view, writes_notes) -> StepErrors:
    """Store what data holds for step; return the inputs that were rejected.

    Valid inputs are saved even when others are rejected or in conflict, so
    that one mistake never costs the rest of what was typed. writes_notes is
    false for anyone but the conversation's author, whose notes they may not
    read nor change. Every save that changes something raises the document's
    version.
    """
    errors = StepErrors()
    # Lock the row: a save that arrives after "finish" must not reopen it.
    is_draft = (
        Conversation.objects.select_for_update()
        .filter(pk=conversation.pk, status=Conversation.Status.DRAFT)
        .exists()
    )
    if not is_draft:
        errors["finished"] = _("This conversation is finished, so nothing changed.")
        return errors
    # A closed document is read-only until someone opens it again, also when
    # it was closed while this conversation was being held.
    if not GrowthDocument.objects.filter(
        pk=conversation.document_id, status=GrowthDocument.Status.OPEN
    ).exists():
        errors["closed"] = CLOSED_MESSAGE
        return errors
    changed = False
    if writes_notes and not pupil_view:
        changed |= _save_note(conversation, step, data, errors)
    if step.slug == "starter" and conversation.kind == Conversation.Kind.FIRST:
        changed |= _save_starter(conversation, data, errors)
    elif step.slug == "action_points":
        changed |= _save_action_points(conversation, data, errors, pupil_view)
    elif step.slug == "agreements":
        changed |= _save_agreements(conversation, data, errors)
    else:
        changed |= _save_entries(conversation, step, data, errors, pupil_view)

    if changed:
        conversation.full_clean()
        # Never the status: only finishing changes it.
        conversation.save(update_fields=CONVERSATION_FIELDS_OF_STEPS)
        raise_version(conversation.document)
    return errors
