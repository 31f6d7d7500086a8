import pytest
from django.urls import reverse
from django.utils.text import Truncator

from groeidocument.conversations.services import start_first_conversation
from groeidocument.pupils.models import Pupil


def add_pupil_data(**overrides):
    return {
        "first_name": "Zoë",
        "last_name": "Van den Broeck",
        "class_name": "5a",
        "school_year": "2026-2027",
        "external_id": "",
        "birth_date": "",
        **overrides,
    }


def test_add_pupil_works(client, coach, school):
    client.force_login(coach)

    response = client.post(reverse("pupils:add"), add_pupil_data())

    pupil = Pupil.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pupils:detail", args=[pupil.uuid])
    assert pupil.school == school
    assert pupil.class_name == "5A"
    assert pupil.search_name == "zoe van den broeck"


def test_add_pupil_ignores_a_forged_school(client, coach, school, other_school):
    client.force_login(coach)

    client.post(reverse("pupils:add"), add_pupil_data(school=other_school.pk))

    assert Pupil.objects.get().school == school


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "", "Vul de voornaam van de leerling in."),
        ("last_name", "  ", "Vul de familienaam van de leerling in."),
        ("class_name", "", "Vul de klas in, bijvoorbeeld 5A."),
        ("school_year", "2026-2028", "Schrijf het schooljaar als twee opeenvolgende"),
        ("first_name", "x" * 101, "niet meer dan 100 tekens"),
        ("birth_date", "31/02/2015", "geldige datum"),
    ],
)
def test_add_pupil_bad_input_shows_dutch_message(client, coach, field, value, message):
    client.force_login(coach)

    response = client.post(reverse("pupils:add"), add_pupil_data(**{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Pupil.objects.exists()


def test_add_pupil_keeps_typed_values_on_error(client, coach):
    client.force_login(coach)

    response = client.post(reverse("pupils:add"), add_pupil_data(first_name=""))

    assert 'value="Van den Broeck"' in response.content.decode()


def test_add_pupil_rejects_duplicate_external_id(client, coach, pupil):
    pupil.external_id = "12345"
    pupil.save()
    client.force_login(coach)

    response = client.post(reverse("pupils:add"), add_pupil_data(external_id="12345"))

    assert "heeft al dit stamboeknummer" in response.content.decode()
    assert Pupil.objects.count() == 1


def test_add_pupil_wrong_method(client, coach):
    client.force_login(coach)
    assert client.put(reverse("pupils:add")).status_code == 405


def test_edit_pupil_by_colleague(client, colleague, pupil):
    client.force_login(colleague)

    response = client.post(
        reverse("pupils:edit", args=[pupil.uuid]),
        add_pupil_data(first_name="Zoe", is_active=""),
    )

    pupil.refresh_from_db()
    assert response.status_code == 302
    assert pupil.first_name == "Zoe"
    assert pupil.is_active is False


def test_edit_pupil_outsider_not_found(client, outsider, pupil):
    client.force_login(outsider)

    response = client.post(
        reverse("pupils:edit", args=[pupil.uuid]), add_pupil_data(first_name="X")
    )

    pupil.refresh_from_db()
    assert response.status_code == 404
    assert pupil.first_name == "Zoë"


def test_edit_pupil_wrong_method(client, coach, pupil):
    client.force_login(coach)
    assert client.delete(reverse("pupils:edit", args=[pupil.uuid])).status_code == 405


@pytest.mark.parametrize("query", ["zoe", "ZOË", "Zoë", "zoë van", "BROECK", "van den"])
def test_search_finds_accented_name(client, coach, pupil, query):
    client.force_login(coach)

    response = client.get(reverse("pupils:list"), {"q": query})

    assert "Van den Broeck, Zoë" in response.content.decode()


def test_search_misses_other_names(client, coach, pupil):
    client.force_login(coach)

    response = client.get(reverse("pupils:list"), {"q": "zoltan"})

    assert "Van den Broeck" not in response.content.decode()
    assert "Geen leerling gevonden" in response.content.decode()


def test_search_htmx_returns_fragment(client, coach, pupil):
    client.force_login(coach)

    response = client.get(reverse("pupils:list"), {"q": "zoe"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "Van den Broeck, Zoë" in content
    assert "<html" not in content


def test_list_hides_other_schools_pupils(client, coach, pupil, other_pupil):
    client.force_login(coach)

    content = client.get(reverse("pupils:list")).content.decode()

    assert "Zoë" in content
    assert "Lars" not in content


def test_list_ignores_unknown_class_filter(client, coach, pupil):
    client.force_login(coach)

    response = client.get(reverse("pupils:list"), {"class": "' OR 1=1 --"})

    assert response.status_code == 200
    assert "Van den Broeck, Zoë" in response.content.decode()


def test_list_filters_on_class(client, coach, pupil, school):
    Pupil.objects.create(
        school=school, first_name="Bram", last_name="Aerts", class_name="6B"
    )
    client.force_login(coach)

    content = client.get(reverse("pupils:list"), {"class": "6B"}).content.decode()

    assert "Aerts, Bram" in content
    assert "Zoë" not in content


def test_list_hides_pupils_who_left_unless_asked(client, coach, pupil):
    pupil.is_active = False
    pupil.save()
    client.force_login(coach)

    assert "Zoë" not in client.get(reverse("pupils:list")).content.decode()
    assert "Zoë" in client.get(reverse("pupils:list"), {"left": "1"}).content.decode()


def test_markup_in_names_is_shown_as_text(client, coach, school):
    Pupil.objects.create(
        school=school,
        first_name="<script>alert(1)</script>",
        last_name="<b>Vet</b>",
        class_name="5A",
    )
    client.force_login(coach)

    for url in (reverse("pupils:list"), Pupil.objects.get().get_absolute_url()):
        content = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<b>Vet</b>" not in content


def test_detail_lists_only_own_documents(client, colleague, document):
    client.force_login(colleague)

    response = client.get(document.pupil.get_absolute_url())

    assert response.status_code == 200
    assert document.get_absolute_url() not in response.content.decode()


def test_detail_lists_documents_for_coordinator(client, coordinator, document):
    client.force_login(coordinator)

    response = client.get(document.pupil.get_absolute_url())

    assert document.get_absolute_url() in response.content.decode()


def test_detail_row_dates_and_wishes(client, coordinator, document):
    long_wish = "Ik wil " + "heel " * 30 + "graag meedoen."
    document.action_points.create(position=2, importance=2, wish=long_wish)
    client.force_login(coordinator)

    content = client.get(document.pupil.get_absolute_url()).content.decode()

    assert "Gestart op 16 november 2026" in content
    assert "Opvolgdatum: 30 november 2026" in content
    first_wish = "Ik wil rustig blijven als iemand mij plaagt."
    assert f"{first_wish} · {Truncator(long_wish).chars(80)}" in content
    assert long_wish not in content


@pytest.mark.parametrize(
    ("first_name", "query"),
    [
        ("Elif Yılmaz", "yilmaz"),
        ("Søren", "soren"),
        ("Łukasz", "lukasz"),
        ("Anaïs", "anais"),
    ],
)
def test_search_finds_letters_without_marks(client, coach, school, first_name, query):
    Pupil.objects.create(
        school=school, first_name=first_name, last_name="Test", class_name="4A"
    )
    client.force_login(coach)

    response = client.get(reverse("pupils:list"), {"q": query})

    assert f"Test, {first_name}" in response.content.decode()


def test_search_inside_class_offers_all_classes(client, coach, pupil):
    Pupil.objects.create(
        school=pupil.school, first_name="Bram", last_name="Aerts", class_name="6B"
    )
    client.force_login(coach)

    response = client.get(reverse("pupils:list"), {"q": "zoe", "class": "6B"})

    content = response.content.decode()
    assert "Geen leerling in klas 6B gevonden" in content
    assert 'href="?q=zoe"' in content


def test_add_pupil_asks_before_adding_a_namesake(client, coach, pupil):
    client.force_login(coach)
    data = add_pupil_data(first_name="ZOË", class_name="5a")

    first = client.post(reverse("pupils:add"), data)
    second = client.post(reverse("pupils:add"), {**data, "confirm_duplicate": "on"})

    assert "zit al in klas 5A" in first.content.decode()
    assert second.status_code == 302
    assert Pupil.objects.count() == 2


@pytest.mark.parametrize("written", ["2026/2027", " 2026-2027 "])
def test_add_pupil_accepts_other_school_year_spelling(client, coach, written):
    client.force_login(coach)

    client.post(reverse("pupils:add"), add_pupil_data(school_year=written))

    assert Pupil.objects.get().school_year == "2026-2027"


def test_page_links_keep_the_search(client, coach, school):
    Pupil.objects.bulk_create(
        Pupil(
            school=school,
            first_name=f"Leerling{number:02d}",
            last_name="Peeters",
            class_name="5A",
            search_name=f"leerling{number:02d} peeters",
        )
        for number in range(55)
    )
    client.force_login(coach)

    first = client.get(reverse("pupils:list"), {"q": "peeters", "class": "5A"}).text
    second = client.get(
        reverse("pupils:list"), {"q": "peeters", "class": "5A", "page": "2"}
    ).text

    assert 'href="?q=peeters&amp;class=5A&amp;page=2"' in first
    assert 'href="?q=peeters&amp;class=5A&amp;page=1"' in second
    assert "Leerling54" in second


def test_detail_marks_unfinished_first_conversation(client, coach, pupil, document):
    draft = start_first_conversation(pupil, coach)
    client.force_login(coach)

    page = client.get(reverse("pupils:detail", args=[pupil.uuid])).content.decode()

    draft_row = page.split(draft.document.get_absolute_url())[1]
    finished_row = page.split(document.get_absolute_url())[1]
    assert "gesprek niet afgerond" in draft_row.split("</li>")[0]
    assert "gesprek niet afgerond" not in finished_row.split("</li>")[0]


@pytest.mark.parametrize(
    ("filters", "counted"),
    [
        ({}, "5 leerlingen"),
        ({"class": "5A"}, "3 leerlingen"),
        ({"left": "1"}, "6 leerlingen"),
        ({"left": "1", "class": "5A"}, "4 leerlingen"),
        ({"q": "peeters"}, "2 leerlingen"),
    ],
)
def test_list_counts_the_pupils_it_shows(client, coach, school, filters, counted):
    # Without a search or pupils who left, the count comes from the class
    # sizes that the class filter reads anyway; the other lists count rows.
    for first_name, last_name, class_name, active in [
        ("Amir", "Peeters", "5A", True),
        ("Bo", "Peeters", "5B", True),
        ("Cas", "Claes", "5A", True),
        ("Dina", "Claes", "5A", True),
        ("Els", "Wouters", "6A", True),
        ("Fien", "Wouters", "5A", False),
    ]:
        Pupil.objects.create(
            school=school,
            first_name=first_name,
            last_name=last_name,
            class_name=class_name,
            is_active=active,
        )
    client.force_login(coach)

    page = client.get(reverse("pupils:list"), filters).text

    assert counted in page
