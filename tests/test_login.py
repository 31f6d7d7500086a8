"""Login: throttling, two-factor codes, session keys, logout and the idle timeout."""

import hashlib
import hmac
import io
import time

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from groeidocument.accounts import twofactor
from tests.conftest import PASSWORD, make_user


def totp_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """Compute the device's current code per RFC 6238, independently of django-otp."""
    counter = (int(time.time()) - device.t0) // device.step + steps_ahead
    digest = hmac.new(
        bytes.fromhex(device.key), counter.to_bytes(8, "big"), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 10**device.digits:0{device.digits}d}"


def enable_two_factor(user) -> tuple[TOTPDevice, list[str]]:
    device = twofactor.unconfirmed_device(user)
    codes = twofactor.confirm_device(device)
    return device, codes


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, **extra
    )


# Throttled login


def test_five_wrong_passwords_lock_the_user_name(client, coach, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "owner", "wrong-password")
        assert response.status_code == 200
    response = log_in(client, "owner", "wrong-password")

    assert response.status_code == 429
    assert "met die naam 15 minuten niet aanmelden" in response.content.decode()
    locked = log_in(client, "owner")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_leaves_other_users_alone(client, coach, colleague, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "owner", "wrong-password")

    response = log_in(client, "colleague")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_lockout_is_per_address(client, coach, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "owner", "wrong-password", REMOTE_ADDR="10.0.0.1")

    response = log_in(client, "owner", REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 302


def test_lockout_ends_after_cool_off(client, coach, settings):
    with time_machine.travel("2026-12-01 10:00 +0000", tick=False) as traveller:
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, "owner", "wrong-password")
        traveller.shift(16 * 60)

        response = log_in(client, "owner")

    assert response.status_code == 302


def test_attempt_during_lockout_restarts_it(client, coach, settings):
    with time_machine.travel("2026-12-01 10:00 +0000", tick=False) as traveller:
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, "owner", "wrong-password")
        traveller.shift(10 * 60)
        log_in(client, "owner", "wrong-password")
        traveller.shift(10 * 60)

        response = log_in(client, "owner")

    assert response.status_code == 429


def test_axes_reset_username_unlocks(client, coach, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "owner", "wrong-password")

    call_command("axes_reset_username", "owner", stdout=io.StringIO())

    assert AccessAttempt.objects.count() == 0
    assert log_in(client, "owner").status_code == 302


def test_successful_login_resets_failures(client, coach, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "owner", "wrong-password")
    assert log_in(client, "owner").status_code == 302
    client.post(reverse("logout"))

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "owner", "wrong-password")

    assert log_in(client, "owner").status_code == 302


# Session keys and logout


def test_login_gives_a_new_session_key(client, coach):
    client.get(reverse("login"))
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key

    log_in(client, "owner")

    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_deletes_the_session_on_the_server(client, coach):
    log_in(client, "owner")
    old_key = client.session.session_key
    old_cookie = client.cookies["sessionid"].value

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()
    client.cookies["sessionid"] = old_cookie
    again = client.get(reverse("overview"))
    assert again.status_code == 302
    assert again.url.startswith(reverse("login"))


# Two-factor login


def test_two_factor_password_alone_rejected(client, coach):
    enable_two_factor(coach)

    response = log_in(client, "owner")

    assert response.status_code == 302
    assert response.url == reverse("login_code")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("overview")).status_code == 302


def test_code_step_logs_in_with_new_session_key(client, coach):
    device, _codes = enable_two_factor(coach)
    log_in(client, "owner")
    before = client.session.session_key

    response = client.post(reverse("login_code"), {"code": totp_code(device)})

    assert response.status_code == 302
    assert response.url == reverse("overview")
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(coach.pk)
    assert client.get(reverse("overview")).status_code == 200


def test_password_step_gives_a_new_session_key(client, coach):
    enable_two_factor(coach)
    client.get(reverse("login"))
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key

    log_in(client, "owner")

    assert client.session.session_key != before


def test_wrong_code_is_refused_in_dutch(client, coach):
    device, _codes = enable_two_factor(coach)
    log_in(client, "owner")
    wrong = f"{(int(totp_code(device)) + 1) % 10**6:06d}"

    response = client.post(reverse("login_code"), {"code": wrong})

    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_codes_are_throttled(client, coach):
    device, _codes = enable_two_factor(coach)
    log_in(client, "owner")
    with time_machine.travel(time.time(), tick=False):
        client.post(reverse("login_code"), {"code": "000000"})
        response = client.post(reverse("login_code"), {"code": totp_code(device)})

    assert "Te veel foute codes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_empty_code_names_the_field(client, coach):
    enable_two_factor(coach)
    log_in(client, "owner")

    response = client.post(reverse("login_code"), {"code": ""})

    assert "Typ de code uit je app" in response.content.decode()


