"""The conversation mode in real Chromium, at tablet and phone width."""

import re

import pytest
from playwright.sync_api import Page, expect

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.growth.models import ConversationEntry, GrowthDocument
from groeidocument.pupils.models import Pupil

from .conftest import PASSWORD
from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Counted:
    """The page, with every user interaction counted."""

    def __init__(self, page: Page):
        self.page = page
        self.interactions = 0

    def click(self, locator):
        self.interactions += 1
        locator.click()

    def fill(self, locator, text):
        self.interactions += 1
        locator.fill(text)

    def choose(self, locator):
        self.interactions += 1
        locator.check(force=True)


@pytest.fixture
def pupil_page(page: Page, live_server):
    """Signed in as a coach, on the page of the pupil Zoë."""
    school = School.objects.create(name="Basisschool De Linde")
    coach = User.objects.create_user("juf.an", password=PASSWORD, first_name="An")
    Membership.objects.create(user=coach, school=school, role=Role.COACH)
    pupil = Pupil.objects.create(
        school=school, first_name="Zoë", last_name="Van den Broeck", class_name="5A"
    )
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(live_server.url + "/login/")
    page.get_by_label("Gebruikersnaam").fill("juf.an")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.goto(live_server.url + pupil.get_absolute_url())
    return page


def wait_until_saved(page: Page):
    expect(page.locator("#save-status")).to_contain_text("Opgeslagen om")


def test_first_conversation_with_one_action_point(pupil_page: Page, tmp_path):
    counted = Counted(pupil_page)
    page = pupil_page

    counted.click(page.get_by_role("button", name="Gesprek starten"))
    expect(page.get_by_role("heading", name="Gespreksstarter")).to_be_visible()
    counted.click(page.get_by_role("button", name="Kaart 1, omgedraaid"))
    expect(page.locator(".card-face--open")).to_be_visible()
    counted.click(page.get_by_role("button", name="Volgende"))

    counted.fill(
        page.get_by_label("Wat zou je anders willen doen of kunnen?"),
        "Ik wil mijn huiswerk op tijd afhebben.",
    )
    counted.click(page.get_by_role("button", name="Volgende"))

    expect(page.get_by_role("heading", name="Stap 2: inschalen")).to_be_visible()
    counted.choose(page.get_by_role("radio", name="6", exact=True))
    expect(page.get_by_text("Aanvaard het cijfer")).to_be_visible()
    wait_until_saved(page)
    counted.click(page.get_by_role("button", name="Volgende"))

    counted.fill(
        page.get_by_label("Wat ga je eerst doen om je doel te bereiken?"),
        "Mijn agenda elke dag openleggen.",
    )
    counted.click(page.get_by_role("button", name="Volgende"))

    counted.click(page.get_by_role("button", name=re.compile("Over 2 weken")))
    wait_until_saved(page)
    counted.click(page.get_by_role("button", name="Gesprek afronden"))

    expect(page.get_by_text("Het gesprek is afgerond en opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Mijn agenda elke dag openleggen.")).to_be_visible()
    document = GrowthDocument.objects.get()
    entry = ConversationEntry.objects.get()
    assert entry.scale_value == 6
    assert document.next_follow_up_on is not None
    assert document.conversations.get().starter is not None
    # Clicks, fills and choices for a whole first conversation, starter card,
    # first step and follow-up date included. Raise it only for a good reason.
    assert counted.interactions == 11


