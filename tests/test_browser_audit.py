"""End to end in real Chromium: the audit log, erasure and the retention setting."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.audit.models import AuditEntry
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.pupils.models import Pupil

from .conftest import PASSWORD
from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set GROEIDOCUMENT_SCREENSHOTS to a folder to keep a picture of each screen.
SCREENSHOTS = os.environ.get("GROEIDOCUMENT_SCREENSHOTS")


def screenshot(page: Page, name: str):
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def tablet_page(page: Page, live_server):
    """A care coordinator signed in on a tablet held upright, 768 px wide."""
    page.set_viewport_size({"width": 768, "height": 1024})
    school = School.objects.create(name="Basisschool De Linde")
    coordinator = User.objects.create_user(
        "juf.an", password=PASSWORD, first_name="An", last_name="Peeters"
    )
    Membership.objects.create(user=coordinator, school=school, role=Role.COORDINATOR)
    pupil = Pupil.objects.create(
        school=school, first_name="Zoë", last_name="Van den Broeck", class_name="5A"
    )
    create_growth_document(
        pupil=pupil,
        coach=coordinator,
        held_on=datetime.date(2026, 11, 16),
        follow_up_on=datetime.date(2026, 11, 30),
        action_points=[ActionPointInput(wish="Rustig blijven", scale_value=4)],
    )

    page.goto(live_server.url)
    page.get_by_label("Gebruikersnaam").fill("juf.an")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()
    return page


def test_pupil_audit_log(tablet_page: Page):
    page = tablet_page
    page.get_by_role("link", name="Leerlingen").click()
    page.get_by_role("link", name="Van den Broeck, Zoë").click()
    page.get_by_role("link", name="Gestart op 16 november 2026").click()
    # The pupil page is not cached, so going back opens it again.
    page.go_back()
    screenshot(page, "audit-pupil-page")

    page.get_by_role("link", name="Logboek").click()

    expect(
        page.get_by_role("heading", name="Logboek van Zoë Van den Broeck")
    ).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("bekeek de leerling")
    expect(rows.nth(1)).to_contain_text("bekeek het groeidocument")
    expect(rows.nth(1)).to_contain_text("An Peeters")
    expect(rows.nth(2)).to_contain_text("bekeek de leerling")
    screenshot(page, "audit-pupil-log")
    assert_accessible(page)


def test_erase_pupil(tablet_page: Page):
    page = tablet_page
    page.get_by_role("link", name="Leerlingen").click()
    page.get_by_role("link", name="Van den Broeck, Zoë").click()
    page.get_by_role("link", name="Leerling wissen").click()
    expect(
        page.get_by_role("heading", name="Zoë Van den Broeck wissen")
    ).to_be_visible()
    assert_accessible(page)

    field = page.get_by_label("Typ de voornaam en familienaam van de leerling")
    field.fill("Zoë Van")
    page.get_by_role("button", name="Leerling voorgoed wissen").click()
    expect(page.get_by_text("De naam klopt niet.")).to_be_visible()
    expect(field).to_have_value("Zoë Van")
    screenshot(page, "audit-erase-error")
    assert_accessible(page)
    assert Pupil.objects.exists()

    field.fill("Zoë Van den Broeck")
    page.get_by_role("button", name="Leerling voorgoed wissen").click()
    expect(page.get_by_text("zijn gewist")).to_be_visible()
    assert not Pupil.objects.exists()

    page.get_by_role("link", name="Instellingen").click()
    page.get_by_role("link", name="Logboek van gewiste leerlingen").click()
    expect(page.get_by_role("heading", name="Wissingen")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("wiste de leerling")
    screenshot(page, "audit-school-log")
    assert_accessible(page)

    page.locator("tbody tr a").click()
    expect(page.locator("tbody tr")).to_have_count(2)
    screenshot(page, "audit-school-log-pupil")
    assert_accessible(page)
    assert AuditEntry.objects.count() == 2


def test_retention_setting(tablet_page: Page):
    page = tablet_page
    page.get_by_role("link", name="Instellingen").click()
    field = page.get_by_label("Bewaartermijn in maanden")
    expect(field).to_have_value("24")

    field.fill("3")
    field.press("Enter")
    expect(page.get_by_text("bewaar de gegevens minstens 6 maanden")).to_be_visible()
    screenshot(page, "audit-retention-error")
    assert_accessible(page)

    page.get_by_label("Bewaartermijn in maanden").fill("36")
    page.get_by_label("Bewaartermijn in maanden").press("Enter")
    expect(page.get_by_text("De instelling is opgeslagen.")).to_be_visible()
    assert School.objects.get().retention_months == 36
