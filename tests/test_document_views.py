import datetime

import pytest
from django.urls import reverse

from groeidocument.growth.models import ConversationEntry, GrowthDocument


def form_data(pupil=None, slots=3, initial=0, version=None, **overrides):
    """POST data of the growth document form, first action point filled in."""
    data = {
        "held_on": "2026-11-16",
        "follow_up_on": "2026-11-30",
        "action-TOTAL_FORMS": str(slots),
        "action-INITIAL_FORMS": str(initial),
        "action-MIN_NUM_FORMS": "1",
        "action-MAX_NUM_FORMS": "3",
        "action-0-wish": "Ik wil mijn huiswerk op tijd afhebben.",
        "action-0-domain": "learning",
        "action-0-scale_value": "4",
        "action-0-strengths": "Rekenen gaat goed.",
        "action-0-goal": "Elke dag klaar voor het avondeten.",
        "action-0-support": "Samen plannen op maandag.",
        "action-0-first_step": "Mijn agenda openleggen.",
        "action-0-next_step": "Een wekker zetten.",
        "action-0-pupil_written": ["first_step", "next_step"],
    }
    for index in range(1, slots):
        data[f"action-{index}-domain"] = "learning"
        data[f"action-{index}-scale_value"] = ""
    if pupil is not None:
        data["pupil"] = str(pupil.uuid)
    if version is not None:
        data["version"] = str(version)
    data.update(overrides)
    return data


def test_create_with_two_action_points(client, coach, pupil):
    client.force_login(coach)
    data = form_data(
        pupil,
        **{
            "action-1-wish": "Ik wil rustig blijven op de speelplaats.",
            "action-1-domain": "conflicts",
            "action-1-scale_value": "7",
            "action-1-wish_by_pupil": "on",
        },
    )

    response = client.post(reverse("growth:create"), data)

    document = GrowthDocument.objects.get()
    assert response.status_code == 302
    assert response.url == document.get_absolute_url()
    assert document.coach == coach
    assert document.next_follow_up_on == datetime.date(2026, 11, 30)
    first, second = document.action_points.order_by("position")
    assert (first.position, second.position) == (1, 2)
    assert second.domain == "conflicts"
    assert second.wish_by_pupil is True
    entries = {e.action_point_id: e for e in ConversationEntry.objects.all()}
    assert entries[first.id].scale_value == 4
    assert entries[first.id].pupil_written == ["first_step", "next_step"]
    assert entries[second.id].scale_value == 7


