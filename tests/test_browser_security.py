"""In real Chromium: the Content Security Policy, two-factor screens, signing out."""

import datetime
import hashlib
import hmac
import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.conversations.services import (
    start_first_conversation,
    start_follow_up,
)
from groeidocument.conversations.steps import steps_for
from groeidocument.growth.models import ConversationEntry
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.pupils.models import Pupil

from .conftest import PASSWORD
from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects the browser's CSP reports before any script of the page runs.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def totp_code(device: TOTPDevice) -> str:
    """Compute the device's current code per RFC 6238 from its key."""
    counter = (int(time.time()) - device.t0) // device.step
    digest = hmac.new(
        bytes.fromhex(device.key), counter.to_bytes(8, "big"), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 10**6:06d}"


def log_in(page: Page, live_server, username, next_path=""):
    page.goto(live_server.url + reverse("login") + next_path)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()


@pytest.fixture
def school():
    return School.objects.create(name="Basisschool De Linde")


def make_member(username, school, role):
    user = User.objects.create_user(username, password=PASSWORD, first_name="Tom")
    Membership.objects.create(user=user, school=school, role=role)
    return user


def test_no_csp_violation_on_main_pages(page: Page, live_server, school):
    coordinator = make_member("meester.tom", school, Role.COORDINATOR)
    pupil = Pupil.objects.create(
        school=school, first_name="Zoë", last_name="Van den Broeck", class_name="5A"
    )
    document = create_growth_document(
        pupil=pupil,
        coach=coordinator,
        held_on=datetime.date(2026, 11, 16),
        follow_up_on=datetime.date(2026, 11, 30),
        action_points=[ActionPointInput(wish="Rustig blijven", scale_value=4)],
    )
    follow_up = start_follow_up(document, coordinator)
    other = Pupil.objects.create(
        school=school, first_name="Lars", last_name="Maes", class_name="5A"
    )
    first = start_first_conversation(other, coordinator)
    console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "meester.tom")
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()

    paths = [
        reverse("login") + "?probe=1",
        reverse("overview"),
        reverse("pupils:list"),
        reverse("pupils:add"),
        pupil.get_absolute_url(),
        document.get_absolute_url(),
        reverse("growth:edit", args=[document.uuid]),
        reverse("growth:history", args=[document.uuid]),
        reverse("growth:manage", args=[document.uuid]),
        reverse("growth:print", args=[document.uuid]),
        reverse("conversations:starters"),
        reverse("imports:upload"),
        reverse("exports:index"),
        reverse("calendar_settings"),
        reverse("two_factor"),
    ]
    for conversation in (first, follow_up):
        paths += [
            reverse("conversations:step", args=[conversation.uuid, step.slug])
            for step in steps_for(conversation)
        ]

    # The listener reports what the policy blocks: an inline style attribute.
    page.goto(live_server.url + reverse("overview"))
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    page.wait_for_timeout(200)
    console_errors.clear()

    violations = {}

    def visit_all():
        for path in paths:
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            found = page.evaluate("window.__cspViolations")
            if found:
                violations[path] = found

    visit_all()
    # The same steps in the pupil view.
    for conversation in (first, follow_up):
        step = steps_for(conversation)[0]
        page.goto(
            live_server.url
            + reverse("conversations:step", args=[conversation.uuid, step.slug])
        )
        page.get_by_role("button", name="Leerlingweergave").click()
        expect(
            page.get_by_role("button", name="Terug naar de begeleider")
        ).to_be_visible()
    visit_all()

    assert violations == {}
    assert [text for text in console_errors if "Content Security Policy" in text] == []


def test_two_factor_setup_and_login(page: Page, live_server, school, tmp_path):
    make_member("juf.an", school, Role.COACH)
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, live_server, "juf.an")
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()

    page.get_by_role("link", name="Tweestapsverificatie").click()
    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    page.screenshot(path=tmp_path / "two-factor-setup.png", full_page=True)
    assert_accessible(page)
    device = TOTPDevice.objects.get(user__username="juf.an")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    # A wrong code makes the next check wait a second.
    time.sleep(1.5)
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()

    expect(page.get_by_role("heading", name="Je reservecodes")).to_be_visible()
    expect(page.locator(".backup-codes li")).to_have_count(10)
    backup_code = page.locator(".backup-codes li").first.inner_text()
    page.screenshot(path=tmp_path / "backup-codes.png", full_page=True)
    assert_accessible(page)

    page.get_by_role("button", name="Afmelden").click()
    log_in(page, live_server, "juf.an")
    expect(page.get_by_role("heading", name="Aanmelden met een code")).to_be_visible()
    page.get_by_label("Code").fill("wrong")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    page.screenshot(path=tmp_path / "login-code.png", full_page=True)
    assert_accessible(page)
    # The backup codes have their own throttle, which the wrong code started.
    time.sleep(1.5)
    page.get_by_label("Code").fill(backup_code)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()

    page.get_by_role("link", name="Tweestapsverificatie").click()
    expect(page.get_by_text("Je hebt nog 9 reservecodes.")).to_be_visible()
    page.screenshot(path=tmp_path / "two-factor-on.png", full_page=True)
    assert_accessible(page)


def test_required_two_factor_and_security_page(
    page: Page, live_server, school, tmp_path
):
    make_member("directie", school, Role.ADMIN)
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, live_server, "directie")

    page.get_by_role("link", name="Beveiliging").click()
    expect(page.get_by_role("heading", name="Beveiliging")).to_be_visible()
    page.screenshot(path=tmp_path / "security-settings.png", full_page=True)
    assert_accessible(page)
    page.get_by_label("Tweestapsverificatie verplichten").check()
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Je school vraagt tweestapsverificatie")).to_be_visible()
    page.get_by_role("link", name="Leerlingen").click()
    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    school.refresh_from_db()
    assert school.two_factor_required


def test_autosave_after_sign_out_keeps_text(page: Page, live_server, school):
    make_member("juf.an", school, Role.COACH)
    Pupil.objects.create(
        school=school, first_name="Zoë", last_name="Van den Broeck", class_name="5A"
    )
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "juf.an")
    page.get_by_role("link", name="Leerlingen").click()
    page.get_by_role("link", name="Van den Broeck, Zoë").click()
    page.get_by_role("button", name="Gesprek starten").click()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wat zou je anders willen doen of kunnen?").fill("Beter lezen")
    page.get_by_role("button", name="Volgende").click()
    answer = page.get_by_label("Hoe ben je al zo ver geraakt?")
    expect(answer).to_be_visible()
    step_url = page.url

    # The login ends on the server, as after the idle timeout.
    Session.objects.all().delete()
    answer.fill("Door elke avond te oefenen")

    status = page.locator("#save-status")
    expect(status).to_contain_text("Je bent afgemeld")
    assert ConversationEntry.objects.get().how_far in ("", None)

    log_in(page, live_server, "juf.an", "?next=" + step_url.split(live_server.url)[1])
    expect(answer).to_have_value("Door elke avond te oefenen")
    expect(status).to_contain_text("Opgeslagen om")
    assert ConversationEntry.objects.get().how_far == "Door elke avond te oefenen"
