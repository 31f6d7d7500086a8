import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from groeidocument.accounts.models import Membership, School, User
from groeidocument.growth.management.commands.seeddemo import DEMO_SCHOOL, DEMO_USERNAME
from groeidocument.growth.models import GrowthDocument
from groeidocument.pupils.models import Pupil

from .conftest import PASSWORD


def run(*args, **kwargs):
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_createschool_creates(db):
    output = run("createschool", "Sint-Jozefsinstituut")

    assert School.objects.get().name == "Sint-Jozefsinstituut"
    assert "Sint-Jozefsinstituut" in output


@pytest.mark.parametrize("name", ["Sint-Jozefsinstituut", "sint-jozefsinstituut"])
def test_createschool_rejects_duplicate(db, name):
    run("createschool", "Sint-Jozefsinstituut")

    with pytest.raises(CommandError, match="already exists"):
        run("createschool", name)
    assert School.objects.count() == 1


def test_createschool_rejects_empty_name(db):
    with pytest.raises(CommandError, match="empty"):
        run("createschool", "  ")


def test_createuser_reads_password_from_environment(school, monkeypatch):
    monkeypatch.setenv("GROEIDOCUMENT_PASSWORD", PASSWORD)

    run("createuser", "meester.tom", school=school.name, role="coordinator")

    user = User.objects.get(username="meester.tom")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).role == "coordinator"


def test_createuser_adds_second_school(school, other_school, monkeypatch):
    monkeypatch.setenv("GROEIDOCUMENT_PASSWORD", PASSWORD)
    run("createuser", "meester.tom", school=school.name, role="coach")

    run("createuser", "meester.tom", school=other_school.name, role="admin")

    roles = dict(
        Membership.objects.values_list("school__name", "role").order_by("school__name")
    )
    assert roles == {other_school.name: "admin", school.name: "coach"}


def test_createuser_rejects_weak_password(school, monkeypatch):
    monkeypatch.setenv("GROEIDOCUMENT_PASSWORD", "1234")

    with pytest.raises(CommandError, match="GROEIDOCUMENT_PASSWORD"):
        run("createuser", "meester.tom", school=school.name, role="coach")
    assert not User.objects.exists()


def test_createuser_rejects_unknown_school(db, monkeypatch):
    monkeypatch.setenv("GROEIDOCUMENT_PASSWORD", PASSWORD)

    with pytest.raises(CommandError, match="createschool"):
        run("createuser", "meester.tom", school="Nergens", role="coach")
    assert not User.objects.exists()


def test_createuser_rejects_unknown_role(school):
    with pytest.raises(CommandError, match="invalid choice"):
        run("createuser", "meester.tom", school=school.name, role="director")


def test_createuser_without_password_or_terminal(school, monkeypatch):
    monkeypatch.delenv("GROEIDOCUMENT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    with pytest.raises(CommandError, match="set GROEIDOCUMENT_PASSWORD"):
        run("createuser", "juf.lien", school=school.name, role="coach")
    assert not User.objects.exists()


def test_createuser_password_messages_are_english(school, monkeypatch):
    monkeypatch.setenv("GROEIDOCUMENT_PASSWORD", "abc")

    with pytest.raises(CommandError, match="This password is too short"):
        run("createuser", "juf.lien", school=school.name, role="coach")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_createuser_asks_for_password(school, monkeypatch):
    monkeypatch.delenv("GROEIDOCUMENT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", Terminal(""))
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    run("createuser", "juf.lien", school=school.name, role="coach")

    assert User.objects.get(username="juf.lien").check_password(PASSWORD)


def test_createuser_rejects_mismatched_passwords(school, monkeypatch):
    monkeypatch.delenv("GROEIDOCUMENT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", Terminal(""))
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError, match="do not match"):
        run("createuser", "juf.lien", school=school.name, role="coach")
    assert not User.objects.exists()


def test_seeddemo_fills_once_and_prints_login(db, settings):
    first = run("seeddemo")
    second = run("seeddemo")

    login_file = settings.DATA_DIR / "demo-login.txt"
    logins = [line.split() for line in login_file.read_text().splitlines()]
    assert [username for username, _password in logins] == [
        DEMO_USERNAME,
        "demo.zorg",
        "demo.beheer",
    ]
    for username, password in logins:
        assert User.objects.get(username=username).check_password(password)
        assert f"user name {username}, password {password}" in first
    assert list(Membership.objects.values_list("role", flat=True).order_by("id")) == [
        "coach",
        "coordinator",
        "admin",
    ]
    assert first == second
    assert School.objects.get().name == DEMO_SCHOOL
    assert Pupil.objects.count() >= 15
    assert GrowthDocument.objects.count() == 3
    assert oct(login_file.stat().st_mode & 0o777) == "0o600"


def test_seeddemo_leaves_a_real_school_alone(school, settings):
    output = run("seeddemo")

    assert "no demo data was added" in output
    assert list(School.objects.values_list("name", flat=True)) == [school.name]
    assert not (settings.DATA_DIR / "demo-login.txt").exists()


def test_console_command_runs_django_commands(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "groeidocument", "help", "createuser"],
        capture_output=True,
        text=True,
        env={"GROEIDOCUMENT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "--school" in result.stdout


def test_createuser_existing_flag_needs_user(school):
    with pytest.raises(CommandError, match="not found, and --existing"):
        run(
            "createuser", "meester.tom", school=school.name, role="coach", existing=True
        )
    assert not User.objects.exists()


def test_createuser_existing_keeps_password(school, other_school, monkeypatch):
    monkeypatch.setenv("GROEIDOCUMENT_PASSWORD", PASSWORD)
    run("createuser", "meester.tom", school=school.name, role="coach")
    monkeypatch.setenv("GROEIDOCUMENT_PASSWORD", "another-long-password-3")

    run(
        "createuser",
        "meester.tom",
        school=other_school.name,
        role="coordinator",
        existing=True,
    )

    user = User.objects.get(username="meester.tom")
    assert user.check_password(PASSWORD)
    assert user.memberships.get(school=other_school).role == "coordinator"


def test_createuser_rejects_active_member(school, monkeypatch):
    monkeypatch.setenv("GROEIDOCUMENT_PASSWORD", PASSWORD)
    run("createuser", "meester.tom", school=school.name, role="coach")

    with pytest.raises(CommandError, match="already has a role"):
        run("createuser", "meester.tom", school=school.name, role="admin")
    assert Membership.objects.get().role == "coach"


def test_createuser_reactivates_member(school, monkeypatch):
    monkeypatch.setenv("GROEIDOCUMENT_PASSWORD", PASSWORD)
    run("createuser", "meester.tom", school=school.name, role="coach")
    Membership.objects.update(is_active=False)
    User.objects.update(is_active=False)

    run("createuser", "meester.tom", school=school.name, role="admin")

    membership = Membership.objects.get()
    assert membership.is_active
    assert membership.role == "admin"
    assert membership.user.is_active
