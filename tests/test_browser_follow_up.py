"""A complete follow-up conversation in real Chromium."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.growth.models import ConversationEntry, GrowthDocument
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.pupils.models import Pupil

from .conftest import PASSWORD
from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def document_page(page: Page, live_server):
    """Signed in, on a growth document whose first conversation is finished."""
    school = School.objects.create(name="Basisschool De Linde")
    coach = User.objects.create_user("juf.an", password=PASSWORD, first_name="An")
    Membership.objects.create(user=coach, school=school, role=Role.COACH)
    pupil = Pupil.objects.create(
        school=school, first_name="Zoë", last_name="Van den Broeck", class_name="5A"
    )
    today = datetime.date.today()
    document = create_growth_document(
        pupil=pupil,
        coach=coach,
        held_on=today - datetime.timedelta(days=14),
        follow_up_on=today,
        action_points=[
            ActionPointInput(
                wish="Ik wil rustig blijven op de speelplaats.",
                scale_value=3,
                answers={
                    "first_step": "Tot tien tellen.",
                    "support": "Een teken afspreken.",
                },
                pupil_written=["first_step"],
            )
        ],
    )
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + "/login/")
    page.get_by_label("Gebruikersnaam").fill("juf.an")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    return page, document


def test_complete_follow_up(document_page, tmp_path):
    page, document = document_page

    # The overview lists the follow-up as due today.
    today_bucket = page.get_by_role("region", name="Opvolging vandaag")
    expect(today_bucket).to_contain_text("Zoë Van den Broeck")
    assert_accessible(page)
    today_bucket.get_by_role("link", name="Zoë Van den Broeck (5A)").click()
    page.get_by_role("button", name="Opvolggesprek starten").click()

    # Looking back, in the pupil's own words.
    expect(page.get_by_role("heading", name="Terugblik", level=1)).to_be_visible()
    expect(page.get_by_text("Tot tien tellen.")).to_be_visible()
    expect(page.get_by_text("Een teken afspreken.")).to_be_visible()
    page.get_by_label(
        "Wat gaat er al beter, ook al is het maar een klein beetje?"
    ).fill("Ik ben twee keer weggelopen in plaats van te roepen.")
    page.screenshot(path=tmp_path / "looking-back.png", full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Volgende").click()

    # The new value beside the previous one, and the coach's promise.
    expect(page.get_by_text("stond je op 3")).to_be_visible()
    page.get_by_role("radio", name="5", exact=True).check(force=True)
    page.get_by_role("radio", name="Ja", exact=True).check(force=True)
    page.get_by_label("Jouw feedback aan de leerling").fill("Knap dat je wegliep.")
    expect(page.locator("#save-status")).to_contain_text("Opgeslagen om")
    assert_accessible(page)
    page.get_by_role("button", name="Volgende").click()

    page.get_by_label("Wat ga je eerst doen om je doel te bereiken?").fill(
        "Naar de bank bij de juf gaan."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Over 2 weken").click()
    expect(page.locator("#save-status")).to_contain_text("Opgeslagen om")
    page.get_by_role("button", name="Gesprek afronden").click()

    # The document shows the new value, the chart and the history.
    expect(page.get_by_text("Het gesprek is afgerond en opgeslagen.")).to_be_visible()
    expect(page.locator(".progress-chart")).to_be_visible()
    page.get_by_text("Toon als tabel").click()
    rows = page.locator(".progress table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("5")
    page.screenshot(path=tmp_path / "document.png", full_page=True)
    assert_accessible(page)
    entries = ConversationEntry.objects.order_by("conversation__held_on")
    assert [entry.scale_value for entry in entries] == [3, 5]
    document.refresh_from_db()
    assert document.next_follow_up_on == datetime.date.today() + datetime.timedelta(
        weeks=2
    )


def test_close_and_calendar_pages(document_page, live_server):
    page, document = document_page
    page.goto(live_server.url + document.get_absolute_url())

    page.get_by_role("link", name="Afsluiten, delen of overdragen").click()
    assert_accessible(page)
    page.get_by_role("radio", name="Doel bereikt").check(force=True)
    page.get_by_role("button", name="Groeidocument afsluiten").click()
    expect(page.get_by_text("Het groeidocument is afgesloten.")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("doel bereikt")
    assert GrowthDocument.objects.get().status == "closed"
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_text("Afgesloten: doel bereikt")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Agenda").click()
    link = page.get_by_label("Je persoonlijke agendalink").input_value()
    assert link.endswith(".ics")
    assert_accessible(page)
