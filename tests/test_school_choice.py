"""Users with memberships in several schools choose the school they work in."""

import datetime

import pytest
from django.urls import reverse

from groeidocument.accounts.models import Membership, Role
from groeidocument.growth.services import ActionPointInput, create_growth_document


@pytest.fixture
def two_school_coach(coach, other_school):
    """The owning coach, who is also a coach in the other school."""
    Membership.objects.create(user=coach, school=other_school, role=Role.COACH)
    return coach


@pytest.fixture
def other_document(other_pupil, two_school_coach):
    return create_growth_document(
        pupil=other_pupil,
        coach=two_school_coach,
        held_on=datetime.date(2026, 11, 16),
        follow_up_on=datetime.date(2026, 11, 30),
        action_points=[
            ActionPointInput(
                wish="Ik wil mijn huiswerk plannen.",
                domain="learning",
                wish_by_pupil=True,
                scale_value=5,
                answers={},
            )
        ],
    )


def choose(client, school):
    return client.post(reverse("accounts:choose_school"), {"school": str(school.uuid)})


def test_header_offers_both_schools(client, two_school_coach, school, other_school):
    client.force_login(two_school_coach)

    page = client.get(reverse("overview")).text

    assert 'name="school"' in page
    assert str(school.uuid) in page
    assert str(other_school.uuid) in page


def test_header_hides_choice_for_one_school(client, coach):
    client.force_login(coach)

    assert 'name="school"' not in client.get(reverse("overview")).text


def test_first_school_by_name_by_default(client, two_school_coach, other_school):
    client.force_login(two_school_coach)

    response = client.get(reverse("overview"))

    # "Atheneum Over De Brug" sorts before "Basisschool De Linde".
    assert response.wsgi_request.membership.school == other_school


def test_chosen_school_scopes_pupils_and_documents(
    client, two_school_coach, school, other_school, document, other_document
):
    client.force_login(two_school_coach)

    choose(client, school)
    pupils = client.get(reverse("pupils:list")).text
    assert "Zoë" in pupils
    assert "Lars" not in pupils
    assert client.get(document.get_absolute_url()).status_code == 200
    for url in (
        reverse("growth:detail", args=[other_document.uuid]),
        reverse("growth:pdf", args=[other_document.uuid]),
        reverse("pupils:detail", args=[other_document.pupil.uuid]),
    ):
        assert client.get(url).status_code == 404, url

    choose(client, other_school)
    pupils = client.get(reverse("pupils:list")).text
    assert "Lars" in pupils
    assert "Zoë" not in pupils
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(other_document.get_absolute_url()).status_code == 200


def test_foreign_school_rejected(client, coach, school, other_school):
    client.force_login(coach)

    response = choose(client, other_school)

    assert response.status_code == 302
    assert "membership_id" not in client.session
    follow = client.get(reverse("overview"))
    assert follow.wsgi_request.membership.school == school
    assert "Kies een van je scholen uit de lijst" in follow.text


def test_deactivated_membership_cannot_be_chosen(
    client, two_school_coach, school, other_school
):
    Membership.objects.filter(user=two_school_coach, school=school).update(
        is_active=False
    )
    client.force_login(two_school_coach)

    choose(client, school)

    response = client.get(reverse("overview"))
    assert response.wsgi_request.membership.school == other_school


def test_stale_session_choice_falls_back(client, coach, outsider, school):
    client.force_login(coach)
    session = client.session
    session["membership_id"] = outsider.memberships.get().id
    session.save()

    response = client.get(reverse("overview"))

    assert response.wsgi_request.membership.school == school


def test_choice_ignores_extra_fields(client, two_school_coach, school):
    client.force_login(two_school_coach)

    client.post(
        reverse("accounts:choose_school"),
        {"school": str(school.uuid), "role": Role.ADMIN, "is_superuser": "on"},
    )

    two_school_coach.refresh_from_db()
    assert not two_school_coach.is_superuser
    assert set(two_school_coach.memberships.values_list("role", flat=True)) == {
        Role.COACH
    }


def test_choice_rejects_get(client, two_school_coach, school):
    client.force_login(two_school_coach)

    response = client.get(reverse("accounts:choose_school"), {"school": school.uuid})

    assert response.status_code == 405


def test_admin_of_one_school_only_there(client, coach, school, other_school):
    Membership.objects.filter(user=coach).update(role=Role.ADMIN)
    Membership.objects.create(user=coach, school=other_school, role=Role.COACH)
    client.force_login(coach)

    choose(client, other_school)
    assert client.get(reverse("accounts:users")).status_code == 403

    choose(client, school)
    assert client.get(reverse("accounts:users")).status_code == 200
