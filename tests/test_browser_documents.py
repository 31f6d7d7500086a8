"""The pupil page, closed documents and share rows in real Chromium at 768 px."""

import datetime

import pytest
from playwright.sync_api import expect

from groeidocument.conversations.services import start_follow_up
from groeidocument.growth.models import Conversation, DocumentShare, GrowthDocument
from groeidocument.growth.services import (
    ActionPointInput,
    close_document,
    create_growth_document,
    share_document,
)

from .conftest import make_user
from .test_browser import assert_accessible
from .test_browser_sharing import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pupil_page_follows_up_open_document(
    browser, browser_context_args, live_server, coach, pupil, document, tmp_path
):
    page = signed_in(browser, browser_context_args, live_server, "owner")
    page.goto(live_server.url + pupil.get_absolute_url())

    follow_up = page.get_by_role("button", name="Opvolggesprek starten")
    expect(follow_up).to_have_class("button--primary")
    expect(
        page.get_by_role("button", name="Nieuw groeidocument starten")
    ).to_be_visible()
    expect(
        page.get_by_role("button", name="Gesprek starten", exact=True)
    ).to_have_count(0)
    expect(page.get_by_text("Opvolgdatum: 30 november 2026")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "pupil-open-document.png", full_page=True)

    follow_up.click()
    expect(page.get_by_role("heading", name="Terugblik", level=1)).to_be_visible()
    assert GrowthDocument.objects.count() == 1
    draft = Conversation.objects.get(kind=Conversation.Kind.FOLLOW_UP)
    assert draft.document == document

    page.goto(live_server.url + pupil.get_absolute_url())
    page.get_by_role("link", name="Gesprek verderzetten").click()
    expect(page.get_by_role("heading", name="Terugblik", level=1)).to_be_visible()
    page.screenshot(path=tmp_path / "pupil-continue.png", full_page=True)


def test_closed_document_is_read_only(
    browser, browser_context_args, live_server, coach, pupil, document, tmp_path
):
    close_document(document, user=coach, reason="goal_reached")
    page = signed_in(browser, browser_context_args, live_server, "owner")

    page.goto(live_server.url + pupil.get_absolute_url())
    expect(page.get_by_text("Opvolgdatum")).to_have_count(0)
    expect(page.get_by_role("button", name="Gesprek starten")).to_be_visible()
    page.screenshot(path=tmp_path / "pupil-closed-document.png", full_page=True)

    page.goto(live_server.url + document.get_absolute_url())
    expect(page.get_by_role("link", name="Wijzigen")).to_have_count(0)

    page.goto(live_server.url + f"/documents/{document.uuid}/edit/")
    expect(page.get_by_role("status")).to_contain_text(
        "Dit groeidocument is afgesloten. Wie het in handen heeft of een "
        "zorgcoördinator moet het eerst weer openen"
    )
    expect(page.get_by_role("button", name="Weer openen")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "edit-closed-document.png", full_page=True)

    page.get_by_role("button", name="Weer openen").click()
    expect(page.get_by_role("link", name="Wijzigen")).to_be_visible()


def test_share_row_switches_access(
    browser, browser_context_args, live_server, school, coach, document, tmp_path
):
    helper = make_user("helper", school)
    share_document(document, user=coach, colleague=helper, access="read")
    page = signed_in(browser, browser_context_args, live_server, "owner")
    page.goto(live_server.url + document.get_absolute_url())
    page.get_by_role("link", name="Afsluiten, delen of overdragen").click()

    page.get_by_role("button", name="Lezen en schrijven toestaan voor Helper").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Helper kan dit groeidocument nu lezen en aanpassen."
    )
    switch_back = page.get_by_role("button", name="Alleen lezen toestaan voor Helper")
    expect(switch_back).to_be_visible()
    assert DocumentShare.objects.get(user=helper).access == "write"
    assert_accessible(page)
    page.screenshot(path=tmp_path / "manage-share-rows.png", full_page=True)

    switch_back.click()
    expect(page.get_by_role("status")).to_contain_text(
        "Helper kan dit groeidocument nu lezen."
    )
    assert DocumentShare.objects.get(user=helper).access == "read"
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_text("lezen en schrijven").first).to_be_visible()


def test_pupil_page_with_draft_in_english(
    browser, browser_context_args, live_server, coach, pupil, document, tmp_path
):
    start_follow_up(document, coach)
    page = signed_in(browser, browser_context_args, live_server, "owner")
    page.goto(live_server.url + pupil.get_absolute_url())
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Taal wijzigen").click()

    expect(page.get_by_role("link", name="Continue the conversation")).to_be_visible()
    expect(
        page.get_by_role("button", name="Start a new growth document")
    ).to_be_visible()
    assert_accessible(page)


def test_pupil_page_names_document_of_two(
    browser, browser_context_args, live_server, coach, pupil, document, tmp_path
):
    newer = create_growth_document(
        pupil=pupil,
        coach=coach,
        held_on=datetime.date(2026, 11, 20),
        # Earlier than the first document's follow-up, so it comes first.
        follow_up_on=datetime.date(2026, 11, 25),
        action_points=[ActionPointInput(wish="Ik wil beter plannen.")],
    )
    page = signed_in(browser, browser_context_args, live_server, "owner")
    page.goto(live_server.url + pupil.get_absolute_url())

    follow_up = page.get_by_role("button", name="Opvolggesprek starten")
    expect(follow_up).to_have_accessible_description(
        "Deze leerling heeft meer dan één open groeidocument: de knop hoort bij "
        "het groeidocument gestart op 20 november 2026."
    )
    assert_accessible(page)
    page.screenshot(path=tmp_path / "pupil-two-documents.png", full_page=True)

    follow_up.click()
    expect(page.get_by_role("heading", name="Terugblik", level=1)).to_be_visible()
    assert Conversation.objects.get(kind=Conversation.Kind.FOLLOW_UP).document == newer


def test_throwing_a_draft_away_needs_a_tick(
    browser, browser_context_args, live_server, coach, document, tmp_path
):
    draft = start_follow_up(document, coach)
    page = signed_in(browser, browser_context_args, live_server, "owner")
    page.goto(live_server.url + document.get_absolute_url())

    page.get_by_text("Dit onafgewerkte gesprek weggooien").click()
    throw = page.get_by_role("button", name="Gooi het weg")
    expect(throw).to_be_visible()
    assert_accessible(page)
    throw.click()
    # The browser asks for the tick first: nothing is sent, nothing is gone.
    assert Conversation.objects.filter(pk=draft.pk).exists()

    page.get_by_label("Ik weet dat alles wat in dit gesprek getypt is").check()
    throw.click()
    expect(page.get_by_text("Het onafgewerkte gesprek is weggegooid.")).to_be_visible()
    page.screenshot(path=tmp_path / "draft-thrown-away.png", full_page=True)
    assert not Conversation.objects.filter(pk=draft.pk).exists()
