"""School administration and invitations in real Chromium, at tablet width."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.pupils.models import Pupil

from .conftest import PASSWORD
from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}
NEW_PASSWORD = "een-lang-wachtwoord-42"


def log_in(page: Page, live_server, username):
    page.goto(live_server.url + "/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()


@pytest.fixture
def school():
    return School.objects.create(name="Basisschool De Linde")


@pytest.fixture
def admin_page(page: Page, live_server, school):
    """Signed in as the school administrator, at tablet width."""
    admin = User.objects.create_user(
        "directie", password=PASSWORD, first_name="Els", last_name="Wouters"
    )
    Membership.objects.create(user=admin, school=school, role=Role.ADMIN)
    page.set_viewport_size(TABLET)
    log_in(page, live_server, "directie")
    return page


def test_invitation_copy_without_clipboard_selects_link(admin_page: Page, live_server):
    page = admin_page
    page.goto(live_server.url + reverse("accounts:invite"))
    page.get_by_label("Voornaam").fill("Lien")
    page.get_by_label("Familienaam").fill("Claes")
    page.get_by_role("button", name="Uitnodigingslink maken").click()
    # As on plain http from another host, where browsers give no clipboard.
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")

    page.get_by_role("button", name="Link kopiëren").click()

    expect(page.locator("#invitation-link-status")).to_contain_text(
        "Kopiëren lukte niet"
    )
    selected = page.evaluate(
        "(() => { const field = document.getElementById('invitation-link');"
        " return document.activeElement === field"
        " && field.selectionStart === 0"
        " && field.selectionEnd === field.value.length; })()"
    )
    assert selected


def test_invite_and_join(admin_page: Page, browser: Browser, live_server, tmp_path):
    page = admin_page

    page.get_by_role("link", name="Beheer").click()
    expect(page.get_by_role("heading", name="Gebruikers", exact=True)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "users.png", full_page=True)

    page.get_by_role("link", name="Gebruiker uitnodigen").click()
    page.get_by_role("button", name="Uitnodigingslink maken").click()
    expect(page.get_by_text("Vul de voornaam van de persoon in.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Voornaam").fill("<script>alert(1)</script>")
    page.get_by_label("Familienaam").fill("Claes")
    page.get_by_label("Rol").select_option("coordinator")
    page.screenshot(path=tmp_path / "invite.png", full_page=True)
    page.get_by_role("button", name="Uitnodigingslink maken").click()

    link = page.get_by_role("textbox", name="Uitnodigingslink").input_value()
    assert "/invitation/" in link
    expect(
        page.get_by_role(
            "heading", name="Uitnodigingslink voor <script>alert(1)</script>"
        )
    ).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "invitation-link.png", full_page=True)

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy_button = page.get_by_role("button", name="Link kopiëren")
    copy_button.click()
    expect(page.locator("#invitation-link-status")).to_have_text("Gekopieerd")
    assert page.evaluate("navigator.clipboard.readText()") == link
    expect(copy_button).to_have_text("Link kopiëren")
    expect(page.get_by_text("Gekopieerd")).to_have_count(1)

    # The invitee opens the link in a browser of their own.
    invitee_context = browser.new_context(locale="nl-BE", viewport=TABLET)
    invitee = invitee_context.new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Aansluiten bij")).to_be_visible()
    assert_accessible(invitee)
    invitee.screenshot(path=tmp_path / "accept.png", full_page=True)
    invitee.get_by_label("Gebruikersnaam").fill("lien.claes")
    invitee.get_by_label("Wachtwoord", exact=True).fill("kort")
    invitee.get_by_label("Bevestiging wachtwoord").fill("kort")
    invitee.get_by_role("button", name="Mijn account aanmaken").click()
    expect(invitee.get_by_text("Dit wachtwoord is te kort")).to_be_visible()
    assert_accessible(invitee)
    invitee.get_by_label("Wachtwoord", exact=True).fill(NEW_PASSWORD)
    invitee.get_by_label("Bevestiging wachtwoord").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Mijn account aanmaken").click()
    expect(invitee.get_by_role("heading", name="Overzicht")).to_be_visible()
    expect(invitee.get_by_text("Welkom bij Basisschool De Linde")).to_be_visible()

    # A second visit finds the link used.
    invitee.goto(link)
    expect(invitee.get_by_text("Deze link is al gebruikt")).to_be_visible()
    assert_accessible(invitee)
    invitee.screenshot(path=tmp_path / "invitation-closed.png", full_page=True)

    # The administrator switches the new member off: their session ends.
    invited = User.objects.get(username="lien.claes")
    sessions_before = Session.objects.count()
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="<script>alert(1)</script> Claes").click()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "member.png", full_page=True)
    page.get_by_label("Rol").select_option("coach")
    page.get_by_role("button", name="Rol bewaren").click()
    expect(page.get_by_text("is nu begeleider")).to_be_visible()
    page.get_by_role("link", name="<script>alert(1)</script> Claes").click()
    page.get_by_role("button", name="Deactiveren").click()
    expect(page.get_by_text("is afgemeld")).to_be_visible()
    assert Session.objects.count() == sessions_before - 1
    assert not User.objects.get(pk=invited.pk).is_active

    invitee.goto(live_server.url + "/")
    expect(invitee.get_by_role("heading", name="Aanmelden")).to_be_visible()
    invitee_context.close()


def test_existing_account_page(
    admin_page: Page, browser: Browser, live_server, tmp_path
):
    page = admin_page
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Gebruiker uitnodigen").click()
    page.get_by_label("Voornaam").fill("Tom")
    page.get_by_role("button", name="Uitnodigingslink maken").click()
    link = page.get_by_role("textbox", name="Uitnodigingslink").input_value()

    invitee_context = browser.new_context(locale="nl-BE", viewport=TABLET)
    invitee = invitee_context.new_page()
    invitee.goto(link)
    invitee.get_by_role("link", name="Ik heb al een account").click()
    expect(
        invitee.get_by_role("button", name="Aanmelden en aansluiten")
    ).to_be_visible()
    assert_accessible(invitee)
    invitee.screenshot(path=tmp_path / "accept-existing.png", full_page=True)
    invitee_context.close()

    # Withdrawn, the link shows why it no longer works.
    page.get_by_role("button", name="Uitnodiging voor Tom intrekken").click()
    expect(page.get_by_text("is ingetrokken")).to_be_visible()
    page.goto(link)
    withdrawn = page.get_by_text("De schoolbeheerder heeft deze uitnodiging")
    expect(withdrawn).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "invitation-withdrawn.png", full_page=True)


def test_rename_class(admin_page: Page, school, tmp_path):
    page = admin_page
    for first_name in ("Bram", "Zoë"):
        Pupil.objects.create(
            school=school,
            first_name=first_name,
            last_name="Peeters",
            class_name="4A",
            school_year="2026-2027",
        )
    Pupil.objects.create(
        school=school,
        first_name="Lars",
        last_name="Maes",
        class_name="4B",
        school_year="2026-2027",
    )

    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Klassen").click()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "classes.png", full_page=True)
    page.get_by_role("link", name="Klas 4A (2026-2027) hernoemen").click()
    page.get_by_label("Nieuwe naam").fill("4B")
    page.get_by_role("button", name="Hernoemen").click()
    expect(
        page.get_by_text("Klas 4B bestaat al in schooljaar 2026-2027")
    ).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "class-rename.png", full_page=True)
    page.get_by_label("Nieuwe naam").fill("4C")
    page.get_by_role("button", name="Hernoemen").click()
    expect(page.get_by_text("Klas 4A heet nu 4C (2 leerlingen).")).to_be_visible()
    assert Pupil.objects.filter(class_name="4C").count() == 2


def test_switch_school(page: Page, live_server, school, tmp_path):
    other = School.objects.create(name="Atheneum Over De Brug")
    coach = User.objects.create_user("juf.an", password=PASSWORD, first_name="An")
    Membership.objects.create(user=coach, school=school, role=Role.COACH)
    Membership.objects.create(user=coach, school=other, role=Role.COACH)
    Pupil.objects.create(
        school=school, first_name="Zoë", last_name="V", class_name="5A"
    )
    Pupil.objects.create(
        school=other, first_name="Lars", last_name="M", class_name="3B"
    )
    page.set_viewport_size(TABLET)
    log_in(page, live_server, "juf.an")
    expect(page.get_by_role("link", name="Beheer")).to_have_count(0)

    page.get_by_label("School").select_option(label="Basisschool De Linde")
    page.get_by_role("button", name="Wissel van school").click()
    expect(page.get_by_text("Je werkt nu in Basisschool De Linde.")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "school-choice.png", full_page=True)
    page.get_by_role("link", name="Leerlingen").click()
    expect(page.get_by_text("Zoë")).to_be_visible()
    expect(page.get_by_text("Lars")).to_have_count(0)
