"""End to end in real Chromium: the first growth conversation of a new pupil."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.growth.models import ConversationEntry, GrowthDocument

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SCRIPT = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"


def assert_accessible(page: Page):
    """Run axe-core's WCAG 2.1 A and AA rules on the page; list what fails."""
    assert AXE_SCRIPT.exists(), "run `npm ci` to install axe-core"
    # Evaluated through the DevTools protocol: the Content Security Policy
    # blocks a script tag that a test adds, but not this.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]
    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)


@pytest.fixture
def signed_in_page(page: Page, live_server):
    school = School.objects.create(name="Basisschool De Linde")
    coach = User.objects.create_user("juf.an", password=PASSWORD, first_name="An")
    Membership.objects.create(user=coach, school=school, role=Role.COACH)

    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nl-BE"
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("juf.an")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()
    return page


def test_first_growth_conversation(signed_in_page: Page, live_server, tmp_path):
    page = signed_in_page
    assert_accessible(page)

    # Add the pupil.
    page.get_by_role("link", name="Leerlingen").click()
    page.get_by_role("link", name="Leerling toevoegen").click()
    page.get_by_label("Voornaam").fill("Zoë")
    page.get_by_label("Familienaam").fill("Van den Broeck")
    page.get_by_label("Klas", exact=True).fill("5A")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Zoë Van den Broeck")).to_be_visible()

    # A growth document with two action points and their scale values.
    page.get_by_role("link", name="Nieuw groeidocument").click()
    expect(
        page.get_by_label("Leerling", exact=True).locator("option:checked")
    ).to_have_text("Zoë Van den Broeck (5A)")
    page.get_by_label("Datum van het gesprek").fill("2026-11-16")
    page.get_by_label("Opvolgdatum").fill("2026-11-30")
    first = page.get_by_role("group", name="Actiepunt 1")
    first.get_by_label("Wat zou je anders willen doen of kunnen?", exact=True).fill(
        "Ik wil mijn vinger opsteken in plaats van te roepen."
    )
    first.get_by_role("radio", name="4", exact=True).check(force=True)
    first.get_by_label("Wat ga je eerst doen om je doel te bereiken?", exact=True).fill(
        "Mijn hand op de bank leggen."
    )
    page.get_by_text("Actiepunt 2 toevoegen").click()
    second = page.get_by_role("group", name="Actiepunt 2")
    second.get_by_label("Wat zou je anders willen doen of kunnen?", exact=True).fill(
        "Ik wil rustig blijven op de speelplaats."
    )
    second.get_by_label("Domein").select_option("conflicts")
    # The scale is a radio group: arrow keys move the choice.
    second.get_by_role("radio", name="6", exact=True).focus()
    page.keyboard.press("ArrowRight")
    page.screenshot(path=tmp_path / "document-form.png", full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Het groeidocument is opgeslagen.")).to_be_visible()
    document = GrowthDocument.objects.get()
    values = sorted(ConversationEntry.objects.values_list("scale_value", flat=True))
    assert values == [4, 7]
    assert document.action_points.count() == 2
    assert_accessible(page)

    # Find it again through search, without the accent.
    page.get_by_role("link", name="Leerlingen").click()
    page.get_by_label("Zoek op naam").fill("zoe")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Van den Broeck, Zoë").click()
    page.get_by_role("link", name="Gestart op 16 november 2026").click()
    expect(page.get_by_text("Mijn hand op de bank leggen.")).to_be_visible()

    # The print view: one sheet per action point with the six questions.
    page.get_by_role("link", name="Afdrukken").click()
    sheets = page.locator("article.sheet")
    expect(sheets).to_have_count(2)
    expect(sheets.nth(0).get_by_role("heading", level=2)).to_have_count(6)
    expect(sheets.nth(0)).to_contain_text("Zoë Van den Broeck")
    expect(sheets.nth(0)).to_contain_text("16/11/2026")
    assert_accessible(page)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_live_search_updates_results(signed_in_page: Page, live_server):
    from groeidocument.pupils.models import Pupil

    school = School.objects.get()
    Pupil.objects.create(
        school=school, first_name="Zoë", last_name="Peeters", class_name="5A"
    )
    Pupil.objects.create(
        school=school, first_name="Bram", last_name="Aerts", class_name="6B"
    )
    page = signed_in_page

    page.get_by_role("link", name="Leerlingen").click()
    page.get_by_label("Zoek op naam").press_sequentially("ZOË")

    expect(page.get_by_role("link", name="Peeters, Zoë")).to_be_visible()
    expect(page.get_by_role("link", name="Aerts, Bram")).to_have_count(0)
