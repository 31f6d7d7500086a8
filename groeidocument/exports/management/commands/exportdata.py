import os

from django.core.management.base import BaseCommand, CommandError

from groeidocument.exports.backup import write_backup


class Command(BaseCommand):
    help = (
        "Write all application data (schools, users with their password hashes, "
        "pupils, growth documents, conversations, audit log) to FILE as JSON, "
        "for a backup or a move to another database with importdata."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="The JSON file to write; it must not exist yet."
        )

    def handle(self, *args, file, **options):
        # O_EXCL fails on an existing file, so an old backup is never
        # overwritten. Mode 0600 keeps the password hashes and pupil data
        # readable by the owner only.
        try:
            descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(
                f"{file} already exists: choose another file name or remove it."
            ) from None
        except OSError as error:
            raise CommandError(f"Could not create {file}: {error}.") from None

        # A half-written backup cannot be restored but contains pupil data, so
        # it is removed.
        try:
            with open(descriptor, "w", encoding="utf-8") as stream:
                counts = write_backup(stream)
        except BaseException as error:
            os.unlink(file)
            if isinstance(error, OSError):
                raise CommandError(f"Could not write {file}: {error}.") from None
            raise

        summary = ", ".join(f"{number} {label}" for label, number in counts.items())
        self.stdout.write(f"Exported {sum(counts.values())} rows: {summary or 'none'}.")
