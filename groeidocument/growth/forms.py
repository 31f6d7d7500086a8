from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from groeidocument.growth import rules
from groeidocument.growth.models import ActionPoint, Conversation, ConversationEntry
from groeidocument.growth.services import ActionPointInput

LONG_TEXT_MESSAGE = _(
    "This text is %(show_value)d characters long: shorten it to %(limit_value)d "
    "or fewer."
)


def answer_field(label, **kwargs):
    """A text answer without the browser's maxlength, which cuts text silently."""
    field = forms.CharField(
        label=label,
        max_length=rules.MAX_ANSWER_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        **kwargs,
    )
    field.error_messages["max_length"] = LONG_TEXT_MESSAGE
    field.widget.attrs.pop("maxlength", None)
    return field


SCALE_CHOICES = [("", _("not yet"))] + [
    (str(value), str(value)) for value in range(rules.SCALE_MIN, rules.SCALE_MAX + 1)
]


class ConversationForm(forms.ModelForm):
    """The conversation's dates and, for a new document, the pupil."""

    pupil = forms.ModelChoiceField(
        label=_("Pupil"),
        queryset=None,
        to_field_name="uuid",
        empty_label=_("Choose a pupil"),
        error_messages={
            "required": _("Choose the pupil this growth document is about."),
            "invalid_choice": _("Choose a pupil of your school from the list."),
        },
    )

    class Meta:
        model = Conversation
        fields = ["held_on", "follow_up_on"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "held_on": {"required": _("Fill in the date of the conversation.")},
        }

    def __init__(self, *args, pupils=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pupils is None:
            del self.fields["pupil"]
        else:
            self.fields["pupil"].queryset = pupils
            self.fields["pupil"].label_from_instance = lambda pupil: (
                f"{pupil.full_name} ({pupil.class_name})"
            )


class ActionPointForm(forms.Form):
    """One action point, with its answers in the conversation being recorded."""

    wish = answer_field(
        _("What would you like to do or be able to do differently?"),
        error_messages={
            "required": _("Write down what the pupil wants to get better at."),
        },
    )
    wish_by_pupil = forms.BooleanField(label=_("written by the pupil"), required=False)
    domain = forms.ChoiceField(
        label=capfirst(ActionPoint._meta.get_field("domain").verbose_name),
        choices=ActionPoint.Domain.choices,
        initial=ActionPoint.Domain.LEARNING,
    )
    scale_value = forms.TypedChoiceField(
        label=_("Scale value"),
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=rules.SCALE_HELP,
        error_messages={
            "invalid_choice": _(
                "Choose a scale value from 0 to 10: %(value)s is not on the scale."
            ),
        },
    )
    pupil_written = forms.MultipleChoiceField(
        label=_("written by the pupil"),
        choices=[(name, name) for name in rules.ENTRY_ANSWER_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, action_point=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action_point = action_point
        for name, label in rules.FORM_QUESTIONS:
            if name == "wish":
                continue
            self.fields[name] = answer_field(label, required=False)
        self.order_fields(["wish", "wish_by_pupil", "domain", "scale_value"])

    def question_fields(self):
        """(bound field, pupil-written checkbox checked) in the form's order."""
        written = set(self["pupil_written"].value() or [])
        return [
            (self[name], name in written, name)
            for name, _label in rules.FORM_QUESTIONS
            if name != "wish"
        ]

    def clean(self):
        cleaned = super().clean()

        # Run the model's own validation, so the form cannot accept what the
        # rules reject; errors land on the fields with the same names.
        action_point = ActionPoint(
            wish=cleaned.get("wish", ""), domain=cleaned.get("domain", "")
        )
        entry = ConversationEntry(
            scale_value=cleaned.get("scale_value"),
            pupil_written=cleaned.get("pupil_written", []),
            **{name: cleaned.get(name, "") for name in rules.ENTRY_ANSWER_FIELDS},
        )
        for instance, exclude in (
            (action_point, ["document", "position"]),
            (entry, ["conversation", "action_point"]),
        ):
            try:
                instance.full_clean(
                    exclude=exclude, validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    if field_name in self.fields and field_name not in self.errors:
                        self.add_error(field_name, messages)
        return cleaned

    def to_input(self) -> ActionPointInput:
        data = self.cleaned_data
        return ActionPointInput(
            wish=data["wish"],
            domain=data["domain"],
            wish_by_pupil=data["wish_by_pupil"],
            scale_value=data["scale_value"],
            answers={name: data[name] for name in rules.ENTRY_ANSWER_FIELDS},
            pupil_written=data["pupil_written"],
            action_point=self.action_point,
        )


class BaseActionPointFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": rules.TOO_MANY_ACTION_POINTS,
        "too_few_forms": rules.NO_ACTION_POINT,
    }

    def __init__(self, *args, action_points=(), **kwargs):
        self.action_points = list(action_points)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index < len(self.action_points):
            kwargs["action_point"] = self.action_points[index]
        return kwargs

    def filled_forms(self):
        return [
            form
            for form in self.forms
            if form.action_point is not None or form.has_changed()
        ]

    def to_inputs(self) -> list[ActionPointInput]:
        return [form.to_input() for form in self.filled_forms()]


def action_point_formset(data=None, *, document=None):
    """Build the formset for a new document (three slots) or for editing one."""
    action_points = list(document.action_points.all()) if document else []
    initial = []
    if document:
        latest = document.latest_entries()
        for action_point in action_points:
            entry = latest.get(action_point.id)
            values = {
                "wish": action_point.wish,
                "wish_by_pupil": action_point.wish_by_pupil,
                "domain": action_point.domain,
            }
            if entry:
                values["scale_value"] = (
                    "" if entry.scale_value is None else str(entry.scale_value)
                )
                values["pupil_written"] = entry.pupil_written
                values.update(
                    {name: getattr(entry, name) for name in rules.ENTRY_ANSWER_FIELDS}
                )
            initial.append(values)

    formset_class = forms.formset_factory(
        ActionPointForm,
        formset=BaseActionPointFormSet,
        extra=rules.MAX_ACTION_POINTS - len(action_points),
        min_num=0 if action_points else 1,
        max_num=rules.MAX_ACTION_POINTS,
        absolute_max=rules.MAX_ACTION_POINTS,
        validate_max=True,
        validate_min=True,
    )
    return formset_class(
        data, initial=initial or None, action_points=action_points, prefix="action"
    )
