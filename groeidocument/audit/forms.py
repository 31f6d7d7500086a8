from django import forms
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


class RetentionForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["retention_months"]
        widgets = {
            "retention_months": forms.NumberInput(
                attrs={"min": MIN_RETENTION_MONTHS, "max": MAX_RETENTION_MONTHS}
            )
        }
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