def test_create_needs_only_pupil_and_one_wish(client, coach, pupil):
    client.force_login(coach)
    data = {
        key: value
        for key, value in form_data(pupil).items()
        if not key.startswith("action-0-") or key.endswith(("wish", "domain"))
    }
    data["follow_up_on"] = ""

    response = client.post(reverse("growth:create"), data)

    assert response.status_code == 302
    entry = ConversationEntry.objects.get()
    assert entry.scale_value is None
    assert entry.goal == ""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"action-0-scale_value": "11"}, "11 staat niet op de schaal"),
        ({"action-0-scale_value": "-1"}, "-1 staat niet op de schaal"),
        ({"action-0-scale_value": "4.5"}, "4.5 staat niet op de schaal"),
        ({"action-0-wish": ""}, "Schrijf op wat de leerling beter wil kunnen."),
        (
            {"follow_up_on": "2026-11-15"},
            "De opvolgdatum ligt vóór de datum van het gesprek",
        ),
        ({"held_on": ""}, "Vul de datum van het gesprek in."),
        ({"held_on": "16-13-2026"}, "Voer een geldige datum in."),
        ({"action-0-goal": "x" * 2001}, "Deze tekst is 2001 tekens lang"),
        ({"pupil": ""}, "Kies de leerling over wie dit groeidocument gaat."),
        ({"action-0-pupil_written": ["coach_notes"]}, "Selecteer een geldige keuze"),
        (
            {"action-1-goal": "Een doel zonder actiepunt"},
            "Schrijf op wat de leerling beter wil kunnen.",
        ),
    ],
)
def test_create_bad_input_saves_nothing(client, coach, pupil, overrides, message):
    client.force_login(coach)

    data = form_data(pupil)
    data.update(overrides)

    response = client.post(reverse("growth:create"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not GrowthDocument.objects.exists()


def test_create_rejects_a_fourth_action_point(client, coach, pupil):
    client.force_login(coach)
    data = form_data(pupil, slots=4)
    for index in (1, 2, 3):
        data[f"action-{index}-wish"] = f"Wens {index}"

    response = client.post(reverse("growth:create"), data)

    assert response.status_code == 200
    assert "hoogstens 3 actiepunten" in response.content.decode()
    assert not GrowthDocument.objects.exists()


def test_create_keeps_typed_text_on_error(client, coach, pupil):
    client.force_login(coach)

    response = client.post(
        reverse("growth:create"), form_data(pupil, **{"action-0-scale_value": "11"})
    )

    content = response.content.decode()
    assert "Elke dag klaar voor het avondeten." in content
    assert "Ik wil mijn huiswerk op tijd afhebben." in content


def test_create_rejects_pupil_of_other_school(client, coach, pupil, other_pupil):
    client.force_login(coach)

    response = client.post(reverse("growth:create"), form_data(other_pupil))

    assert "Kies een leerling van je school uit de lijst." in response.content.decode()
    assert not GrowthDocument.objects.exists()


def test_create_preselects_pupil_of_own_school_only(client, coach, pupil, other_pupil):
    client.force_login(coach)

    own = client.get(reverse("growth:create"), {"pupil": pupil.uuid})
    other = client.get(reverse("growth:create"), {"pupil": other_pupil.uuid})

    assert f'value="{pupil.uuid}" selected' in own.content.decode()
    assert other.status_code == 404


def test_create_ignores_forged_coach(client, coach, colleague, pupil):
    client.force_login(coach)

    client.post(reverse("growth:create"), form_data(pupil, coach=colleague.pk))

    assert GrowthDocument.objects.get().coach == coach


def test_create_wrong_method(client, coach):
    client.force_login(coach)
    assert client.patch(reverse("growth:create")).status_code == 405


def test_edit_changes_latest_answers(client, coach, document):
    client.force_login(coach)
    data = form_data(
        slots=3,
        initial=1,
        version=document.version,
        **{"action-0-scale_value": "6", "follow_up_on": "2026-12-07"},
    )

    response = client.post(reverse("growth:edit", args=[document.uuid]), data)

    document.refresh_from_db()
    assert response.status_code == 302
    assert ConversationEntry.objects.get().scale_value == 6
    assert document.next_follow_up_on == datetime.date(2026, 12, 7)
    assert document.version == 2
    assert document.action_points.count() == 1


def test_edit_adds_an_action_point(client, coach, document):
    client.force_login(coach)
    data = form_data(
        initial=1,
        version=document.version,
        **{
            "action-1-wish": "Ik wil vaker vragen stellen.",
            "action-1-domain": "learning",
        },
    )

    client.post(reverse("growth:edit", args=[document.uuid]), data)

    assert [ap.wish for ap in document.action_points.order_by("position")][1] == (
        "Ik wil vaker vragen stellen."
    )


def test_edit_existing_wish_cannot_be_emptied(client, coach, document):
    client.force_login(coach)
    data = form_data(initial=1, version=document.version, **{"action-0-wish": ""})

    response = client.post(reverse("growth:edit", args=[document.uuid]), data)

    assert "Schrijf op wat de leerling beter wil kunnen." in response.content.decode()
    assert document.action_points.get().wish.startswith("Ik wil rustig blijven")


def test_edit_with_stale_version_shows_conflict(client, coach, document):
    client.force_login(coach)
    stale = form_data(initial=1, version=document.version, **{"action-0-goal": "Mijn"})
    newer = form_data(initial=1, version=document.version, **{"action-0-goal": "Jouw"})
    client.post(reverse("growth:edit", args=[document.uuid]), newer)

    response = client.post(reverse("growth:edit", args=[document.uuid]), stale)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit groeidocument opgeslagen" in content
    assert "Mijn</textarea>" in content
    assert ConversationEntry.objects.get().goal == "Jouw"


def test_edit_by_colleague_not_found(client, colleague, document):
    client.force_login(colleague)

    response = client.post(
        reverse("growth:edit", args=[document.uuid]),
        form_data(initial=1, version=document.version, **{"action-0-goal": "X"}),
    )

    assert response.status_code == 404
    assert ConversationEntry.objects.get().goal != "X"


def test_edit_by_coordinator_works(client, coordinator, document):
    client.force_login(coordinator)

    response = client.post(
        reverse("growth:edit", args=[document.uuid]),
        form_data(initial=1, version=document.version, **{"action-0-goal": "Y"}),
    )

    assert response.status_code == 302
    assert ConversationEntry.objects.get().goal == "Y"


def test_detail_shows_latest_answers_and_authorship(client, coach, document):
    client.force_login(coach)

    content = client.get(document.get_absolute_url()).content.decode()

    assert "Wat kan je al goed en hoe doe je dat?" in content
    assert "Bij voetbal blijf ik rustig." in content
    assert "door de leerling geschreven" in content
    assert "Opvolgdatum" in content


def test_print_view_has_six_questions_in_order(client, coach, document):
    client.force_login(coach)

    content = client.get(reverse("growth:print", args=[document.uuid])).content.decode()

    questions = [
        "Wat kan je al goed en hoe doe je dat?",
        "Wat zou je anders willen doen of kunnen?",
        "Wat is je doel?",
        "Wat kan ik doen om jou daarbij te helpen?",
        "Wat ga je eerst doen om je doel te bereiken?",
        "Wat ga je daarna doen om je doel te bereiken?",
    ]
    positions = [content.index(question) for question in questions]
    assert positions == sorted(positions)
    assert "Naam leerling" in content
    assert "Zoë Van den Broeck" in content
    assert "16/11/2026" in content


def test_markup_in_answers_is_shown_as_text(client, coach, document):
    entry = ConversationEntry.objects.get()
    entry.goal = '<img src=x onerror="alert(1)">'
    entry.save()
    client.force_login(coach)

    for route in ("growth:detail", "growth:print"):
        content = client.get(reverse(route, args=[document.uuid])).content.decode()
        assert '<img src=x onerror="alert(1)">' not in content
        assert "&lt;img src=x" in content


def test_create_without_pupils_points_to_adding_one(client, colleague):
    client.force_login(colleague)

    response = client.get(reverse("growth:create"))

    assert "Voeg eerst de leerling toe" in response.content.decode()


def test_create_form_speaks_dutch_in_the_pupil_list(client, coach, pupil):
    client.force_login(coach)

    content = client.get(reverse("growth:create")).content.decode()

    assert "Kies een leerling" in content
    assert "Select an option" not in content


def test_long_answer_is_rejected_not_cut(client, coach, pupil):
    client.force_login(coach)
    form_page = client.get(reverse("growth:create")).content.decode()

    response = client.post(
        reverse("growth:create"), form_data(pupil, **{"action-0-goal": "x" * 2250})
    )

    assert 'maxlength="2000"' not in form_page
    assert "Deze tekst is 2250 tekens lang" in response.content.decode()
    assert not GrowthDocument.objects.exists()
