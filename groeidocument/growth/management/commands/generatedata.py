import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError

from groeidocument.accounts.models import School
from groeidocument.growth.generator import GroupSize, generate_school_group


class Command(BaseCommand):
    help = (
        "Fill an empty database with a fictional school group: schools, coaches, "
        "pupils, growth documents and conversations, for benchmarks and load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schools", type=int, default=1, help="Number of schools. Default: 1."
        )
        parser.add_argument(
            "--pupils-per-school",
            type=int,
            default=400,
            help="Pupils per school. Default: 400.",
        )
        parser.add_argument(
            "--documents-per-pupil",
            type=float,
            default=1.5,
            help="Growth documents per pupil, on average. Default: 1.5.",
        )
        parser.add_argument(
            "--conversations-per-document",
            type=int,
            default=5,
            help="Conversations per growth document, on average. Default: 5.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed of the random names and dates."
        )
        parser.add_argument(
            "--password",
            default="fictional-school-group",
            help="Password of every generated user. Default: fictional-school-group.",
        )

    def handle(self, *args, **options):
        size = GroupSize(
            schools=options["schools"],
            pupils_per_school=options["pupils_per_school"],
            documents_per_pupil=options["documents_per_pupil"],
            conversations_per_document=options["conversations_per_document"],
        )
        if size.schools < 1 or size.pupils_per_school < 1:
            raise CommandError("--schools and --pupils-per-school must be at least 1.")
        if size.documents_per_pupil < 0 or size.conversations_per_document < 1:
            raise CommandError(
                "--documents-per-pupil must be 0 or more and "
                "--conversations-per-document at least 1."
            )
        # Fictional pupils must never mix with a school's real ones.
        if School.objects.exists():
            raise CommandError(
                "This database already contains a school, and generatedata only "
                "fills an empty database. Point GROEIDOCUMENT_DATA_DIR or "
                "DATABASE_URL at an empty one."
            )

        started = time.perf_counter()
        counts = generate_school_group(
            size, password_hash=make_password(options["password"]), seed=options["seed"]
        )
        seconds = time.perf_counter() - started

        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {counts.schools} schools, {counts.users} users, "
                f"{counts.pupils} pupils, {counts.documents} growth documents, "
                f"{counts.action_points} action points, {counts.conversations} "
                f"conversations and {counts.entries} conversation entries "
                f"in {seconds:.0f} s."
            )
        )
        self.stdout.write(
            "Log in as s01.coordinator (care coordinator of the first school) or "
            "s01.coach.1a, with the password given by --password."
        )
