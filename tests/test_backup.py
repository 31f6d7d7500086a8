"""Backup and restore: exportdata and importdata lose nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from groeidocument.accounts.models import School
from groeidocument.exports.backup import BACKUP_MODELS, FORMAT, count_existing_rows
from groeidocument.growth.models import ConversationStarter
from groeidocument.pupils.models import Pupil
from tests.backup_data import create_varied_data

REPOSITORY = Path(__file__).resolve().parent.parent


def export_objects(path) -> list[dict]:
    """Run exportdata into path and return the rows it wrote."""
    call_command("exportdata", str(path))
    backup = json.loads(path.read_text(encoding="utf-8"))
    assert backup["format"] == FORMAT
    return backup["objects"]


def empty_database():
    """Delete every backed-up row, in the reverse order of the backup."""
    for label in reversed(BACKUP_MODELS):
        apps.get_model(label)._default_manager.all().delete()


def labels(objects) -> set[str]:
    return {record["model"] for record in objects}


def test_round_trip_loses_nothing(db, tmp_path):
    create_varied_data()
    before = export_objects(tmp_path / "before.json")
    empty_database()

    call_command("importdata", str(tmp_path / "before.json"))
    after = export_objects(tmp_path / "after.json")

    assert labels(before) == {label.lower() for label in BACKUP_MODELS}
    assert after == before


def test_restore_adds_no_second_deck(db, tmp_path):
    create_varied_data()
    starters = ConversationStarter.objects.count()
    export_objects(tmp_path / "backup.json")
    empty_database()

    call_command("importdata", str(tmp_path / "backup.json"))

    assert ConversationStarter.objects.count() == starters


def test_new_rows_after_restore_get_free_ids(db, tmp_path):
    create_varied_data()
    export_objects(tmp_path / "backup.json")
    empty_database()
    call_command("importdata", str(tmp_path / "backup.json"))

    school = School.objects.create(name="Nieuwe school")

    assert school.pk > max(School.objects.exclude(pk=school.pk).values_list("pk"))[0]


def test_restored_user_can_log_in(db, tmp_path, client):
    create_varied_data()
    export_objects(tmp_path / "backup.json")
    empty_database()
    call_command("importdata", str(tmp_path / "backup.json"))

    # The login throttle counts attempts per address, so it needs a request.
    assert client.login(
        request=RequestFactory().post("/login/"),
        username="an.peeters",
        password="a-long-backup-password-17",
    )


def test_import_rejects_non_empty_database(db, tmp_path):
    create_varied_data()
    before = export_objects(tmp_path / "backup.json")

    with pytest.raises(CommandError, match="already contains data"):
        call_command("importdata", str(tmp_path / "backup.json"))

    assert export_objects(tmp_path / "again.json") == before


def test_broken_backup_restores_nothing(db, tmp_path):
    create_varied_data()
    path = tmp_path / "backup.json"
    export_objects(path)
    backup = json.loads(path.read_text(encoding="utf-8"))
    empty_database()
    for record in backup["objects"]:
        if record["model"] == "growth.conversationentry":
            record["fields"]["action_point"] = 999_999
    path.write_text(json.dumps(backup), encoding="utf-8")

    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("importdata", str(path))

    assert count_existing_rows() == {}


def test_import_rejects_other_json(db, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"objects": []}', encoding="utf-8")

    with pytest.raises(CommandError, match="not a Groeidocument backup"):
        call_command("importdata", str(path))


def test_export_file_is_private(db, tmp_path):
    path = tmp_path / "backup.json"

    call_command("exportdata", str(path))

    assert path.stat().st_mode & 0o777 == 0o600


def test_failed_export_leaves_no_file(db, tmp_path, monkeypatch):
    def fail(stream):
        stream.write("{")
        raise OSError("No space left on device")

    monkeypatch.setattr(
        "groeidocument.exports.management.commands.exportdata.write_backup", fail
    )
    path = tmp_path / "backup.json"

    with pytest.raises(CommandError, match="No space left"):
        call_command("exportdata", str(path))

    assert not path.exists()


def test_export_keeps_existing_file(db, tmp_path):
    path = tmp_path / "backup.json"
    path.write_text("old", encoding="utf-8")

    with pytest.raises(CommandError, match="already exists"):
        call_command("exportdata", str(path))

    assert path.read_text(encoding="utf-8") == "old"


def run_laptop_command(*arguments, data_dir):
    """Run a groeidocument command on a SQLite database in data_dir."""
    environment = {
        key: value for key, value in os.environ.items() if key != "DATABASE_URL"
    }
    environment["GROEIDOCUMENT_DATA_DIR"] = str(data_dir)
    subprocess.run(
        [sys.executable, "-m", "groeidocument", *arguments],
        cwd=REPOSITORY,
        env=environment,
        check=True,
        capture_output=True,
    )


def test_sqlite_backup_restores_here(db, tmp_path):
    """A laptop's SQLite backup moves to this database, PostgreSQL in CI too."""
    laptop = tmp_path / "laptop"
    backup = tmp_path / "laptop.json"
    run_laptop_command("migrate", "--no-input", data_dir=laptop)
    run_laptop_command(
        "shell",
        "-c",
        "from tests.backup_data import create_varied_data; create_varied_data()",
        data_dir=laptop,
    )
    run_laptop_command("exportdata", str(backup), data_dir=laptop)
    laptop_backup = json.loads(backup.read_text(encoding="utf-8"))

    call_command("importdata", str(backup))
    after = export_objects(tmp_path / "after.json")

    assert laptop_backup["database"] == "sqlite"
    assert after == laptop_backup["objects"]


def test_old_backup_gets_leaving_day(db, tmp_path):
    create_varied_data()
    path = tmp_path / "backup.json"
    export_objects(path)
    backup = json.loads(path.read_text(encoding="utf-8"))
    empty_database()
    # A backup of the version before pupils had a leaving day.
    for record in backup["objects"]:
        if record["model"] == "pupils.pupil":
            del record["fields"]["left_on"]
    backup["migrations"]["pupils"] = ["0001_initial"]
    path.write_text(json.dumps(backup), encoding="utf-8")

    call_command("importdata", str(path))

    left = Pupil.objects.get(is_active=False)
    assert left.left_on == timezone.localdate()
    assert Pupil.objects.get(is_active=True).left_on is None
