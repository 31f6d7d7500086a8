"""The interface speaks Dutch by default, English on request, from one catalogue."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

PACKAGE = Path(settings.PACKAGE_DIR)
CATALOGUE = PACKAGE / "locale/nl_BE/LC_MESSAGES/django.po"


def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    catalogue = polib.pofile(str(CATALOGUE))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.percent_translated() == 100


def test_compiled_catalogue_matches_source():
    source = polib.pofile(str(CATALOGUE))
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))

    def translations(catalogue):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or dict(entry.msgstr_plural)
            for entry in catalogue
            if entry.msgid
        }

    assert translations(compiled) == translations(source), "run `make messages`"


def test_catalogue_holds_every_message_of_the_code(tmp_path):
    if not shutil.which("xgettext"):
        pytest.fail("xgettext not found: install gettext (the CI script does)")
    copy = tmp_path / "groeidocument"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))

    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--locale",
            "nl_BE",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        env={
            "DJANGO_SETTINGS_MODULE": "groeidocument.settings",
            "GROEIDOCUMENT_DATA_DIR": str(tmp_path / "data"),
            "PATH": "/usr/bin:/bin",
        },
        check=True,
        capture_output=True,
    )

    extracted = polib.pofile(str(copy / "locale/nl_BE/LC_MESSAGES/django.po"))
    committed = polib.pofile(str(CATALOGUE))
    known = {(e.msgctxt, e.msgid) for e in committed}
    new = sorted(
        (e.msgctxt or "", e.msgid)
        for e in extracted
        if (e.msgctxt, e.msgid) not in known
    )
    assert new == [], "run `make messages` and translate the new entries"


def test_pages_are_dutch_by_default(client, coach):
    client.force_login(coach)

    response = client.get(reverse("overview"), HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert '<html lang="nl-BE">' in response.content.decode()
    assert "Overzicht" in response.content.decode()
    assert response.headers["Content-Language"] == "nl-be"


def test_english_on_request(client, coach):
    client.force_login(coach)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("overview"))

    assert '<html lang="en">' in response.content.decode()
    assert "Follow-up today" in response.content.decode()


def test_unknown_language_cookie_falls_back_to_dutch(client, coach):
    client.force_login(coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    response = client.get(reverse("overview"))

    assert "Overzicht" in response.content.decode()


def test_login_page_is_dutch(client):
    response = client.get(reverse("login"))

    content = response.content.decode()
    assert "Aanmelden" in content
    assert "Gebruikersnaam" in content


def test_wrong_password_message_is_dutch(client, coach):
    response = client.post(reverse("login"), {"username": "owner", "password": "nope"})

    assert (
        "De gebruikersnaam of het wachtwoord klopt niet." in response.content.decode()
    )
