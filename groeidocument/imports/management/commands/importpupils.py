from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from groeidocument.accounts.models import School
from groeidocument.audit.models import Action
from groeidocument.audit.services import record_command
from groeidocument.imports.columns import (
    FULL_NAME_ROLES,
    Role,
    check_roles,
    guess_roles,
)
from groeidocument.imports.matching import Outcome, Plan, build_plan
from groeidocument.imports.reader import (
    MAX_FILE_BYTES,
    FileRejected,
    check_file_size,
    read_table,
)
from groeidocument.imports.services import (
    ImportConflict,
    PlanChanged,
    PlanHasErrors,
    run_import,
)
from groeidocument.lib.schoolyear import is_school_year
from groeidocument.pupils.models import current_school_year

NAME_ORDERS = {
    "last-first": Role.NAME_LAST_FIRST,
    "first-last": Role.NAME_FIRST_LAST,
}


class Command(BaseCommand):
    help = (
        "Import a class list (CSV or XLSX) into a school. Prints what happens to "
        "each row. When a row has an error nothing is saved, unless "
        "--skip-errors is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The class list: a .csv or .xlsx file.")
        parser.add_argument("--school", required=True, help="The school's exact name.")
        parser.add_argument(
            "--school-year",
            help="The school year of the classes, such as 2026-2027 (default: "
            "the current school year).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would happen, and save nothing.",
        )
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="Import the rows without errors and leave out the others.",
        )
        parser.add_argument(
            "--mark-missing-as-left",
            action="store_true",
            help="Mark the school's pupils who are not in the list as left.",
        )
        parser.add_argument(
            "--name-order",
            choices=sorted(NAME_ORDERS),
            help="For a single name column: whether the last name or the first "
            "name comes first.",
        )

    def handle(self, *args, **options):
        # The command speaks English, so the row messages do too.
        with translation.override("en"):
            self._import(**options)

    def _import(self, *, file, school, school_year, **options):
        school_object = School.objects.filter(name=school).first()
        if school_object is None:
            known = ", ".join(School.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"School {school!r} not found. Known schools: {known}.")
        school_year = school_year or current_school_year()
        if not is_school_year(school_year):
            raise CommandError(
                f"--school-year {school_year!r} is invalid: write two consecutive "
                "years, such as 2026-2027."
            )

        table = self._read(Path(file))
        roles = self._roles(table.headers, options["name_order"])
        plan = build_plan(
            school_object,
            table,
            roles,
            school_year,
            options["mark_missing_as_left"],
        )
        self._print_plan(plan, options["verbosity"])

        if plan.has_errors and not options["skip_errors"]:
            outcome = (
                "an import would save nothing"
                if options["dry_run"]
                else "nothing was saved"
            )
            raise CommandError(
                f"Some rows have errors, so {outcome}. Correct the file, or pass "
                "--skip-errors to import the other rows."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
            return

        try:
            result = run_import(
                school_object,
                table,
                roles,
                school_year,
                mark_missing_as_left=options["mark_missing_as_left"],
                skip_errors=options["skip_errors"],
                expected_fingerprint=plan.fingerprint,
            )
        except (PlanChanged, PlanHasErrors, ImportConflict):
            raise CommandError(
                "The school's pupils changed while the list was being checked, so "
                "nothing was saved. Run the command again."
            ) from None
        record_command(
            school_object,
            Action.IMPORTED,
            pupil_count=result.created + result.updated + result.left,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported into {school_object.name!r}: {result.created} new, "
                f"{result.updated} updated, {result.left} marked as left, "
                f"{result.skipped} skipped because of an error."
            )
        )

    def _read(self, path: Path):
        try:
            check_file_size(path.stat().st_size)
            with path.open("rb") as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
        except FileRejected as rejection:
            raise CommandError(f"{path}: {rejection.message}") from None
        except OSError as error:
            raise CommandError(f"{path} cannot be read: {error.strerror}.") from None
        try:
            return read_table(path.name, data)
        except FileRejected as rejection:
            raise CommandError(f"{path}: {rejection.message}") from None

    def _roles(self, headers: list[str], name_order: str | None) -> list[str]:
        roles, _reasons = guess_roles(headers)
        full_name_columns = [
            header
            for header, role in zip(headers, roles, strict=True)
            if role in FULL_NAME_ROLES
        ]
        if full_name_columns and name_order is None:
            raise CommandError(
                f"Column {full_name_columns[0]!r} contains the full name: pass "
                "--name-order last-first or --name-order first-last."
            )
        if name_order is not None:
            roles = [
                NAME_ORDERS[name_order] if role in FULL_NAME_ROLES else role
                for role in roles
            ]

        problems = check_roles(roles)
        if problems:
            found = ", ".join(repr(header) for header in headers)
            raise CommandError(
                f"The columns were not recognised: {' '.join(problems)} "
                f"The file's columns are {found}. Rename the column titles to "
                "Voornaam, Familienaam, Klas, Stamboeknummer and Geboortedatum."
            )
        return roles

    def _print_plan(self, plan: Plan, verbosity: int):
        for row_plan in plan.rows:
            row = row_plan.row
            if row_plan.outcome == Outcome.UNCHANGED and verbosity < 2:
                continue
            line = (
                f"Row {row.number}: {row_plan.outcome.label}: "
                f"{row.last_name}, {row.first_name} ({row.class_name})"
            )
            details = row.errors or [
                f"{change.label}: {change.old} -> {change.new}"
                for change in row_plan.changes
            ]
            if details:
                line += ". " + " ".join(details)
            self.stdout.write(line)
        for pupil in plan.leaving:
            self.stdout.write(
                f"Left: {pupil.last_name}, {pupil.first_name} ({pupil.class_name})"
            )

        counts = plan.counts
        self.stdout.write(
            f"{counts['new']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['error']} with errors, "
            f"{counts['left']} marked as left."
        )
