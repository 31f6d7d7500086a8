"""Settings come from environment variables and fail loudly on bad values."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import engines

from groeidocument.lib import env


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("off", False),
        ("0", False),
        ("", None),
    ],
)
def test_env_bool_reads_common_words(monkeypatch, value, expected):
    monkeypatch.setenv("FLAG", value)
    default = None if expected is None else not expected
    assert env.env_bool("FLAG", default) is expected


def test_env_bool_rejects_other_words(monkeypatch):
    monkeypatch.setenv("DEBUG", "ja")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='ja' is not a boolean"):
        env.env_bool("DEBUG", False)


def test_env_int_rejects_text_and_range(monkeypatch):
    monkeypatch.setenv("PORTION", "veel")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env.env_int("PORTION", 1)

    monkeypatch.setenv("PORTION", "5")
    with pytest.raises(ImproperlyConfigured, match="use 10 to 20"):
        env.env_int("PORTION", 12, minimum=10, maximum=20)


def test_env_list_drops_blank_items(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "school.example, ,localhost,")
    assert env.env_list("ALLOWED_HOSTS", []) == ["school.example", "localhost"]


def test_env_path_rejects_a_file(monkeypatch, tmp_path):
    file = tmp_path / "file"
    file.write_text("")
    monkeypatch.setenv("GROEIDOCUMENT_DATA_DIR", str(file))
    with pytest.raises(ImproperlyConfigured, match="not a folder"):
        env.env_path("GROEIDOCUMENT_DATA_DIR", tmp_path)


def load_settings(tmp_path, **variables):
    """Import the settings in a fresh interpreter with only these variables."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import groeidocument.settings as s; print(s.DATABASES)",
        ],
        capture_output=True,
        text=True,
        env={"GROEIDOCUMENT_DATA_DIR": str(tmp_path), **variables},
        check=False,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is shorter than 50"),
        ({"DATABASE_URL": "mysql://x@localhost/db"}, "only SQLite and PostgreSQL"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL is invalid"),
        ({"SESSION_COOKIE_AGE": "kort"}, "SESSION_COOKIE_AGE='kort'"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL='loud' is not valid"),
    ],
)
def test_bad_setting_stops_start_up(tmp_path, variables, message):
    result = load_settings(tmp_path, **variables)

    assert result.returncode != 0
    assert message in result.stderr


def test_secret_key_is_generated_once_per_data_folder(tmp_path):
    load_settings(tmp_path)
    key_file = tmp_path / "secret_key"
    first_key = key_file.read_text()
    load_settings(tmp_path)

    assert len(first_key) >= 50
    assert key_file.read_text() == first_key
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_default_database_is_sqlite_in_data_folder(tmp_path):
    result = load_settings(tmp_path)

    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "groeidocument.sqlite3") in result.stdout


def test_sqlite_file_database_uses_wal(tmp_path):
    script = (
        "import django, os;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'groeidocument.settings';"
        "django.setup();"
        "from django.db import connection;"
        "cursor = connection.cursor();"
        "cursor.execute('PRAGMA journal_mode');"
        "print(cursor.fetchone()[0]);"
        "cursor.execute('PRAGMA busy_timeout');"
        "print(cursor.fetchone()[0]);"
        "print(connection.transaction_mode)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"GROEIDOCUMENT_DATA_DIR": str(tmp_path)},
        check=False,
    )

    journal_mode, busy_timeout, transaction_mode = result.stdout.split()
    assert result.returncode == 0, result.stderr
    assert journal_mode == "wal"
    assert int(busy_timeout) == 20000
    assert transaction_mode == "IMMEDIATE"


def test_time_zone_and_languages(settings):
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert settings.LANGUAGE_CODE == "nl-be"
    assert [code for code, _name in settings.LANGUAGES] == ["nl-be", "en"]


def test_new_data_folder_is_private(tmp_path):
    data_dir = tmp_path / "new"

    result = load_settings(data_dir)

    assert result.returncode == 0, result.stderr
    assert oct(data_dir.stat().st_mode & 0o777) == "0o700"


def test_templates_use_cached_loader():
    # Django wraps the default loaders in its cached loader when the settings
    # name none, so each template is parsed once per process, not per request.
    engine = engines["django"].engine

    loaders = engine.template_loaders

    assert len(loaders) == 1
    assert loaders[0].__module__ == "django.template.loaders.cached"
