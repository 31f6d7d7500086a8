"""School administration: the users page, roles, deactivation and classes."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from groeidocument.accounts import services
from groeidocument.accounts.models import Invitation, LoginSession, Membership, Role
from groeidocument.accounts.sessions import end_sessions
from groeidocument.audit.models import Action, AuditEntry
from groeidocument.growth.services import colleagues_for_hand_over
from groeidocument.pupils.models import Pupil

from .conftest import PASSWORD, make_user

MARKUP_NAMES = ["<script>alert(1)</script>", '"><img src=x>']
MASS_ASSIGNMENT = {
    "is_superuser": "on",
    "is_staff": "on",
    "is_active": "",
    "school": "",
    "user": "",
    "username": "hacked",
}


@pytest.fixture
def admin_client(client, school_admin):
    client.force_login(school_admin)
    return client


def log_in(client) -> bool:
    """Log the coach in with a password, which django-axes checks per request."""
    return client.login(
        username="owner", password=PASSWORD, request=RequestFactory().post("/login/")
    )


def membership_of(user, school):
    return Membership.objects.get(user=user, school=school)


def test_users_page_lists_members(admin_client, coach, coordinator, school_admin):
    coach.last_name = "Peeters"
    coach.save()

    response = admin_client.get(reverse("accounts:users"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Owner Peeters" in content
    assert "coordinator" in content
    assert "Zorgcoördinator" in content
    assert "Schoolbeheerder" in content
    assert "nooit" in content


def test_users_page_lists_only_own_school(admin_client, outsider):
    response = admin_client.get(reverse("accounts:users"))

    assert "outsider" not in response.content.decode()


def test_navigation_links_administration_for_admins(client, school_admin, coach):
    client.force_login(school_admin)
    assert 'href="/school/users/"' in client.get(reverse("overview")).text

    client.force_login(coach)
    assert 'href="/school/users/"' not in client.get(reverse("overview")).text


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_member_names_show_as_text(admin_client, school, name):
    member = make_user("markup", school)
    member.first_name = name
    member.save()

    pages = [
        admin_client.get(reverse("accounts:users")).text,
        admin_client.get(reverse("accounts:member", args=[member.uuid])).text,
    ]

    for page in pages:
        assert name not in page
        assert "&lt;" in page


def test_invite_shows_link_once(admin_client, school):
    response = admin_client.post(
        reverse("accounts:invite"),
        {"first_name": "Lien", "last_name": "Claes", "role": Role.COORDINATOR},
        follow=True,
    )

    invitation = Invitation.objects.get()
    assert invitation.school == school
    assert invitation.role == Role.COORDINATOR
    assert invitation.is_open
    assert "/invitation/" in response.text
    assert "/invitation/" not in admin_client.get(reverse("accounts:users")).text


def test_invite_stores_only_token_hash(admin_client):
    response = admin_client.post(
        reverse("accounts:invite"), {"first_name": "Lien", "role": "coach"}, follow=True
    )

    token = response.context["new_invitation"]["token"]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert services.find_invitation(token) == invitation


def test_invite_ignores_extra_fields(admin_client, school, other_school, coach):
    admin_client.post(
        reverse("accounts:invite"),
        {
            "first_name": "Lien",
            "role": "coach",
            "school": other_school.pk,
            "created_by": coach.pk,
            "token_hash": "0" * 64,
            "used_at": "2026-01-01",
            **MASS_ASSIGNMENT,
        },
    )

    invitation = Invitation.objects.get()
    assert invitation.school == school
    assert invitation.created_by.username == "schooladmin"
    assert invitation.token_hash != "0" * 64
    assert invitation.used_at is None


def test_invite_rejects_bad_input(admin_client):
    response = admin_client.post(
        reverse("accounts:invite"),
        {"first_name": " ", "email": "not-an-address", "role": "director"},
    )

    assert response.status_code == 200
    assert "Vul de voornaam" in response.text
    assert "Dit e-mailadres is niet geldig" in response.text
    assert "Kies een van de rollen" in response.text
    assert not Invitation.objects.exists()


def test_withdraw_invitation(admin_client, school):
    invitation, token = Invitation.create(school=school, first_name="Lien")

    admin_client.post(reverse("accounts:invitation_withdraw", args=[invitation.uuid]))

    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    response = admin_client.get(reverse("accounts:accept_invitation", args=[token]))
    assert response.status_code == 410


def test_withdraw_other_schools_invitation(admin_client, other_school):
    invitation, _token = Invitation.create(school=other_school, first_name="Lien")

    response = admin_client.post(
        reverse("accounts:invitation_withdraw", args=[invitation.uuid])
    )

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open


def test_change_role(admin_client, school, coach):
    response = admin_client.post(
        reverse("accounts:member", args=[coach.uuid]), {"role": Role.COORDINATOR}
    )

    assert response.status_code == 302
    assert membership_of(coach, school).role == Role.COORDINATOR


def test_change_role_ignores_extra_fields(admin_client, school, other_school, coach):
    admin_client.post(
        reverse("accounts:member", args=[coach.uuid]),
        {"role": Role.COACH, **MASS_ASSIGNMENT, "school": other_school.pk},
    )

    coach.refresh_from_db()
    assert coach.username == "owner"
    assert not coach.is_superuser
    assert not coach.is_staff
    assert coach.is_active
    assert list(coach.memberships.values_list("school", "role")) == [
        (school.pk, Role.COACH)
    ]


def test_change_role_rejects_unknown_role(admin_client, school, coach):
    response = admin_client.post(
        reverse("accounts:member", args=[coach.uuid]), {"role": "superuser"}
    )

    assert response.status_code == 200
    assert "Kies een van de rollen" in response.text
    assert membership_of(coach, school).role == Role.COACH


def test_admin_cannot_change_own_role(admin_client, school, school_admin):
    response = admin_client.post(
        reverse("accounts:member", args=[school_admin.uuid]), {"role": Role.COACH}
    )

    assert response.status_code == 200
    assert "je eigen rol niet wijzigen" in response.text
    assert membership_of(school_admin, school).role == Role.ADMIN


def test_last_admin_cannot_be_demoted(school, school_admin, coordinator):
    membership = membership_of(school_admin, school)

    with pytest.raises(ValidationError, match="laatste actieve schoolbeheerder"):
        services.change_role(membership, Role.COACH, by=coordinator)
    with pytest.raises(ValidationError, match="laatste actieve schoolbeheerder"):
        services.deactivate_membership(membership, by=coordinator)

    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    assert membership.is_active


def test_admin_demoted_when_another_remains(admin_client, school):
    second = make_user("tweede", school, Role.ADMIN)

    admin_client.post(reverse("accounts:member", args=[second.uuid]), {"role": "coach"})

    assert membership_of(second, school).role == Role.COACH


def test_inactive_admin_does_not_count(school, school_admin, coordinator):
    second = make_user("tweede", school, Role.ADMIN)
    Membership.objects.filter(user=second).update(is_active=False)

    with pytest.raises(ValidationError):
        services.change_role(
            membership_of(school_admin, school), Role.COACH, by=coordinator
        )


def test_admin_cannot_deactivate_self(admin_client, school, school_admin):
    response = admin_client.post(
        reverse("accounts:member_deactivate", args=[school_admin.uuid]), follow=True
    )

    assert "Je kan jezelf niet deactiveren" in response.text
    assert membership_of(school_admin, school).is_active


def test_deactivate_ends_sessions(client, admin_client, school, coach, document):
    coach_client = type(client)()
    assert log_in(coach_client)
    session_key = coach_client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()

    admin_client.post(reverse("accounts:member_deactivate", args=[coach.uuid]))

    coach.refresh_from_db()
    assert not coach.is_active
    assert not membership_of(coach, school).is_active
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not LoginSession.objects.filter(user=coach).exists()
    response = coach_client.get(reverse("growth:detail", args=[document.uuid]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_deactivated_member_is_told_why_at_login(admin_client, coach):
    admin_client.post(reverse("accounts:member_deactivate", args=[coach.uuid]))
    client = type(admin_client)()

    login = reverse("login")
    right = client.post(login, {"username": "owner", "password": PASSWORD})
    wrong = client.post(login, {"username": "owner", "password": "nope"})

    assert "Deze account staat uit" in right.text
    assert "Deze account staat uit" not in wrong.text
    assert "_auth_user_id" not in client.session


def test_deactivated_coach_keeps_documents(admin_client, client, coach, document):
    admin_client.post(reverse("accounts:member_deactivate", args=[coach.uuid]))

    document.refresh_from_db()
    assert document.coach == coach


def test_coordinator_sees_deactivated_coachs_documents(
    admin_client, client, coach, coordinator, document
):
    admin_client.post(reverse("accounts:member_deactivate", args=[coach.uuid]))
    client.force_login(coordinator)

    response = client.get(reverse("growth:manage", args=[document.uuid]))

    assert response.status_code == 200
    assert "owner" not in [
        colleague.username for colleague in response.context["colleagues"]
    ]


def test_deactivated_member_not_offered_for_hand_over(
    admin_client, school, other_school, colleague, document
):
    Membership.objects.create(user=colleague, school=other_school, role=Role.COACH)

    admin_client.post(reverse("accounts:member_deactivate", args=[colleague.uuid]))

    colleague.refresh_from_db()
    assert colleague.is_active
    assert colleague not in colleagues_for_hand_over(document)


def test_deactivate_keeps_other_school(admin_client, school, other_school, coach):
    Membership.objects.create(user=coach, school=other_school, role=Role.COACH)

    admin_client.post(reverse("accounts:member_deactivate", args=[coach.uuid]))

    coach.refresh_from_db()
    assert coach.is_active
    assert not membership_of(coach, school).is_active
    assert membership_of(coach, other_school).is_active


def test_deactivated_member_lands_in_other_school(client, school, other_school, coach):
    Membership.objects.create(user=coach, school=other_school, role=Role.COACH)
    Membership.objects.filter(user=coach, school=school).update(is_active=False)
    client.force_login(coach)

    response = client.get(reverse("overview"))

    assert response.wsgi_request.membership.school == other_school


def test_reactivate(admin_client, school, coach):
    admin_client.post(reverse("accounts:member_deactivate", args=[coach.uuid]))

    admin_client.post(reverse("accounts:member_reactivate", args=[coach.uuid]))

    coach.refresh_from_db()
    assert coach.is_active
    assert membership_of(coach, school).is_active
    assert log_in(type(admin_client)())


def test_other_schools_member_not_found(client, other_school, coach):
    other_admin = make_user("otheradmin", other_school, Role.ADMIN)
    client.force_login(other_admin)

    for route in ["accounts:member_deactivate", "accounts:member_reactivate"]:
        assert client.post(reverse(route, args=[coach.uuid])).status_code == 404
    assert client.get(reverse("accounts:member", args=[coach.uuid])).status_code == 404
    coach.refresh_from_db()
    assert coach.is_active


def test_end_sessions_counts_and_clears(client, coach):
    assert log_in(client)
    second = type(client)()
    assert log_in(second)

    assert end_sessions(coach) == 2
    assert not Session.objects.exists()
    assert not LoginSession.objects.exists()


def test_logout_forgets_login_session(client, coach):
    assert log_in(client)
    assert LoginSession.objects.filter(user=coach).count() == 1

    client.post(reverse("logout"))

    assert not LoginSession.objects.exists()


def add_pupils(school, class_name, school_year, count):
    for number in range(count):
        Pupil.objects.create(
            school=school,
            first_name=f"Kind{number}",
            last_name="Test",
            class_name=class_name,
            school_year=school_year,
        )


def test_classes_page_counts_pupils(admin_client, school, other_school):
    add_pupils(school, "5A", "2026-2027", 3)
    add_pupils(school, "5A", "2025-2026", 2)
    add_pupils(other_school, "6B", "2026-2027", 4)
    Pupil.objects.filter(school_year="2025-2026").update(
        is_active=False, left_on=datetime.date(2026, 6, 30)
    )

    response = admin_client.get(reverse("accounts:classes"))

    groups = [
        (group.school_year, group.class_name, group.pupils, group.pupils_at_school)
        for group in response.context["classes"]
    ]
    assert groups == [("2026-2027", "5A", 3, 3), ("2025-2026", "5A", 2, 0)]


def test_rename_class_moves_its_pupils(admin_client, school, other_school):
    add_pupils(school, "5A", "2026-2027", 3)
    add_pupils(school, "5A", "2025-2026", 2)
    add_pupils(other_school, "5A", "2026-2027", 1)

    response = admin_client.post(
        reverse("accounts:class_rename", args=["2026-2027", "5A"]),
        {"new_name": " 5c ", "school": other_school.pk, "school_year": "2025-2026"},
    )

    assert response.status_code == 302
    renamed = Pupil.objects.filter(school=school, class_name="5C")
    assert renamed.count() == 3
    assert set(renamed.values_list("school_year", flat=True)) == {"2026-2027"}
    assert Pupil.objects.filter(school=school, class_name="5A").count() == 2
    assert Pupil.objects.filter(school=other_school, class_name="5A").count() == 1
    # Each moved pupil's audit log records the class change.
    logged = AuditEntry.objects.filter(action=Action.CLASS_RENAMED)
    assert set(logged.values_list("pupil_uuid", flat=True)) == set(
        renamed.values_list("uuid", flat=True)
    )


@pytest.mark.parametrize(
    ("new_name", "message"),
    [
        ("", "Vul de nieuwe naam"),
        ("5B", "Klas 5B bestaat al"),
        ("X" * 21, "hoogstens 20 tekens"),
    ],
)
def test_rename_class_rejects(admin_client, school, new_name, message):
    add_pupils(school, "5A", "2026-2027", 2)
    add_pupils(school, "5B", "2026-2027", 1)

    response = admin_client.post(
        reverse("accounts:class_rename", args=["2026-2027", "5A"]),
        {"new_name": new_name},
    )

    assert response.status_code == 200
    assert message in response.text
    assert Pupil.objects.filter(class_name="5A").count() == 2


def test_rename_class_with_slash(admin_client, school):
    add_pupils(school, "5A/B", "2026-2027", 1)

    admin_client.post(
        reverse("accounts:class_rename", args=["2026-2027", "5A/B"]),
        {"new_name": "5AB"},
    )

    assert Pupil.objects.get().class_name == "5AB"


def test_rename_other_schools_class(admin_client, other_school):
    add_pupils(other_school, "6B", "2026-2027", 1)

    url = reverse("accounts:class_rename", args=["2026-2027", "6B"])

    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"new_name": "6C"}).status_code == 404
    assert Pupil.objects.get().class_name == "6B"


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_class_names_show_as_text(admin_client, school, name):
    Pupil.objects.create(
        school=school,
        first_name="Zoë",
        last_name="Test",
        class_name=name[:20],
        school_year="2026-2027",
    )

    page = admin_client.get(reverse("accounts:classes")).text

    assert name[:20] not in page
    assert "&lt;" in page or "&quot;" in page
