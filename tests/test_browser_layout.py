"""Layout checks at tablet width (768 px) in real Chromium, in Dutch."""

import pytest
from playwright.sync_api import Locator

from .test_browser import assert_accessible
from .test_browser_sharing import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The bottom of the first line of text in an element, in CSS pixels: equal for
# two texts of the same size exactly when they share a baseline.
TEXT_BOTTOM = """element => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (!node.data.trim()) node = walker.nextNode();
  const range = document.createRange();
  range.selectNodeContents(node);
  return range.getClientRects()[0].bottom;
}"""


def text_bottom(locator: Locator) -> float:
    return locator.evaluate(TEXT_BOTTOM)


def test_pupil_table_names_level_with_their_row(
    browser, browser_context_args, live_server, coach, pupil, document, tmp_path
):
    page = signed_in(browser, browser_context_args, live_server, "owner")
    page.get_by_role("link", name="Leerlingen").click()

    row = page.get_by_role("row").filter(has_text="Van den Broeck, Zoë")
    name = text_bottom(row.get_by_role("link", name="Van den Broeck, Zoë"))
    class_name = text_bottom(row.get_by_role("cell", name="5A"))
    page.screenshot(path=tmp_path / "pupils.png", full_page=True)
    assert abs(name - class_name) < 1


def test_overview_names_level_with_their_dates(
    browser, browser_context_args, live_server, coach, pupil, document, tmp_path
):
    page = signed_in(browser, browser_context_args, live_server, "owner")

    item = page.locator(".list > li").filter(has_text="Zoë Van den Broeck").first
    name = text_bottom(item.get_by_role("link"))
    date = text_bottom(item.locator(".subtle"))
    page.screenshot(path=tmp_path / "overview.png", full_page=True)
    assert abs(name - date) < 1


def test_document_toolbar_wraps_as_groups(
    browser, browser_context_args, live_server, coach, pupil, document, tmp_path
):
    page = signed_in(browser, browser_context_args, live_server, "owner")
    page.goto(live_server.url + document.get_absolute_url())

    primary = page.get_by_role("button", name="Opvolggesprek starten")
    secondary = [
        page.get_by_role("link", name=name, exact=True)
        for name in ("Afdrukken", "Pdf downloaden", "Verslag (pdf)", "Wijzigen")
    ]
    tops = {round(link.bounding_box()["y"]) for link in secondary}
    has_horizontal_scroll = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    page.screenshot(path=tmp_path / "document.png", full_page=True)
    assert_accessible(page)
    # At 768 px the primary action fills the first row and the four others
    # share the second, instead of leaving "Wijzigen" alone on a third.
    assert len(tops) == 1
    assert primary.bounding_box()["y"] < min(tops)
    assert not has_horizontal_scroll