def test_two_action_points_in_both_views(pupil_page: Page, tmp_path):
    page = pupil_page
    page.get_by_role("button", name="Gesprek starten").click()
    assert_accessible(page)
    page.get_by_role("button", name="Kaart 2, omgedraaid").click()
    assert_accessible(page)
    page.get_by_role("button", name="Volgende").click()

    # Step 1: two action points, the second the more important one.
    page.get_by_label("Wat zou je anders willen doen of kunnen?").fill("Rustig blijven")
    page.get_by_role("button", name="Dit actiepunt bewaren").click()
    page.get_by_label("Wat zou je anders willen doen of kunnen?").last.fill(
        "Vaker mijn vinger opsteken"
    )
    page.get_by_role("radio", name="Plaats in de klasgroep").last.check(force=True)
    page.get_by_role("button", name="Dit actiepunt toevoegen").click()
    page.get_by_role("button", name="Belangrijker: naar boven").click()
    page.get_by_label("Ja, hier kan ik nu aan werken").check()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "step-1.png", full_page=True)
    page.get_by_role("button", name="Volgende").click()

    # Step 2 in the pupil view: large type, no coach prompts or notes.
    page.get_by_role("button", name="Leerlingweergave").click()
    expect(page.get_by_text("Dag Zoë!")).to_be_visible()
    expect(page.get_by_text("Notitie van de begeleider")).to_have_count(0)
    expect(page.get_by_text("Aanvaard het cijfer")).to_have_count(0)
    groups = page.get_by_role("group", name=re.compile("^Waar sta je nu?"))
    groups.nth(0).get_by_role("radio", name="4", exact=True).check(force=True)
    groups.nth(1).get_by_role("radio", name="7", exact=True).check(force=True)
    page.get_by_label("Wie of wat heeft je geholpen?").first.fill("Mijn mama")
    wait_until_saved(page)
    assert_accessible(page)
    page.screenshot(path=tmp_path / "step-2-pupil.png", full_page=True)
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", name="Stap 3: een stapje hoger")).to_be_visible()

    page.get_by_label("Wat ga je eerst doen om je doel te bereiken?").first.fill(
        "Mijn hand opsteken en wachten"
    )
    wait_until_saved(page)
    assert_accessible(page)
    page.get_by_role("button", name="Terug naar de begeleider").click()

    # Step 3 in the coach view: a coach-only note.
    page.get_by_text(
        "Notitie van de begeleider bij deze stap (de leerling ziet ze niet)"
    ).click()
    page.get_by_label("Notitie van de begeleider").fill("Mama helpt thuis mee.")
    wait_until_saved(page)
    assert_accessible(page)
    page.get_by_role("button", name="Volgende").click()

    page.get_by_label("Opvolgdatum").fill("2030-01-15")
    page.get_by_label("Compliment").fill("Je dacht goed mee.")
    wait_until_saved(page)
    assert_accessible(page)
    page.screenshot(path=tmp_path / "agreements.png", full_page=True)
    page.get_by_role("button", name="Gesprek afronden").click()

    expect(page.get_by_text("Het gesprek is afgerond en opgeslagen.")).to_be_visible()
    document = GrowthDocument.objects.get()
    first, second = document.action_points.all()
    assert first.wish == "Vaker mijn vinger opsteken"
    assert first.domain == "social"
    entries = {
        entry.action_point_id: entry for entry in ConversationEntry.objects.all()
    }
    assert entries[first.id].scale_value == 4
    assert entries[second.id].scale_value == 7
    assert entries[first.id].pupil_written == ["first_step", "who_helped"]
    assert document.conversations.get().coach_notes == {
        "step_up": "Mama helpt thuis mee."
    }
    expect(page.get_by_text("Mijn hand opsteken en wachten")).to_be_visible()
    expect(page.get_by_text("(door de leerling geschreven)").first).to_be_visible()
    assert_accessible(page)


def test_reload_before_autosave_loses_nothing(pupil_page: Page):
    page = pupil_page
    page.get_by_role("button", name="Gesprek starten").click()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wat zou je anders willen doen of kunnen?").fill("Beter lezen")
    page.get_by_role("button", name="Volgende").click()
    answer = page.get_by_label("Hoe ben je al zo ver geraakt?")

    # Typed and reloaded at once: the text was not yet sent.
    answer.press_sequentially("Door elke avond te oefenen")
    page.reload()

    expect(answer).to_have_value("Door elke avond te oefenen")
    wait_until_saved(page)
    assert ConversationEntry.objects.get().how_far == "Door elke avond te oefenen"


