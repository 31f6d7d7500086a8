"""The calendar settings page in real Chromium at 768 px: copy and new link."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from groeidocument.growth.calendar import feed_for

from .conftest import PASSWORD
from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}


def calendar_page(browser, browser_context_args, live_server, **context_args):
    """Sign in as the coach "owner" in a new context and open the calendar page."""
    context = browser.new_context(
        **{**browser_context_args, "viewport": TABLET, **context_args}
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill("owner")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("link", name="Agenda").click()
    expect(page.get_by_role("heading", name="Opvolgingen in je agenda")).to_be_visible()
    return page


def test_copy_button_copies_the_link(
    browser, browser_context_args, live_server, coach, tmp_path
):
    page = calendar_page(
        browser,
        browser_context_args,
        live_server,
        permissions=["clipboard-read", "clipboard-write"],
    )
    feed_url = page.get_by_label("Je persoonlijke agendalink").input_value()
    assert feed_url.endswith(reverse("calendar_feed", args=[feed_for(coach).token]))

    copy_button = page.get_by_role("button", name="Kopieer de link")
    copy_button.click()

    expect(page.locator("#feed-url-status")).to_have_text("Gekopieerd")
    assert page.evaluate("navigator.clipboard.readText()") == feed_url
    # The confirmation shows once, in the status region: the button keeps its label.
    expect(copy_button).to_have_text("Kopieer de link")
    expect(page.get_by_text("Gekopieerd")).to_have_count(1)
    assert_accessible(page)
    page.screenshot(path=tmp_path / "calendar-copied.png", full_page=True)


def test_copy_without_clipboard_selects_the_link(
    browser, browser_context_args, live_server, coach
):
    page = calendar_page(browser, browser_context_args, live_server)
    # As on plain http from another host, where browsers give no clipboard.
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")

    page.get_by_role("button", name="Kopieer de link").click()

    expect(page.locator("#feed-url-status")).to_contain_text("Kopiëren lukte niet")
    selected = page.evaluate(
        "(() => { const field = document.getElementById('feed-url');"
        " return document.activeElement === field"
        " && field.selectionStart === 0"
        " && field.selectionEnd === field.value.length; })()"
    )
    assert selected


def test_new_link_asks_for_confirmation(
    browser, browser_context_args, live_server, coach, tmp_path
):
    old_token = feed_for(coach).token
    page = calendar_page(browser, browser_context_args, live_server)
    new_link = page.get_by_role("button", name="Nieuwe link maken")

    new_link.click()
    assert feed_for(coach).token == old_token
    expect(page.get_by_role("checkbox")).to_have_js_property(
        "validity.valueMissing", True
    )

    page.get_by_label("Ik weet dat de oude link dan niet meer werkt").check()
    new_link.click()

    expect(page.get_by_role("status").first).to_contain_text(
        "Je hebt een nieuwe link. De oude link werkt niet meer."
    )
    assert feed_for(coach).token != old_token
    assert_accessible(page)
    page.screenshot(path=tmp_path / "calendar-new-link.png", full_page=True)


def test_page_works_without_javascript(
    browser, browser_context_args, live_server, coach, tmp_path
):
    old_token = feed_for(coach).token
    page = calendar_page(
        browser, browser_context_args, live_server, java_script_enabled=False
    )

    expect(page.get_by_role("button", name="Kopieer de link")).to_be_hidden()
    field = page.get_by_label("Je persoonlijke agendalink")
    expect(field).to_be_visible()
    expect(field).to_have_attribute("readonly", "")
    page.screenshot(path=tmp_path / "calendar-without-javascript.png", full_page=True)

    page.get_by_label("Ik weet dat de oude link dan niet meer werkt").check()
    page.get_by_role("button", name="Nieuwe link maken").click()

    expect(page.get_by_role("status").first).to_contain_text("Je hebt een nieuwe link.")
    assert feed_for(coach).token != old_token
