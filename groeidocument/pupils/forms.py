from django import forms
from django.utils.translation import gettext_lazy as _

from groeidocument.lib.text import fold
from groeidocument.pupils.models import Pupil


class PupilForm(forms.ModelForm):
    class Meta:
        model = Pupil
        fields = [
            "first_name",
            "last_name",
            "class_name",
            "school_year",
            "external_id",
            "birth_date",
            "is_active",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }
        error_messages = {
            "first_name": {"required": _("Fill in the pupil's first name.")},
            "last_name": {"required": _("Fill in the pupil's last name.")},
            "class_name": {"required": _("Fill in the class, for example 5A.")},
            "school_year": {
                "required": _("Fill in the school year, for example 2026-2027.")
            },
        }

    confirm_duplicate = forms.BooleanField(
        label=_("Yes, this is another pupil with the same name"),
        required=False,
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.show_duplicate_confirmation = False
        if self.instance._state.adding:
            del self.fields["is_active"]
        for name in ("first_name", "last_name", "class_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_class_name(self):
        return self.cleaned_data["class_name"].strip().upper()

    def clean_school_year(self):
        # Spreadsheets and people also write 2026/2027 or 2026 - 2027.
        return "".join(self.cleaned_data["school_year"].split()).replace("/", "-")

    def clean(self):
        cleaned = super().clean()
        first_name = cleaned.get("first_name")
        last_name = cleaned.get("last_name")
        if first_name and last_name and not cleaned.get("confirm_duplicate"):
            namesakes = Pupil.objects.filter(
                school=self.instance.school,
                search_name=fold(f"{first_name} {last_name}"),
                class_name=cleaned.get("class_name", ""),
            ).exclude(pk=self.instance.pk)
            if namesakes.exists():
                self.show_duplicate_confirmation = True
                raise forms.ValidationError(
                    _(
                        "%(name)s is already in class %(class_name)s. Open that "
                        "pupil instead, or tick the box below if this is "
                        "another pupil with the same name."
                    ),
                    code="possible_duplicate",
                    params={
                        "name": f"{first_name} {last_name}",
                        "class_name": cleaned.get("class_name", ""),
                    },
                )
        return cleaned

    def clean_external_id(self):
        # The uniqueness constraint names the school, which is not a form field,
        # so ModelForm would skip it: check it here to show it at the field.
        external_id = self.cleaned_data["external_id"].strip()
        if external_id:
            others = Pupil.objects.filter(
                school=self.instance.school, external_id=external_id
            ).exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(
                    _("Another pupil of this school already has this external id."),
                    code="duplicate_external_id",
                )
        return external_id