def test_dropped_network_is_retried(pupil_page: Page):
    page = pupil_page
    page.get_by_role("button", name="Gesprek starten").click()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wat zou je anders willen doen of kunnen?").fill("Beter lezen")
    page.get_by_role("button", name="Volgende").click()

    expect(page.get_by_role("heading", name="Stap 2: inschalen")).to_be_visible()

    page.context.set_offline(True)
    page.get_by_label("Waar heb je dat geleerd?").fill("Op school")
    expect(page.locator("#save-status")).to_contain_text("geen verbinding")
    assert ConversationEntry.objects.get().where_learned == ""

    page.context.set_offline(False)
    wait_until_saved(page)
    assert ConversationEntry.objects.get().where_learned == "Op school"


def test_keyboard_only_conversation(pupil_page: Page):
    page = pupil_page
    keyboard = page.keyboard

    page.get_by_role("button", name="Gesprek starten").focus()
    keyboard.press("Enter")
    page.get_by_role("button", name="Kaart 1, omgedraaid").focus()
    keyboard.press("Enter")
    page.get_by_role("button", name="Volgende").focus()
    keyboard.press("Enter")
    page.get_by_label("Wat zou je anders willen doen of kunnen?").focus()
    keyboard.type("Mijn boekentas zelf maken")
    page.get_by_role("button", name="Volgende").focus()
    keyboard.press("Enter")
    page.get_by_role("radio", name="0", exact=True).focus()
    keyboard.press("Space")
    for _ in range(3):
        keyboard.press("ArrowRight")
    wait_until_saved(page)
    page.get_by_role("button", name="Volgende").focus()
    keyboard.press("Enter")
    page.get_by_role("button", name="Volgende").focus()
    keyboard.press("Enter")
    page.get_by_role("button", name=re.compile("Over 1 week")).focus()
    keyboard.press("Enter")
    wait_until_saved(page)
    page.get_by_role("button", name="Gesprek afronden").focus()
    keyboard.press("Enter")

    expect(page.get_by_text("Het gesprek is afgerond en opgeslagen.")).to_be_visible()
    assert ConversationEntry.objects.get().scale_value == 3


def test_conversation_on_a_phone(pupil_page: Page, tmp_path):
    page = pupil_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="Gesprek starten").click()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wat zou je anders willen doen of kunnen?").fill("Beter lezen")
    page.get_by_role("button", name="Volgende").click()

    radio_box = page.locator(".scale--large span").first.bounding_box()
    has_horizontal_scroll = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    page.screenshot(path=tmp_path / "phone-scaling.png", full_page=True)
    assert_accessible(page)
    assert radio_box["width"] >= 44
    assert radio_box["height"] >= 44
    assert not has_horizontal_scroll


def test_editing_the_starter_deck(pupil_page: Page):
    page = pupil_page
    page.get_by_role("link", name="Instellingen").click()
    page.get_by_label("Vraag").fill("Wat is je lievelingsboek?")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("De kaart zit nu in de stapel.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Wijzigen: Wat is je lievelingsboek?").click()
    page.get_by_label("In de stapel").uncheck()
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("De kaart is opgeslagen.")).to_be_visible()
    row = page.get_by_role("listitem").filter(has_text="Wat is je lievelingsboek?")
    expect(row).to_contain_text("uit de stapel")


@pytest.mark.parametrize("view", ["coach", "pupil"])
def test_every_step_is_accessible(pupil_page: Page, view):
    page = pupil_page
    page.get_by_role("button", name="Gesprek starten").click()
    if view == "pupil":
        page.get_by_role("button", name="Leerlingweergave").click()
        expect(page.get_by_text("Dag Zoë!")).to_be_visible()

    for title in STEP_TITLES:
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        if title == "Stap 1: actiepunt":
            page.get_by_label("Wat zou je anders willen doen of kunnen?").fill("Lezen")
        assert_accessible(page)
        if title != STEP_TITLES[-1]:
            page.get_by_role("button", name="Volgende").click()