def test_backup_code_works_once(client, coach):
    _device, codes = enable_two_factor(coach)
    log_in(client, "owner")

    response = client.post(reverse("login_code"), {"code": codes[0].upper()})
    assert response.status_code == 302
    client.post(reverse("logout"))
    log_in(client, "owner")
    again = client.post(reverse("login_code"), {"code": codes[0]})

    assert again.status_code == 200
    assert "_auth_user_id" not in client.session
    assert StaticToken.objects.filter(device__user=coach).count() == 9


def test_code_step_expires(client, coach):
    device, _codes = enable_two_factor(coach)
    with time_machine.travel("2026-12-01 10:00 +0000", tick=False) as traveller:
        log_in(client, "owner")
        traveller.shift(6 * 60)
        response = client.post(reverse("login_code"), {"code": totp_code(device)})

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_setup_confirms_device_and_shows_codes(client, coach):
    client.force_login(coach)
    page = client.get(reverse("two_factor"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=coach)
    assert not device.confirmed

    response = client.post(reverse("two_factor"), {"code": totp_code(device)})

    device.refresh_from_db()
    assert device.confirmed
    codes = response.context["codes"]
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)
    assert twofactor.remaining_backup_codes(coach) == 10


def test_setup_rejects_wrong_code(client, coach):
    client.force_login(coach)
    client.get(reverse("two_factor"))

    response = client.post(reverse("two_factor"), {"code": "123"})

    assert "Deze code klopt niet" in response.content.decode()
    assert not twofactor.has_two_factor(coach)


def test_switch_off_needs_a_code(client, coach):
    device, _codes = enable_two_factor(coach)
    client.force_login(coach)

    refused = client.post(reverse("two_factor"), {"code": "", "action": "switch_off"})
    assert refused.status_code == 200
    assert twofactor.has_two_factor(coach)

    response = client.post(
        reverse("two_factor"), {"code": totp_code(device), "action": "switch_off"}
    )
    assert response.status_code == 302
    assert not twofactor.has_two_factor(coach)
    assert not StaticToken.objects.filter(device__user=coach).exists()


def test_resettwofactor_command(coach):
    enable_two_factor(coach)
    output = io.StringIO()

    call_command("resettwofactor", "owner", stdout=output)

    assert "is off" in output.getvalue()
    assert not twofactor.has_two_factor(coach)
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("resettwofactor", "nobody")


# A school's requirement


@pytest.mark.parametrize(
    ("persona", "sent_to_setup"),
    [("coordinator", True), ("school_admin", True), ("coach", False)],
)
def test_requirement_sends_to_setup(client, request, school, persona, sent_to_setup):
    school.two_factor_required = True
    school.save()
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("pupils:list"))

    if sent_to_setup:
        assert response.status_code == 302
        assert response.url == reverse("two_factor")
        setup = client.get(reverse("two_factor"))
        assert "Je school vraagt tweestapsverificatie" in setup.content.decode()
    else:
        assert response.status_code == 200


def test_requirement_lets_verified_session_through(client, school, coordinator):
    school.two_factor_required = True
    school.save()
    client.force_login(coordinator)
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=coordinator)

    client.post(reverse("two_factor"), {"code": totp_code(device)})

    assert client.get(reverse("pupils:list")).status_code == 200


def test_security_page_switches_requirement(client, school, school_admin):
    client.force_login(school_admin)

    response = client.post(
        reverse("security_settings"),
        {"two_factor_required": "on", "name": "Other name"},
    )

    school.refresh_from_db()
    assert response.status_code == 302
    assert school.two_factor_required
    assert school.name == "Basisschool De Linde"


# Idle timeout


def test_idle_session_goes_to_login_with_reason(client, coach, settings):
    with time_machine.travel("2026-12-01 10:00 +0000", tick=False) as traveller:
        client.force_login(coach)
        assert client.get(reverse("overview")).status_code == 200
        old_key = client.session.session_key
        traveller.shift(settings.SESSION_IDLE_TIMEOUT + 1)

        response = client.get(reverse("overview"))
        login_page = client.get(response.url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Session.objects.filter(session_key=old_key).exists()
    assert "niets gebeurde" in login_page.content.decode()


def test_activity_keeps_the_session(client, coach, settings):
    with time_machine.travel("2026-12-01 10:00 +0000", tick=False) as traveller:
        client.force_login(coach)
        for _request in range(4):
            traveller.shift(settings.SESSION_IDLE_TIMEOUT - 60)
            assert client.get(reverse("overview")).status_code == 200


def test_signed_out_htmx_request_gets_401(client):
    response = client.post(reverse("overview"), HTTP_HX_REQUEST="true")

    assert response.status_code == 401


def test_other_user_two_factor_untouched(client, coach, colleague):
    enable_two_factor(colleague)
    make_user("third", None)

    assert log_in(client, "owner").status_code == 302
    assert twofactor.has_two_factor(colleague)
