"""Turn one row of a class list into checked pupil values.

Every row goes through the same rules as the pupil form: trimmed names, the
class in capitals, and Pupil's own field validation.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from groeidocument.imports.columns import FULL_NAME_ROLES, Role
from groeidocument.imports.reader import SourceRow
from groeidocument.lib.text import fold
from groeidocument.pupils.models import Pupil

# Day first, as Belgians write it (31/12/2015, 31-12-2015, 31.12.2015), or
# ISO 8601 (2015-12-31), which is also how XLSX date cells reach this module.
# Some systems add a midnight time to a date.
DAY_FIRST = re.compile(
    r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"
    r"(?:[ T]0?0:00(?::00)?)?$"
)
YEAR_FIRST = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[ T]0?0:00(?::00)?)?$"
)
EARLIEST_BIRTH_YEAR = 1900

# Fields that Pupil.full_clean checks on every row. The school is the
# importer's own, and the other fields are not in the file.
CHECKED_FIELDS = {
    "first_name",
    "last_name",
    "class_name",
    "school_year",
    "external_id",
    "birth_date",
}


@dataclass
class PupilRow:
    """The values of one row, and what is wrong with them."""

    number: int
    first_name: str = ""
    last_name: str = ""
    class_name: str = ""
    external_id: str = ""
    birth_date: datetime.date | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def search_name(self) -> str:
        return fold(f"{self.first_name} {self.last_name}")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def parse_birth_date(text: str) -> datetime.date:
    """Parse a date written dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd.

    Raises ValueError for any other form and for dates that do not exist.
    """
    match = DAY_FIRST.match(text) or YEAR_FIRST.match(text)
    if match is None:
        raise ValueError(text)
    return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))


def split_full_name(text: str, role: str) -> tuple[str, str]:
    """Split a full name into (first name, last name).

    A comma always separates "last name, first name". Otherwise the first name
    is one word, at the end or at the start, because a class list does not say
    where a last name such as "Van den Broeck" ends.
    """
    if "," in text:
        last_name, first_name = text.split(",", 1)
        return " ".join(first_name.split()), " ".join(last_name.split())

    words = text.split()
    if len(words) < 2:
        return "", ""
    if role == Role.NAME_LAST_FIRST:
        return words[-1], " ".join(words[:-1])
    return words[0], " ".join(words[1:])


def clean_row(
    source: SourceRow,
    roles: list[str],
    school_year: str,
    today: datetime.date,
) -> PupilRow:
    """Read and check one source row with the given column roles."""
    values = {
        role: cell for role, cell in zip(roles, source.cells, strict=True) if role
    }
    row = PupilRow(number=source.number)

    full_name_role = next(
        (role for role in values if role in FULL_NAME_ROLES),
        None,
    )
    if full_name_role is not None:
        full_name = values[full_name_role]
        row.first_name, row.last_name = split_full_name(full_name, full_name_role)
        if full_name and not (row.first_name and row.last_name):
            row.errors.append(
                _(
                    "The name “%(name)s” cannot be split into a first and a last "
                    "name. Write both, or use separate columns."
                )
                % {"name": full_name}
            )
        elif not full_name:
            row.errors.append(_("The name is missing."))
    else:
        row.first_name = " ".join(values.get(Role.FIRST_NAME, "").split())
        row.last_name = " ".join(values.get(Role.LAST_NAME, "").split())
        if not row.first_name:
            row.errors.append(_("The first name is missing."))
        if not row.last_name:
            row.errors.append(_("The last name is missing."))
    row.class_name = " ".join(values.get(Role.CLASS_NAME, "").split()).upper()
    row.external_id = values.get(Role.EXTERNAL_ID, "").strip()
    if not row.class_name:
        row.errors.append(_("The class is missing."))

    # Empty required values have their own message above.
    reported = {
        name
        for name in ("first_name", "last_name", "class_name")
        if not getattr(row, name)
    }

    birth_date_text = values.get(Role.BIRTH_DATE, "")
    if birth_date_text:
        row.birth_date = _check_birth_date(birth_date_text, today, row.errors)

    _validate_with_model(row, school_year, reported)
    return row


def _check_birth_date(text: str, today: datetime.date, errors: list[str]):
    try:
        birth_date = parse_birth_date(text)
    except ValueError:
        errors.append(
            _(
                "The birth date “%(value)s” is not a valid date. Write it as "
                "dd/mm/yyyy, for example 31/08/2015."
            )
            % {"value": text}
        )
        return None

    if birth_date > today or birth_date.year < EARLIEST_BIRTH_YEAR:
        errors.append(
            _("The birth date %(value)s cannot be right. Check the year.")
            % {"value": birth_date.strftime("%d/%m/%Y")}
        )
        return None
    return birth_date


def _validate_with_model(row: PupilRow, school_year: str, reported: set[str]):
    """Apply Pupil's field rules (lengths, school year) to the row."""
    pupil = Pupil(
        first_name=row.first_name,
        last_name=row.last_name,
        class_name=row.class_name,
        school_year=school_year,
        external_id=row.external_id,
        birth_date=row.birth_date,
    )
    excluded = [
        model_field.name
        for model_field in Pupil._meta.concrete_fields
        if model_field.name not in CHECKED_FIELDS - reported
    ]
    try:
        # Uniqueness needs the other rows and the database: matching checks it.
        pupil.full_clean(
            exclude=excluded, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            label = capfirst(Pupil._meta.get_field(name).verbose_name)
            row.errors += [
                _("%(field)s: %(message)s") % {"field": label, "message": message}
                for message in messages
            ]
