"""Plan an import: match each row to a pupil of the school and list the changes.

A row matches a pupil on the external id (stamboeknummer). Without a match
there, it matches on the folded name and the birth date, or on the name alone
when the list or the pupil has no birth date. Nothing is written here: the plan
is what the preview shows, and services.run_import writes it.
"""

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from groeidocument.imports.reader import Table
from groeidocument.imports.rows import PupilRow, clean_row
from groeidocument.pupils.models import Pupil

# Pupil fields that an import sets, in the order the preview lists changes.
IMPORTED_FIELDS = [
    "first_name",
    "last_name",
    "class_name",
    "school_year",
    "external_id",
    "birth_date",
    "is_active",
]


class Outcome(models.TextChoices):
    NEW = "new", pgettext_lazy("import outcome", "new")
    UPDATED = "updated", pgettext_lazy("import outcome", "updated")
    UNCHANGED = "unchanged", pgettext_lazy("import outcome", "unchanged")
    ERROR = "error", pgettext_lazy("import outcome", "error")


@dataclass
class Change:
    """One field of an existing pupil that the import changes."""

    field: str
    old: object
    new: object

    @property
    def label(self) -> str:
        return Pupil._meta.get_field(self.field).verbose_name


@dataclass
class RowPlan:
    row: PupilRow
    outcome: Outcome
    # The matched pupil, also for an error row, so that it is not marked as left.
    pupil: Pupil | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass
class Plan:
    school_year: str
    rows: list[RowPlan]
    # Active pupils of the school that no row matched, when the importer asked
    # to mark them as left.
    leaving: list[Pupil]

    def rows_with(self, outcome: Outcome) -> list[RowPlan]:
        return [row_plan for row_plan in self.rows if row_plan.outcome == outcome]

    @property
    def counts(self) -> dict[str, int]:
        counts = {outcome.value: 0 for outcome in Outcome}
        for row_plan in self.rows:
            counts[row_plan.outcome] += 1
        counts["left"] = len(self.leaving)
        return counts

    @property
    def has_errors(self) -> bool:
        return any(row_plan.outcome == Outcome.ERROR for row_plan in self.rows)

    @property
    def has_changes(self) -> bool:
        """Whether importing the rows without errors would change anything."""
        counts = self.counts
        return bool(counts["new"] or counts["updated"] or counts["left"])

    @property
    def fingerprint(self) -> str:
        """A digest of every outcome and change, to see whether a plan changed.

        Error messages are left out because they depend on the language.
        """
        summary = [
            [
                row_plan.row.number,
                row_plan.outcome,
                row_plan.pupil.pk if row_plan.pupil else None,
                [[c.field, c.old, c.new] for c in row_plan.changes],
            ]
            for row_plan in self.rows
        ]
        summary.append(sorted(pupil.pk for pupil in self.leaving))
        encoded = json.dumps(summary, default=str, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


class PupilIndex:
    """The school's pupils, looked up by external id and by folded name."""

    def __init__(self, pupils):
        self.by_external_id = {p.external_id: p for p in pupils if p.external_id}
        self.by_name = defaultdict(list)
        for pupil in pupils:
            self.by_name[pupil.search_name].append(pupil)

    def match(self, row: PupilRow) -> tuple[Pupil | None, str | None]:
        """Return the pupil the row is about, or an error when several could be."""
        if row.external_id in self.by_external_id:
            return self.by_external_id[row.external_id], None
        if not (row.first_name and row.last_name):
            return None, None

        # A pupil with another external id is another pupil of the same name.
        candidates = [
            pupil
            for pupil in self.by_name.get(row.search_name, [])
            if not (row.external_id and pupil.external_id)
        ]
        if row.birth_date is not None:
            same_day = [p for p in candidates if p.birth_date == row.birth_date]
            candidates = same_day or [p for p in candidates if p.birth_date is None]
        elif len(candidates) > 1:
            same_class = [p for p in candidates if p.class_name == row.class_name]
            candidates = same_class or candidates

        if len(candidates) > 1:
            return None, _(
                "The school has %(count)s pupils named %(name)s. Add the "
                "stamboeknummer or the birth date to tell them apart."
            ) % {"count": len(candidates), "name": row.full_name}
        return (candidates[0] if candidates else None), None


def _changes(pupil: Pupil, row: PupilRow, school_year: str) -> list[Change]:
    new_values = {
        "first_name": row.first_name,
        "last_name": row.last_name,
        "class_name": row.class_name,
        "school_year": school_year,
        "is_active": True,
    }
    # An empty cell keeps the value already stored.
    if row.external_id:
        new_values["external_id"] = row.external_id
    if row.birth_date is not None:
        new_values["birth_date"] = row.birth_date

    return [
        Change(name, getattr(pupil, name), new_values[name])
        for name in IMPORTED_FIELDS
        if name in new_values and getattr(pupil, name) != new_values[name]
    ]


def _duplicate_key(row: PupilRow):
    """Return what makes two rows of the file the same pupil, or None."""
    if row.external_id:
        return ("external_id", row.external_id)
    if not (row.first_name and row.last_name):
        return None
    # Without a birth date, the same name in the same class is the same pupil.
    return ("name", row.search_name, row.birth_date or row.class_name)


def build_plan(
    school,
    table: Table,
    roles: list[str],
    school_year: str,
    mark_missing_as_left: bool = False,
    today: datetime.date | None = None,
) -> Plan:
    """Check every row and match it against the school's current pupils."""
    today = today or timezone.localdate()
    rows = [clean_row(source, roles, school_year, today) for source in table.rows]
    pupils = list(
        Pupil.objects.filter(school=school).only(
            "id", "uuid", "search_name", *IMPORTED_FIELDS
        )
    )
    index = PupilIndex(pupils)

    first_row_of_key = {}
    first_row_of_pupil = {}
    row_plans = []
    for row in rows:
        key = _duplicate_key(row)
        is_repeated_row = key is not None and key in first_row_of_key
        if is_repeated_row:
            row.errors.append(
                _("This pupil is also in row %(row)s. Remove one of both rows.")
                % {"row": first_row_of_key[key]}
            )
        elif key is not None:
            first_row_of_key[key] = row.number

        pupil, problem = index.match(row)
        if problem:
            row.errors.append(problem)
        if pupil is not None and pupil.pk not in first_row_of_pupil:
            first_row_of_pupil[pupil.pk] = row.number
        elif pupil is not None and not is_repeated_row:
            row.errors.append(
                _(
                    "This row and row %(row)s are both about %(name)s. Remove "
                    "one of both rows."
                )
                % {"row": first_row_of_pupil[pupil.pk], "name": pupil.full_name}
            )

        if row.errors:
            row_plans.append(RowPlan(row, Outcome.ERROR, pupil))
        elif pupil is None:
            row_plans.append(RowPlan(row, Outcome.NEW))
        else:
            changes = _changes(pupil, row, school_year)
            outcome = Outcome.UPDATED if changes else Outcome.UNCHANGED
            row_plans.append(RowPlan(row, outcome, pupil, changes))

    leaving = []
    if mark_missing_as_left:
        leaving = [
            pupil
            for pupil in pupils
            if pupil.is_active and pupil.pk not in first_row_of_pupil
        ]
        leaving.sort(key=lambda p: (p.class_name, p.last_name, p.first_name))
    return Plan(school_year=school_year, rows=row_plans, leaving=leaving)
