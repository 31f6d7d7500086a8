"""The class-list import in real Chromium, at tablet width."""

import pytest
from playwright.sync_api import Page, expect

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.pupils.models import Pupil

from .conftest import PASSWORD
from .import_files import HEADER, PUPILS, csv_bytes
from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pupils_page(page: Page, live_server):
    """Signed in as a coach, on the pupils page, with one pupil already there."""
    school = School.objects.create(name="Basisschool De Linde")
    coach = User.objects.create_user("juf.an", password=PASSWORD, first_name="An")
    Membership.objects.create(user=coach, school=school, role=Role.COACH)
    Pupil.objects.create(
        school=school,
        first_name="Bram",
        last_name="Peeters",
        class_name="4A",
        external_id="100235",
        school_year="2025-2026",
    )

    page.goto(live_server.url + "/login/")
    page.get_by_label("Gebruikersnaam").fill("juf.an")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("link", name="Leerlingen").click()
    return page


def test_import_semicolon_csv(pupils_page: Page, tmp_path):
    page = pupils_page
    class_list = tmp_path / "klaslijst.csv"
    rows = [*PUPILS, ["100237", "Maes", "Febe", "5B", "31/02/2015"]]
    class_list.write_bytes(csv_bytes([HEADER, *rows], ";", "cp1252"))

    page.screenshot(path=tmp_path / "pupil-list.png", full_page=True)
    page.get_by_role("link", name="Klaslijst importeren").click()
    expect(page.get_by_role("heading", name="Klaslijst importeren")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Bestand met de klaslijst").set_input_files(class_list)
    page.get_by_label("Schooljaar").fill("2026-2027")
    page.screenshot(path=tmp_path / "import-upload.png", full_page=True)
    page.get_by_role("button", name="Voorvertoning tonen").click()

    expect(
        page.get_by_role("heading", name="Voorvertoning van de import")
    ).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(5)
    expect(table).to_contain_text("Van den Broeck, Zoë")
    expect(table).to_contain_text("Müller, Anaïs")
    expect(table).to_contain_text("Klas: 4A → 5A")
    expect(table).to_contain_text(
        "De geboortedatum “31/02/2015” is geen geldige datum."
    )
    page.screenshot(path=tmp_path / "import-preview.png", full_page=True)
    assert_accessible(page)

    # With an error row, "Importeren" only submits once the rows are skipped.
    page.get_by_role("button", name="Importeren").click()
    expect(
        page.get_by_role("heading", name="Voorvertoning van de import")
    ).to_be_visible()
    assert Pupil.objects.count() == 1
    page.get_by_label("Sla de foute rijen over").check()
    page.get_by_role("button", name="Importeren").click()

    expect(
        page.get_by_text("De klaslijst is geïmporteerd: 2 nieuw, 1 gewijzigd")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Van den Broeck, Zoë")).to_be_visible()
    assert Pupil.objects.count() == 3
    assert Pupil.objects.get(external_id="100235").class_name == "5A"
    assert not Pupil.objects.filter(external_id="100237").exists()
    assert_accessible(page)


def test_import_asks_for_name_order(pupils_page: Page, tmp_path):
    page = pupils_page
    class_list = tmp_path / "klaslijst.csv"
    rows = [["Naam", "Klas", "Opmerking"], ["Van den Broeck Zoë", "5A", "nieuw"]]
    class_list.write_bytes(csv_bytes(rows, ";", "cp1252"))

    page.get_by_role("link", name="Klaslijst importeren").click()
    page.get_by_label("Bestand met de klaslijst").set_input_files(class_list)
    page.get_by_role("button", name="Voorvertoning tonen").click()

    expect(page.get_by_role("heading", name="Kolommen nakijken")).to_be_visible()
    expect(page.get_by_text("Kolom “Naam” bevat de volledige naam")).to_be_visible()
    page.screenshot(path=tmp_path / "import-columns.png", full_page=True)
    assert_accessible(page)
    page.get_by_label("Naam").select_option(label="Volledige naam, familienaam eerst")
    page.get_by_role("button", name="Voorvertoning tonen").click()

    expect(page.get_by_role("table")).to_contain_text("Van den Broeck, Zoë")
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("link", name="Van den Broeck, Zoë")).to_be_visible()
