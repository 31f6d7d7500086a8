from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from groeidocument.exports.backup import BackupError, read_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by exportdata into an empty, migrated "
        "database. Everything is restored in one transaction, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file that exportdata wrote.")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as stream:
                backup = read_backup(stream)
        except OSError as error:
            raise CommandError(f"Could not read {file}: {error}.") from None
        except BackupError as error:
            raise CommandError(f"{file}: {error}") from None

        # A database without the tables fails on the first row with a message
        # that hides the fix, so check the migrations first.
        if MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        ):
            raise CommandError(
                "The database is not migrated: run `groeidocument migrate` first, "
                "then import the backup again."
            )

        try:
            counts = restore_backup(backup)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except (DeserializationError, DatabaseError) as error:
            raise CommandError(
                f"The backup in {file} could not be restored, so nothing was "
                f"saved: {error}"
            ) from None

        summary = ", ".join(f"{number} {label}" for label, number in counts.items())
        self.stdout.write(f"Imported {sum(counts.values())} rows: {summary or 'none'}.")
