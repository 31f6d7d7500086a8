"""The method's rules, in one place.

Models, forms and (later) imports and the API validate through these functions,
and the database constraints in growth.models use the same constants, so a rule
cannot hold in one path and not in another.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SCALE_MIN = 0
SCALE_MAX = 10
MAX_ACTION_POINTS = 3
# Longer than any answer written by hand on the one-page form.
MAX_ANSWER_LENGTH = 2000

# The six questions of the one-page form, in the form's fixed order, with the
# field that contains each answer. "wish" lives on the action point itself, the
# others on each conversation entry.
FORM_QUESTIONS = [
    ("strengths", _("What are you already good at, and how do you do it?")),
    ("wish", _("What would you like to do or be able to do differently?")),
    ("goal", _("What is your goal?")),
    ("support", _("What can I do to help you with that?")),
    ("first_step", _("What will you do first to reach your goal?")),
    ("next_step", _("What will you do next to reach your goal?")),
]
ENTRY_ANSWER_FIELDS = [name for name, _label in FORM_QUESTIONS if name != "wish"]

# Questions on the meaning of the scale value (step 2) and on one step up (step 3).
EXPLORING_QUESTIONS = [
    ("how_far", _("How did you get this far?")),
    ("where_learned", _("Where did you learn it?")),
    ("who_helped", _("Who or what helped you?")),
    ("what_is_fun", _("What is fun about being able to do this?")),
]
STEP_UP_QUESTIONS = [
    ("one_step_up", _("How would you notice that you are one step higher?")),
    ("smallest_change", _("What is the smallest change you would notice?")),
    ("what_is_needed", _("What do you need for that?")),
]
# Looking back at a follow-up conversation.
LOOKING_BACK_QUESTIONS = [
    ("going_better", _("What is already going better, even if only a little?")),
    ("how_achieved", _("How did you manage that?")),
]
# Every text of a conversation entry that a pupil can write themself.
ENTRY_TEXT_FIELDS = [
    *ENTRY_ANSWER_FIELDS,
    *(
        name
        for name, _label in EXPLORING_QUESTIONS
        + STEP_UP_QUESTIONS
        + LOOKING_BACK_QUESTIONS
    ),
]

TOO_MANY_ACTION_POINTS = _(
    "A growth document has at most %(num)d action points, so that the pupil can "
    "carry them. Close or change an existing one instead."
)
NO_ACTION_POINT = _(
    "Fill in at least one action point: what the pupil wants to get better at."
)

SCALE_HELP = pgettext_lazy("scale", "0 = starting point, 10 = good enough")


def validate_scale_value(value: int | None):
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            _("Choose a whole number from %(min)d to %(max)d."),
            code="scale_not_whole",
            params={"min": SCALE_MIN, "max": SCALE_MAX},
        )
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ValidationError(
            _(
                "The scale value %(value)d is outside the scale: "
                "choose %(min)d to %(max)d."
            ),
            code="scale_out_of_range",
            params={"value": value, "min": SCALE_MIN, "max": SCALE_MAX},
        )


def validate_follow_up_date(
    held_on: datetime.date | None, follow_up_on: datetime.date | None
):
    if held_on and follow_up_on and follow_up_on < held_on:
        raise ValidationError(
            {
                "follow_up_on": ValidationError(
                    _(
                        "The follow-up date is before the conversation date: "
                        "choose %(date)s or later."
                    ),
                    code="follow_up_before_conversation",
                    params={"date": date_format(held_on, "SHORT_DATE_FORMAT")},
                )
            }
        )


def validate_action_point_count(count: int):
    if count > MAX_ACTION_POINTS:
        raise ValidationError(
            TOO_MANY_ACTION_POINTS,
            code="too_many_action_points",
            params={"num": MAX_ACTION_POINTS},
        )
    if count < 1:
        raise ValidationError(NO_ACTION_POINT, code="no_action_point")
