"""End to end in real Chromium: a care coordinator downloads the exports."""

import datetime
import json

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.pupils.models import Pupil

from .conftest import PASSWORD
from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator_page(page: Page, live_server):
    school = School.objects.create(name="Basisschool De Linde")
    coordinator = User.objects.create_user(
        "meester.tom", password=PASSWORD, first_name="Tom"
    )
    Membership.objects.create(user=coordinator, school=school, role=Role.COORDINATOR)
    pupil = Pupil.objects.create(
        school=school, first_name="=Zoë", last_name="Van den Broeck", class_name="5A"
    )
    create_growth_document(
        pupil=pupil,
        coach=coordinator,
        held_on=datetime.date(2026, 11, 16),
        follow_up_on=datetime.date(2026, 11, 30),
        action_points=[ActionPointInput(wish="Rustig blijven", scale_value=4)],
    )

    page.goto(live_server.url)
    page.get_by_label("Gebruikersnaam").fill("meester.tom")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()
    return page


def test_download_school_xlsx(coordinator_page: Page, tmp_path):
    page = coordinator_page
    page.get_by_role("link", name="Instellingen").click()
    page.get_by_role("link", name="Exports van de gegevens van de school").click()
    expect(page.get_by_role("heading", name="Exports", exact=True)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden als Excel (XLSX)").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)

    sheet = openpyxl.load_workbook(path).active
    assert sheet.cell(row=2, column=4).value == "'=Zoë"
    assert sheet.cell(row=2, column=15).value == 4
    assert path.name.startswith("groeidocument-basisschool-de-linde-")


def test_download_pupil_json(coordinator_page: Page, tmp_path):
    page = coordinator_page
    page.get_by_role("link", name="Leerlingen").click()
    page.get_by_role("link", name="Van den Broeck, =Zoë").click()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Leerlinggegevens exporteren").click()
    path = tmp_path / "pupil.json"
    download_info.value.save_as(path)

    export = json.loads(path.read_text(encoding="utf-8"))
    assert export["pupil"]["first_name"] == "=Zoë"
    assert export["growth_documents"][0]["action_points"][0]["wish"] == (
        "Rustig blijven"
    )
