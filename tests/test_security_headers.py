"""Security headers on every response, HTTPS settings and Django's deploy check."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from groeidocument.accounts.middleware import client_ip_address

PRODUCTION = {
    "HTTPS": "true",
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-test-key-" + "q" * 20,
    "ALLOWED_HOSTS": "groeidocument.school.example",
    "CSRF_TRUSTED_ORIGINS": "https://groeidocument.school.example",
}


def run_groeidocument(tmp_path, *arguments, **variables):
    """Run the groeidocument command in a fresh interpreter with these variables."""
    return subprocess.run(
        [sys.executable, "-m", "groeidocument", *arguments],
        capture_output=True,
        text=True,
        env={
            "PATH": os.environ.get("PATH", ""),
            "GROEIDOCUMENT_DATA_DIR": str(tmp_path),
            **variables,
        },
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("route", ["login", "overview"])
def test_security_headers_on_response(client, coach, route):
    if route == "overview":
        client.force_login(coach)

    response = client.get(reverse(route))

    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions


def test_content_security_policy_is_enforced(client):
    response = client.get(reverse("login"))

    policy = response.headers["Content-Security-Policy"]
    directives = dict(
        directive.strip().split(" ", 1) for directive in policy.split(";")
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_https_settings_on_response(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    plain = client.get(reverse("login"))
    secure = client.get(reverse("login"), secure=True)

    assert plain.status_code == 301
    assert plain.url.startswith("https://")
    assert secure.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )


def test_htmx_config_blocks_inline_styles_and_eval(client):
    page = client.get(reverse("login")).content.decode()

    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page


def test_client_address_behind_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1")
    request.META["HTTP_X_FORWARDED_FOR"] = "6.6.6.6, 203.0.113.9"

    settings.BEHIND_PROXY = False
    assert client_ip_address(request) == "127.0.0.1"
    settings.BEHIND_PROXY = True
    assert client_ip_address(request) == "203.0.113.9"


def show_settings(tmp_path, names, **variables):
    script = (
        "import groeidocument.settings as s;"
        f"print(repr([getattr(s, name, None) for name in {names!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"GROEIDOCUMENT_DATA_DIR": str(tmp_path), **variables},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_https_switches_on_cookies_hsts_and_redirect(tmp_path):
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
    ]

    assert show_settings(tmp_path, names, **PRODUCTION) == (
        "[True, True, True, 31536000, True, None]"
    )
    assert show_settings(tmp_path, names) == "[False, False, False, 0, True, None]"
    behind_proxy = show_settings(
        tmp_path, names, **PRODUCTION, BEHIND_PROXY="true", HSTS_SECONDS="600"
    )
    assert behind_proxy == (
        "[True, True, True, 600, True, ('HTTP_X_FORWARDED_PROTO', 'https')]"
    )


def test_deploy_check_passes_in_production(tmp_path):
    result = run_groeidocument(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_passes_without_subdomains(tmp_path):
    result = run_groeidocument(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        HSTS_INCLUDE_SUBDOMAINS="false",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_without_https(tmp_path):
    variables = {**PRODUCTION, "HTTPS": "false"}

    result = run_groeidocument(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", **variables
    )

    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG=true is not allowed with HTTPS=true"),
        ({"SECRET_KEY": ""}, "SECRET_KEY is missing with HTTPS=true"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is missing with HTTPS=true"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, change, message):
    result = run_groeidocument(tmp_path, "check", **{**PRODUCTION, **change})

    assert result.returncode != 0
    assert message in result.stderr
