from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groeidocument.imports.columns import Role, check_roles
from groeidocument.imports.reader import (
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    FileRejected,
    check_file_size,
    read_table,
)
from groeidocument.pupils.models import current_school_year, validate_school_year

# Example values shown per column in the mapping step.
SAMPLES_PER_COLUMN = 3


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File with the class list"),
        error_messages={
            "required": gettext_lazy("Choose the file with the class list."),
            "empty": gettext_lazy(
                "The file is empty. Choose the file with the class list."
            ),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    school_year = forms.CharField(
        label=gettext_lazy("School year"),
        max_length=20,
        initial=current_school_year,
        help_text=gettext_lazy(
            "The school year of the classes in the list, for example 2026-2027. "
            "Pupils move to their class of this school year."
        ),
        error_messages={
            "required": gettext_lazy("Fill in the school year, for example 2026-2027.")
        },
    )
    mark_missing_as_left = forms.BooleanField(
        label=gettext_lazy("Mark pupils who are not in the list as left"),
        help_text=gettext_lazy(
            "Only for a list of the whole school. The preview shows who would "
            "be marked; their growth documents are kept."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = None
        self.fields["file"].help_text = _(
            "A CSV file or an Excel workbook (.xlsx) of at most %(size)s and "
            "%(rows)s pupils, with a header row."
        ) % {
            "size": filesizeformat(MAX_FILE_BYTES),
            "rows": number_format(MAX_DATA_ROWS, force_grouping=True),
        }

    def clean_file(self):
        if len(self.files.getlist(self.add_prefix("file"))) > 1:
            raise forms.ValidationError(
                _("Choose one file at a time."), code="several_files"
            )

        upload = self.cleaned_data["file"]
        # NOTE: Django has received the whole request by now. The size check
        # keeps a large file out of the parser; a limit on request bodies in the
        # reverse proxy keeps it off the server.
        try:
            check_file_size(upload.size)
            self.table = read_table(upload.name, upload.read(MAX_FILE_BYTES + 1))
        except FileRejected as rejection:
            raise forms.ValidationError(rejection.message, code="rejected") from None
        return upload

    def clean_school_year(self):
        # Spreadsheets and people also write 2026/2027 or 2026 - 2027.
        school_year = "".join(self.cleaned_data["school_year"].split()).replace(
            "/", "-"
        )
        validate_school_year(school_year)
        return school_year


class ColumnsForm(forms.Form):
    """One choice per column of the file: what the column holds."""

    def __init__(self, *args, headers, rows, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = []
        for index, header in enumerate(headers):
            name = f"column_{index}"
            samples = [cells[index] for _number, cells in rows if cells[index]]
            self.fields[name] = forms.ChoiceField(
                label=header or _("Column %(number)s") % {"number": index + 1},
                choices=Role.choices,
                initial=roles[index],
                required=False,
                help_text=", ".join(samples[:SAMPLES_PER_COLUMN]),
            )
            self.columns.append(self[name])

    def clean(self):
        cleaned = super().clean()
        problems = check_roles(self.roles())
        if problems:
            raise forms.ValidationError(problems)
        return cleaned

    def roles(self) -> list[str]:
        return [
            self.cleaned_data.get(f"column_{index}", "")
            for index in range(len(self.columns))
        ]


class ConfirmForm(forms.Form):
    skip_errors = forms.BooleanField(
        label=gettext_lazy("Skip the rows with errors"), required=False
    )
    # The digest of the plan the user saw, so that a changed plan is shown
    # again instead of written. It carries no row data.
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
