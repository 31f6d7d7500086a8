import os
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from groeidocument.server.management.commands import serve


@pytest.fixture
def execv(monkeypatch):
    calls = []
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: calls.append(argv))
    return calls


def test_serve_starts_gunicorn(execv):
    call_command("serve", bind="127.0.0.1:8123", no_collectstatic=True)

    (argv,) = execv
    assert argv[:4] == [
        sys.executable,
        "-m",
        "gunicorn",
        "groeidocument.wsgi:application",
    ]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == str(2 * os.cpu_count() + 1)


def test_serve_takes_worker_count(execv):
    call_command("serve", workers=3, no_collectstatic=True)

    assert execv[0][execv[0].index("--workers") + 1] == "3"


def test_serve_rejects_zero_workers(execv):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve", workers=0, no_collectstatic=True)
    assert execv == []
