"""A backup of all application data as one JSON file, and its restore.

The file contains every row of the models in BACKUP_MODELS, serialized by
Django's "python" serializer with their primary keys, so that the restore
recreates the same rows with the same links. Dates and timestamps are written
in full ISO 8601, microseconds included, because Django's own JSON encoder
cuts timestamps to milliseconds.

The restore saves every object raw, as Django's loaddata does: save() methods,
auto_now fields and the School post_save signal that hands a new school the
default starter deck are skipped, because the backup brings its own deck and
timestamps.
"""

import datetime
import json
from collections import Counter

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "groeidocument-backup"
FORMAT_VERSION = 1
# In the order of the restore: every model after the models it points to,
# except ActionPoint.closed_in, which points forward to Conversation and
# relies on the constraint check at the end of the restore.
BACKUP_MODELS = [
    "auth.Group",
    "accounts.School",
    "accounts.User",
    "accounts.Membership",
    "accounts.CalendarFeed",
    "pupils.Pupil",
    "growth.ConversationStarter",
    "growth.GrowthDocument",
    "growth.ActionPoint",
    "growth.Conversation",
    "growth.ConversationEntry",
    "growth.DocumentEvent",
    "audit.AuditEntry",
    "growth.DocumentShare",
]
# Apps whose migrations shape the backed-up tables.
MIGRATED_APPS = ["auth", "accounts", "pupils", "growth", "audit"]
CHUNK_SIZE = 2000


class BackupError(Exception):
    """A backup that cannot be restored here, with a message for the user."""


class _BackupEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        return super().default(o)


def backup_models():
    return [apps.get_model(label) for label in BACKUP_MODELS]


def applied_migrations() -> dict[str, list[str]]:
    """Return the applied migrations of MIGRATED_APPS, sorted by name."""
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        app: sorted(name for label, name in applied if label == app)
        for app in MIGRATED_APPS
    }


def serialize_model(model) -> list[dict]:
    """Return every row of model as "python" serializer records, by primary key.

    Users point to their groups and permissions by natural key, because
    permissions get other primary keys in another database.
    """
    rows = model._default_manager.order_by("pk").iterator(chunk_size=CHUNK_SIZE)
    return serializers.serialize(
        "python",
        rows,
        use_natural_foreign_keys=model is apps.get_model("accounts.User"),
    )


def write_backup(stream) -> Counter:
    """Write every row of BACKUP_MODELS to the text stream as JSON.

    Returns the number of rows written per model label.
    """
    counts = Counter()
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": applied_migrations(),
    }
    # Each model is serialized and written out before the next, so memory
    # contains the rows of one model at a time, not of the whole database.
    stream.write(json.dumps(header, ensure_ascii=False)[:-1])
    stream.write(', "objects": [')
    first = True
    for model in backup_models():
        for record in serialize_model(model):
            stream.write("\n" if first else ",\n")
            stream.write(json.dumps(record, cls=_BackupEncoder, ensure_ascii=False))
            counts[model._meta.label] += 1
            first = False
    stream.write("\n]}\n")
    return counts


def count_existing_rows() -> Counter:
    """Return the number of rows per backed-up model that has any."""
    counts = Counter()
    for model in backup_models():
        number = model._default_manager.count()
        if number:
            counts[model._meta.label] = number
    return counts


def read_backup(stream) -> dict:
    """Parse a backup file and check its format, or raise BackupError.

    NOTE: the whole file is parsed into memory, which takes several times the
    file's size (an estimate, not measured). A school group's backup of a few
    hundred megabytes may need gigabytes.
    """
    try:
        backup = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"The file is not valid JSON: {error}.") from None
    if not isinstance(backup, dict) or backup.get("format") != FORMAT:
        raise BackupError(
            "The file is not a Groeidocument backup: write one with "
            "`groeidocument exportdata FILE`."
        )
    if backup.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The backup has format version {backup.get('format_version')!r}, "
            f"but this version of Groeidocument reads version {FORMAT_VERSION}."
        )
    return backup


def check_migrations(backup: dict):
    """Raise BackupError when the backup comes from a newer database schema."""
    applied = applied_migrations()
    missing = [
        f"{app}.{name}"
        for app, names in backup.get("migrations", {}).items()
        for name in names
        if name not in applied.get(app, [])
    ]
    if missing:
        raise BackupError(
            "The backup needs database migrations that this database lacks: "
            f"{', '.join(missing)}. Run `groeidocument migrate` with the "
            "Groeidocument version that wrote the backup, or a newer one, "
            "and import again."
        )


def date_pupils_who_left(objects: list[dict]) -> list[dict]:
    """Give left pupils of a backup without left_on the day of the restore.

    Backups written before pupils had a leaving day lack the field, and the
    database requires it for a pupil who left. Counting from today keeps
    their data for at least the whole retention period, as the migration
    that added the field does.
    """
    today = timezone.localdate().isoformat()
    for record in objects:
        fields = record.get("fields", {})
        if (
            record.get("model") == "pupils.pupil"
            and fields.get("is_active") is False
            and fields.get("left_on") is None
        ):
            fields["left_on"] = today
    return objects


@transaction.atomic
def restore_backup(backup: dict) -> Counter:
    """Restore a parsed backup into an empty database, all or nothing.

    Raises BackupError when the database already contains application data
    or lacks migrations that the backup needs. Returns the number of rows
    restored per model label.
    """
    existing = count_existing_rows()
    if existing:
        found = ", ".join(f"{number} {label}" for label, number in existing.items())
        raise BackupError(
            f"The database already contains data ({found}). importdata only "
            "restores into an empty database: create a new database, run "
            "`groeidocument migrate` on it and import again."
        )
    check_migrations(backup)

    counts = Counter()
    # Foreign keys are checked once at the end, as loaddata does, because
    # ActionPoint.closed_in points to a conversation restored after it.
    with connection.constraint_checks_disabled():
        objects = date_pupils_who_left(backup["objects"])
        for deserialized in serializers.deserialize("python", objects):
            deserialized.save()
            counts[deserialized.object._meta.label] += 1
    tables = [model._meta.db_table for model in backup_models()]
    connection.check_constraints(table_names=tables)

    # Rows came with their primary keys, so PostgreSQL's sequences must move
    # past them before the next insert. SQLite needs nothing.
    statements = connection.ops.sequence_reset_sql(no_style(), backup_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return counts
