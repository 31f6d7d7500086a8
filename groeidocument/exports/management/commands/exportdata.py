from django.core.management.base import BaseCommand, CommandError

from groeidocument.exports.backup import write_backup


class Command(BaseCommand):
    help = (
        "Write all application data (schools, users with their password hashes, "
        "pupils, growth documents, conversations) to FILE as JSON, for a backup "
        "or a move to another database with importdata."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="The JSON file to write; it must not exist yet."
        )

    def handle(self, *args, file, **options):
        # Mode "x" fails on an existing file: an old backup is never overwritten.
        try:
            with open(file, "x", encoding="utf-8") as stream:
                counts = write_backup(stream)
        except FileExistsError:
            raise CommandError(
                f"{file} already exists: choose another file name or remove it."
            ) from None
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error}.") from None

        summary = ", ".join(f"{number} {label}" for label, number in counts.items())
        self.stdout.write(f"Exported {sum(counts.values())} rows: {summary or 'none'}.")
