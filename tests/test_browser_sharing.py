"""Sharing and two people in one conversation, in real Chromium at 768 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from groeidocument.conversations.services import start_follow_up
from groeidocument.growth.models import ConversationEntry, DocumentShare
from groeidocument.growth.services import share_document

from .conftest import PASSWORD, make_user
from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}


def signed_in(browser: Browser, browser_context_args, live_server, username):
    """Open a new browser context, as its own person, signed in as username."""
    context = browser.new_context(**{**browser_context_args, "viewport": TABLET})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()
    return page


def test_share_with_colleague(
    browser, browser_context_args, live_server, school, coach, document, tmp_path
):
    colleague = make_user("colleague", school)
    colleague.first_name = "<script>alert(1)</script>"
    colleague.save()
    page = signed_in(browser, browser_context_args, live_server, "owner")
    page.goto(live_server.url + document.get_absolute_url())
    page.get_by_role("link", name="Afsluiten, delen of overdragen").click()

    page.get_by_label("Collega", exact=True).select_option(
        label="<script>alert(1)</script>"
    )
    page.get_by_role("radio", name="Lezen en schrijven").check(force=True)
    page.get_by_role("button", name="Delen of toegang wijzigen").click()

    expect(page.get_by_role("status")).to_contain_text(
        "<script>alert(1)</script> kan dit groeidocument nu lezen en aanpassen."
    )
    sharing = page.locator("section", has=page.get_by_role("heading", name="Delen"))
    expect(sharing).to_contain_text("lezen en schrijven")
    assert_accessible(page)
    page.screenshot(path=tmp_path / "document-sharing.png", full_page=True)
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_text("Gedeeld met <script>alert(1)</script>")).to_be_visible()
    assert DocumentShare.objects.get().access == "write"

    other = signed_in(browser, browser_context_args, live_server, "colleague")
    expect(
        other.get_by_text("gedeeld met jou om te lezen en te schrijven")
    ).to_be_visible()
    assert_accessible(other)
    other.screenshot(path=tmp_path / "overview-shared.png", full_page=True)
    other.goto(live_server.url + document.get_absolute_url())
    expect(other.get_by_role("link", name="Wijzigen")).to_be_visible()
    manage_tab = other.get_by_role("link", name="Afsluiten, delen of overdragen")
    expect(manage_tab).to_have_count(0)
    other.screenshot(path=tmp_path / "document-as-writer.png", full_page=True)


def test_two_people_in_one_conversation(
    browser, browser_context_args, live_server, school, coach, document, tmp_path
):
    writer = make_user("writer", school)
    share_document(document, user=coach, colleague=writer, access="write")
    draft = start_follow_up(document, coach)
    url = live_server.url + reverse(
        "conversations:step", args=[draft.uuid, "looking_back"]
    )
    label = "Wat gaat er al beter, ook al is het maar een klein beetje?"
    holder = signed_in(browser, browser_context_args, live_server, "owner")
    helper = signed_in(browser, browser_context_args, live_server, "writer")
    holder.goto(url)
    helper.goto(url)

    holder.get_by_label(label).fill("Ik blijf vaker rustig.")
    expect(holder.locator("#save-status")).to_contain_text("Opgeslagen om")
    helper.get_by_label(label).fill("Ik loop weg en tel tot tien.")

    conflict = helper.locator(".conflict")
    expect(conflict).to_contain_text("Ik blijf vaker rustig.")
    expect(helper.get_by_label(label)).to_have_value("Ik loop weg en tel tot tien.")
    stored_copy = helper.evaluate("Object.values({...localStorage}).join(' ')")
    assert "Ik loop weg en tel tot tien." in stored_copy
    entry = ConversationEntry.objects.get(conversation=draft)
    assert entry.going_better == "Ik blijf vaker rustig."
    assert_accessible(helper)
    helper.screenshot(path=tmp_path / "conflict.png", full_page=True)

    helper.get_by_role("button", name="Mijn tekst bewaren").click()
    expect(helper.locator("#save-status")).to_contain_text("Opgeslagen om")
    expect(conflict).to_have_count(0)
    entry.refresh_from_db()
    assert entry.going_better == "Ik loop weg en tel tot tien."

    # The holder's page still has the old base: their next change conflicts.
    holder.get_by_label(label).fill("Ik blijf vaker rustig, ook op de speelplaats.")
    expect(holder.locator(".conflict")).to_contain_text("Ik loop weg en tel tot tien.")
    holder.get_by_role("button", name="De andere tekst overnemen").click()
    expect(holder.get_by_label(label)).to_have_value("Ik loop weg en tel tot tien.")
    expect(holder.locator(".conflict")).to_have_count(0)
    expect(holder.locator("#save-status")).to_contain_text("Opgeslagen om")
    entry.refresh_from_db()
    assert entry.going_better == "Ik loop weg en tel tot tien."


def test_notes_setting_on_settings_page(
    browser, browser_context_args, live_server, school, coordinator, tmp_path
):
    page = signed_in(browser, browser_context_args, live_server, "coordinator")
    page.get_by_role("link", name="Instellingen").click()

    page.get_by_label("Zorgcoördinatoren lezen de notities van de begeleiders").check()
    page.get_by_role("button", name="Opslaan").nth(1).click()

    expect(page.get_by_role("status")).to_contain_text("De instelling is opgeslagen.")
    assert_accessible(page)
    page.screenshot(path=tmp_path / "settings-notes.png", full_page=True)
    school.refresh_from_db()
    assert school.coordinators_read_notes is True


def test_reader_sees_shared_document(
    browser, browser_context_args, live_server, school, coach, document, tmp_path
):
    reader = make_user("reader", school)
    share_document(document, user=coach, colleague=reader, access="read")
    page = signed_in(browser, browser_context_args, live_server, "reader")

    page.goto(live_server.url + document.pupil.get_absolute_url())
    expect(page.get_by_text("gedeeld met jou om te lezen")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "pupil-shared-read.png", full_page=True)

    page.get_by_role("link", name="Gestart op 16 november 2026").click()
    expect(page.get_by_role("link", name="Afdrukken")).to_be_visible()
    expect(page.get_by_role("link", name="Wijzigen")).to_have_count(0)
    expect(page.get_by_role("button", name="Opvolggesprek starten")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=tmp_path / "document-shared-read.png", full_page=True)

    page.goto(live_server.url + reverse("growth:edit", args=[document.uuid]))
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
    page.screenshot(path=tmp_path / "edit-refused.png", full_page=True)


def test_withdrawn_share_stops_the_autosave_with_a_reason(
    browser, browser_context_args, live_server, school, coach, document
):
    writer = make_user("writer", school)
    share = share_document(document, user=coach, colleague=writer, access="write")
    draft = start_follow_up(document, coach)
    helper = signed_in(browser, browser_context_args, live_server, "writer")
    helper.goto(
        live_server.url
        + reverse("conversations:step", args=[draft.uuid, "looking_back"])
    )
    answer = helper.get_by_label(
        "Wat gaat er al beter, ook al is het maar een klein beetje?"
    )
    expect(answer).to_be_visible()

    share.delete()
    answer.fill("Ik tel tot tien.")

    status = helper.locator("#save-status")
    expect(status).to_contain_text("je hebt geen toegang meer tot dit gesprek")
    expect(answer).to_have_value("Ik tel tot tien.")
    stored_copy = helper.evaluate("Object.values({...localStorage}).join(' ')")
    assert "Ik tel tot tien." in stored_copy
    saved = ConversationEntry.objects.filter(
        conversation=draft, going_better="Ik tel tot tien."
    )
    assert not saved.exists()
