from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from groeidocument.accounts.models import (
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
    School,
)
from groeidocument.lib.text import fold


def _normalise_name(name: str) -> str:
    return " ".join(fold(name).split())


class ErasePupilForm(forms.Form):
    full_name = forms.CharField(
        label=_("Type the pupil's first and last name to confirm"),
        max_length=201,
        error_messages={
            "required": _("Type the pupil's first and last name to confirm.")
        },
    )

    def __init__(self, *args, pupil, **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        self.fields["full_name"].widget.attrs["autocomplete"] = "off"

    def clean_full_name(self):
        # Case, accents and extra spaces do not matter: the name is typed to
        # confirm the choice of pupil, not to prove anything.
        typed = self.cleaned_data["full_name"]
        if _normalise_name(typed) != _normalise_name(self.pupil.full_name):
            raise forms.ValidationError(
                _(
                    "The name does not match. Type the first and last name as "
                    "shown at the top of this page."
                ),
                code="name_mismatch",
            )
        return typed


class PupilIdForm(forms.Form):
    pupil = forms.UUIDField(
        label=_("Pupil id"),
        required=False,
        help_text=_(
            "The id from the list of erased pupils, or from an export, "
            "such as 3f2c9a1e-7b5d-4c8e-9f01-2a3b4c5d6e7f."
        ),
        error_messages={
            "invalid": _(
                "Pupil id: write the id as 32 letters and digits in five groups, "
                "such as 3f2c9a1e-7b5d-4c8e-9f01-2a3b4c5d6e7f."
            )
        },
    )


class PrivacySettingsForm(forms.ModelForm):
    """The school's retention period and who reads the coaches' notes.

    One form with one button: with a form per setting, a change in one was
    lost when the other's button was pressed.
    """

    class Meta:
        model = School
        fields = ["retention_months", "coordinators_read_notes"]
        error_messages = {
            "retention_months": {
                "required": _(
                    "Fill in the retention period, in months, for example 24."
                ),
                "invalid": _(
                    "Write the retention period as a whole number of months, "
                    "for example 24."
                ),
                "min_value": _(
                    "Retention period: keep the data at least %(limit_value)s months."
                ),
                "max_value": _(
                    "Retention period: keep the data at most %(limit_value)s months."
                ),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model field is a positive integer, so the form field would
        # start at 0; the school's bounds replace that, in the browser too.
        months = self.fields["retention_months"]
        months.min_value, months.max_value = MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS
        months.validators = [
            MinValueValidator(MIN_RETENTION_MONTHS),
            MaxValueValidator(MAX_RETENTION_MONTHS),
        ]
        months.widget.attrs.update(months.widget_attrs(months.widget))
