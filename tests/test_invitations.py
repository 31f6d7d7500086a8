"""Joining a school through an invitation link."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from groeidocument.accounts.models import (
    Invitation,
    LoginSession,
    Membership,
    Role,
    User,
)

from .conftest import PASSWORD
from .test_login import enable_two_factor, totp_code

NEW_PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def invitation(school):
    return Invitation.create(
        school=school,
        first_name="Lien",
        last_name="Claes",
        email="lien@example.org",
        role=Role.COORDINATOR,
    )


def accept_url(token, existing=False):
    route = (
        "accounts:accept_invitation_existing"
        if existing
        else "accounts:accept_invitation"
    )
    return reverse(route, args=[token])


def sign_up(client, token, **extra):
    data = {
        "username": "lien.claes",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **extra,
    }
    return client.post(accept_url(token), data)


def test_invitation_page_names_school_and_role(client, invitation):
    _invitation, token = invitation

    response = client.get(accept_url(token))

    assert response.status_code == 200
    assert "Aansluiten bij Basisschool De Linde" in response.text
    assert "zorgcoördinator" in response.text
    assert "Ik heb al een account" in response.text


@pytest.mark.parametrize("existing", [False, True])
def test_invitation_pages_not_stored(client, invitation, existing):
    _invitation, token = invitation

    response = client.get(accept_url(token, existing=existing))

    assert "no-store" in response.headers["Cache-Control"]


def test_new_account_joins_and_logs_in(client, invitation, school):
    invitation_object, token = invitation
    client.get(accept_url(token))
    anonymous_key = client.session.session_key

    response = sign_up(client, token)

    assert response.status_code == 302
    assert response.url == reverse("overview")
    user = User.objects.get(username="lien.claes")
    assert user.get_full_name() == "Lien Claes"
    assert user.email == "lien@example.org"
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.school, membership.role) == (school, Role.COORDINATOR)
    invitation_object.refresh_from_db()
    assert invitation_object.used_by == user
    assert client.session.session_key != anonymous_key
    assert LoginSession.objects.filter(user=user).exists()
    assert client.get(reverse("overview")).status_code == 200


def test_new_account_ignores_extra_fields(client, invitation, other_school):
    _invitation, token = invitation

    sign_up(
        client,
        token,
        is_superuser="on",
        is_staff="on",
        role=Role.ADMIN,
        school=other_school.pk,
        first_name="Someone",
        email="other@example.org",
    )

    user = User.objects.get(username="lien.claes")
    assert not user.is_superuser
    assert not user.is_staff
    assert user.first_name == "Lien"
    assert user.email == "lien@example.org"
    assert list(user.memberships.values_list("school__name", "role")) == [
        ("Basisschool De Linde", Role.COORDINATOR)
    ]


def test_link_works_once(client, invitation):
    _invitation, token = invitation
    sign_up(client, token)
    client.logout()

    response = sign_up(client, token, username="tweede")

    assert response.status_code == 410
    assert "Deze link is al gebruikt" in response.text
    assert not User.objects.filter(username="tweede").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Dit wachtwoord is te kort"),
        ("1234567890123", "Dit wachtwoord bevat alleen cijfers"),
        ("lienclaes123", "lijkt te veel op"),
    ],
)
def test_weak_password_rejected_in_dutch(client, invitation, password, message):
    _invitation, token = invitation

    response = client.post(
        accept_url(token),
        {"username": "lien.claes", "password1": password, "password2": password},
    )

    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.filter(username="lien.claes").exists()
    assert Invitation.objects.get().is_open


def test_taken_user_name_rejected(client, invitation, coach):
    _invitation, token = invitation

    response = sign_up(client, token, username="OWNER")

    assert "Deze gebruikersnaam is al in gebruik" in response.text
    assert Invitation.objects.get().is_open


def test_mismatched_passwords_rejected(client, invitation):
    _invitation, token = invitation

    response = sign_up(client, token, password2=NEW_PASSWORD + "x")

    assert response.status_code == 200
    assert "De twee wachtwoordvelden komen niet overeen" in response.text


def test_expired_link(client, invitation):
    invitation_object, token = invitation
    invitation_object.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    invitation_object.save()

    for method in (client.get, client.post):
        response = method(accept_url(token))
        assert response.status_code == 410
        assert "Deze link is vervallen" in response.text
    assert not User.objects.filter(username="lien.claes").exists()


def test_link_expires_after_seven_days(invitation):
    invitation_object, _token = invitation

    lifetime = invitation_object.expires_at - invitation_object.created_at

    assert abs(lifetime - datetime.timedelta(days=7)) < datetime.timedelta(seconds=5)


def test_old_invitations_deleted(school, invitation):
    invitation_object, _token = invitation
    invitation_object.expires_at = timezone.now() - datetime.timedelta(days=8)
    invitation_object.save()
    recent, _recent_token = Invitation.create(school=school, first_name="Tom")
    recent.expires_at = timezone.now() - datetime.timedelta(days=6)
    recent.save()

    Invitation.create(school=school, first_name="Sara")

    names = set(Invitation.objects.values_list("first_name", flat=True))
    assert names == {"Tom", "Sara"}


def test_withdrawn_link(client, invitation):
    invitation_object, token = invitation
    invitation_object.withdrawn_at = timezone.now()
    invitation_object.save()

    response = client.get(accept_url(token, existing=True))

    assert response.status_code == 410
    assert "De schoolbeheerder heeft deze uitnodiging ingetrokken" in response.text


def test_unknown_link(client, db):
    response = client.get(accept_url("not-a-real-token"))

    assert response.status_code == 404
    assert "Deze link is onbekend" in response.text


def test_existing_account_joins(client, invitation, outsider, school):
    invitation_object, token = invitation

    response = client.post(
        accept_url(token, existing=True),
        {"username": "outsider", "password": PASSWORD, "role": Role.ADMIN},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider, school=school)
    assert membership.role == Role.COORDINATOR
    assert outsider.memberships.count() == 2
    # The new school is the one the user works in now.
    overview = client.get(reverse("overview"))
    assert overview.wsgi_request.membership == membership
    invitation_object.refresh_from_db()
    assert invitation_object.used_by == outsider


def test_existing_account_wrong_password(client, invitation, outsider):
    _invitation, token = invitation

    response = client.post(
        accept_url(token, existing=True),
        {"username": "outsider", "password": "wrong-password"},
    )

    assert response.status_code == 200
    assert "klopt niet" in response.text
    assert outsider.memberships.count() == 1
    assert Invitation.objects.get().is_open


def test_existing_member_cannot_join_twice(client, invitation, coach):
    _invitation, token = invitation

    response = client.post(
        accept_url(token, existing=True), {"username": "owner", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "Je account hoort al bij Basisschool De Linde" in response.text
    assert coach.memberships.get().role == Role.COACH
    assert Invitation.objects.get().is_open


def test_signed_in_user_gets_fresh_session(client, invitation, coach):
    _invitation, token = invitation
    client.force_login(coach)
    old_key = client.session.session_key

    sign_up(client, token)

    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.session["_auth_user_id"] == str(
        User.objects.get(username="lien.claes").pk
    )


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", '"><img src=x>'])
def test_invited_name_shows_as_text(client, school, name):
    _invitation, token = Invitation.create(school=school, first_name=name)

    page = client.get(accept_url(token)).text

    assert name not in page
    assert "&lt;" in page or "&quot;" in page


def test_existing_account_with_two_factor_types_its_code(client, invitation, outsider):
    invitation_object, token = invitation
    device, _backup_codes = enable_two_factor(outsider)

    response = client.post(
        accept_url(token, existing=True),
        {"username": "outsider", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("login_code")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("login_code"), {"code": totp_code(device)})
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider, school=invitation_object.school)
    overview = client.get(reverse("overview"))
    assert overview.wsgi_request.user == outsider
    assert overview.wsgi_request.membership == membership
