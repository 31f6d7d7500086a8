from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from groeidocument.accounts.models import School
from groeidocument.audit.erasure import (
    apply_retention,
    audit_cutoff,
    audit_entries_past_retention,
    pupil_cutoff,
    pupils_past_retention,
)


class Command(BaseCommand):
    help = (
        "Erase the pupils who left their school longer ago than the school's "
        "retention period, with all their growth documents, and delete audit "
        "entries older than the retention period plus 12 months. Each erased "
        "pupil leaves one entry in the audit log. Run it once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be erased, and change nothing.",
        )
        parser.add_argument(
            "--school",
            dest="school_name",
            help="Only this school, by its exact name (default: all).",
        )
        parser.add_argument(
            "--show-names",
            action="store_true",
            help="Also print the names of the pupils, which are left out by "
            "default because the output may end up in mail or log files.",
        )

    def handle(self, *args, dry_run, school_name, show_names, **options):
        schools = School.objects.order_by("name")
        if school_name is not None:
            schools = schools.filter(name=school_name)
            if not schools.exists():
                known = ", ".join(School.objects.values_list("name", flat=True))
                raise CommandError(
                    f"No school is named {school_name!r}. "
                    f"Known schools: {known or 'none'}."
                )

        today = timezone.localdate()
        for school in schools:
            self._report(school, today, dry_run=dry_run, show_names=show_names)
            if not dry_run:
                erased, deleted = apply_retention(school, today)
                self.stdout.write(
                    f"  Erased {erased} pupils and deleted {deleted} audit entries."
                )
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")

    def _report(self, school, today, *, dry_run, show_names):
        pupils = list(pupils_past_retention(school, today))
        entry_count = audit_entries_past_retention(school, today).count()
        verb = "would be" if dry_run else "will be"
        self.stdout.write(
            f"{school.name}: retention period {school.retention_months} months. "
            f"{len(pupils)} pupils who left before {pupil_cutoff(school, today)} "
            f"{verb} erased, {entry_count} audit entries from before "
            f"{audit_cutoff(school, today)} {verb} deleted."
        )
        for pupil in pupils:
            line = f"  pupil {pupil.uuid}, left on {pupil.left_on}"
            if show_names:
                line += f", {pupil.full_name} ({pupil.class_name})"
            self.stdout.write(line)