STEP_TITLES = [
    "Gespreksstarter",
    "Stap 1: actiepunt",
    "Stap 2: inschalen",
    "Stap 3: een stapje hoger",
    "Afspraken",
]


def test_saved_action_point_leaves_the_new_field_empty(pupil_page: Page):
    page = pupil_page
    page.get_by_role("button", name="Gesprek starten").click()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wat zou je anders willen doen of kunnen?").fill("Beter lezen")
    page.get_by_role("radio", name="Problemen oplossen").check(force=True)
    # Long enough for an autosave to run before the button is pressed.
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Dit actiepunt bewaren").click()

    new_field = page.get_by_label("Wat zou je anders willen doen of kunnen?").last
    expect(page.get_by_role("group", name="Nog een actiepunt")).to_be_visible()
    page.wait_for_timeout(1000)
    expect(new_field).to_have_value("")
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", name="Stap 2: inschalen")).to_be_visible()
    assert GrowthDocument.objects.get().action_points.count() == 1


FOCUSED_FIELD_PLACE = """() => {
  const field = document.activeElement;
  if (!field.matches("textarea, input[type=text], input[type=date]")) return null;
  const box = field.getBoundingClientRect();
  const bar = document.querySelector(".mode-bar").getBoundingClientRect();
  const status = document.getElementById("save-status").getBoundingClientRect();
  return {
    name: field.name,
    belowBar: box.top >= bar.bottom,
    inViewport: box.bottom <= window.innerHeight,
    statusInBar: status.top >= bar.top && status.bottom <= bar.bottom,
    statusInViewport: status.top >= 0 && status.bottom <= window.innerHeight,
  };
}"""


def check_focused_field(page: Page, places: list):
    """Type into the focused text field and record where it and the status sit."""
    place = page.evaluate(FOCUSED_FIELD_PLACE)
    if place is None:
        return
    page.keyboard.type("x")
    place = page.evaluate(FOCUSED_FIELD_PLACE)
    places.append(place)
    assert place["belowBar"], place
    assert place["inViewport"], place
    assert place["statusInBar"], place
    assert place["statusInViewport"], place


def tab_through(page: Page, key: str, last, places: list):
    """Press key until last has focus, checking every text field on the way."""
    for _ in range(60):
        page.keyboard.press(key)
        check_focused_field(page, places)
        if last.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{key} never reached {last}")


@pytest.mark.parametrize("view", ["coach", "pupil"])
def test_save_status_never_covers_a_field(pupil_page: Page, view, tmp_path):
    page = pupil_page
    page.set_viewport_size({"width": 768, "height": 1024})
    page.get_by_role("button", name="Gesprek starten").click()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wat zou je anders willen doen of kunnen?").fill("Beter lezen")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Volgende").click()
    # Step 3 asks the most questions, so it runs past the bottom of the screen.
    expect(page.get_by_role("heading", name="Stap 3: een stapje hoger")).to_be_visible()
    if view == "pupil":
        page.get_by_role("button", name="Leerlingweergave").click()
        expect(page.get_by_text("Dag Zoë!")).to_be_visible()
    else:
        page.locator("details.coach-note summary").click()
        expect(page.get_by_label("Notitie van de begeleider")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollHeight > innerHeight")

    # Down the step with Tab, then back up with Shift+Tab: every text field
    # that gets focus sits between the sticky bar and the bottom of the screen.
    places = []
    page.locator("h1").focus()
    tab_through(page, "Tab", page.get_by_role("button", name="Volgende"), places)
    page.screenshot(path=tmp_path / f"save-status-{view}-bottom.png")
    tab_through(page, "Shift+Tab", page.locator("#step-form textarea").first, places)

    assert len({place["name"] for place in places}) >= 5
    wait_until_saved(page)
    assert_accessible(page)
