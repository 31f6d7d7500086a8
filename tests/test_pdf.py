"""The PDF downloads: the pupil's copy, the full report and a class."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from groeidocument.conversations.services import start_follow_up
from groeidocument.growth.pdf import pdf_file_name
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.lib.pdf import StaticFileFetcher
from groeidocument.pupils.models import Pupil

# Names and answers in the scripts a Flemish school meets, typed as a user
# would type them. Each must come out of the PDF as text, not as boxes.
NAMES = [
    ("Zoë", "Van den Broeck"),
    ("Ayşe", "Yılmaz"),
    ("Łukasz", "Wójcik"),
    ("Nguyễn", "Thị Ánh"),
    ("Ольга", "Шевченко"),
    ("Νίκος", "Παπαδόπουλος"),
    ("مريم", "الحسن"),
]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def one_line(text: str) -> str:
    """Join the lines of extracted text, because long answers wrap."""
    return " ".join(text.split())


def embedded_fonts(content: bytes) -> dict[str, bool]:
    """Map each font of the PDF to whether its font file is embedded."""
    reader = PdfReader(io.BytesIO(content))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font["/FontDescriptor"]
            ).get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def make_document(school, coach, first_name, last_name, class_name="5A", **answers):
    pupil = Pupil.objects.create(
        school=school, first_name=first_name, last_name=last_name, class_name=class_name
    )
    return create_growth_document(
        pupil=pupil,
        coach=coach,
        held_on=datetime.date(2026, 11, 16),
        follow_up_on=datetime.date(2026, 11, 30),
        action_points=[
            ActionPointInput(
                wish=answers.pop("wish", "Rustig blijven."),
                domain="conflicts",
                wish_by_pupil=True,
                scale_value=4,
                answers={
                    "strengths": "Bij voetbal blijf ik rustig.",
                    "goal": "Weglopen.",
                    "support": "Een teken afspreken.",
                    "first_step": "Diep ademhalen.",
                    "next_step": "Naar de juf gaan.",
                    **answers,
                },
                pupil_written=["first_step"],
            )
        ],
    )


def get_pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    return response


# The pupil's copy -----------------------------------------------------------


def test_pupil_copy_downloads(login, coach, document):
    response = get_pdf(login(coach), reverse("growth:pdf", args=[document.uuid]))

    assert response.content.startswith(b"%PDF-")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="groeidocument-zoe-van-den-broeck-2026-11-16.pdf"'
    )
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    text = one_line(pdf_text(response.content))
    assert "Zoë Van den Broeck" in text
    assert "Wat kan je al goed en hoe doe je dat?" in text
    assert "Bij voetbal blijf ik rustig." in text
    assert "Diep ademhalen." in text


def test_pupil_copy_for_coordinator(login, coordinator, document):
    get_pdf(login(coordinator), reverse("growth:pdf", args=[document.uuid]))


@pytest.mark.parametrize("persona", ["colleague", "school_admin", "outsider"])
def test_pupil_copy_hidden_from_others(persona, request, login, document):
    client = login(request.getfixturevalue(persona))

    response = client.get(reverse("growth:pdf", args=[document.uuid]))

    assert response.status_code == 404


def test_pupil_copy_rejects_post(login, coach, document):
    response = login(coach).post(reverse("growth:pdf", args=[document.uuid]))

    assert response.status_code == 405


def test_pupil_copy_title_and_language(login, coach, document):
    response = get_pdf(login(coach), reverse("growth:pdf", args=[document.uuid]))

    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == (
        "Groeidocument van Zoë Van den Broeck · Groeidocument"
    )
    assert reader.trailer["/Root"]["/Lang"] == "nl-BE"


def test_pupil_copy_in_english(login, coach, document, settings):
    client = login(coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = get_pdf(client, reverse("growth:pdf", args=[document.uuid]))

    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "What is your goal?" in one_line(pdf_text(response.content))


def test_pupil_copy_never_shows_coach_notes(login, coach, document):
    conversation = document.conversations.get()
    conversation.coach_notes = {"scaling": "Thuis loopt het moeilijk."}
    conversation.save()

    response = get_pdf(login(coach), reverse("growth:pdf", args=[document.uuid]))

    assert "Thuis loopt het moeilijk" not in one_line(pdf_text(response.content))


@pytest.mark.parametrize("first_name, last_name", NAMES)
def test_names_and_answers_come_out_as_typed(
    first_name, last_name, login, school, coach
):
    answer = f"{first_name} {last_name} oefent elke dag."
    document = make_document(school, coach, first_name, last_name, goal=answer)

    response = get_pdf(login(coach), reverse("growth:pdf", args=[document.uuid]))

    text = one_line(pdf_text(response.content))
    assert f"{first_name} {last_name}" in text
    assert answer in text


def test_fonts_are_embedded(login, school, coach):
    document = make_document(school, coach, "Νίκος", "Шевченко مريم Nguyễn")

    response = get_pdf(login(coach), reverse("growth:pdf", args=[document.uuid]))

    fonts = embedded_fonts(response.content)
    assert fonts, "the PDF holds no fonts"
    assert all(fonts.values()), f"fonts without an embedded file: {fonts}"
    font_names = " ".join(fonts)
    assert "Atkinson-Hyperlegible" in font_names
    assert "+Noto-Sans " in f"{font_names} "
    assert "Noto-Sans-Arabic" in font_names


def test_markup_in_names_prints_as_text(login, school, coach):
    document = make_document(
        school, coach, "<b>Jan</b>", "<img src=x onerror=alert(1)>", goal="<i>x</i>"
    )

    response = get_pdf(login(coach), reverse("growth:pdf", args=[document.uuid]))

    text = one_line(pdf_text(response.content))
    assert "<b>Jan</b> <img src=x onerror=alert(1)>" in text
    assert "<i>x</i>" in text


def test_file_name_is_safe_for_any_name(login, school, coach):
    document = make_document(school, coach, 'Jan "de\r\nBoss"', "Peeters/../x;")

    response = get_pdf(login(coach), reverse("growth:pdf", args=[document.uuid]))

    assert response.headers["Content-Disposition"] == (
        'attachment; filename="groeidocument-jan-de-boss-peetersx-2026-11-16.pdf"'
    )


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Zoë Van den Broeck", "groeidocument-zoe-van-den-broeck-2026-11-16.pdf"),
        ("Ayşe Yılmaz", "groeidocument-ayse-yilmaz-2026-11-16.pdf"),
        ("مريم الحسن", "groeidocument-867e481b-2026-11-16.pdf"),
        ("Ольга", "groeidocument-995a67c4-2026-11-16.pdf"),
        ('a"b\\c/d\ne', "groeidocument-abcd-e-2026-11-16.pdf"),
    ],
)
def test_pdf_file_name(name, expected):
    assert pdf_file_name("groeidocument", name, datetime.date(2026, 11, 16)) == (
        expected
    )


# The full report -------------------------------------------------------------


def test_report_downloads(login, coach, document):
    url = reverse("growth:report_pdf", args=[document.uuid])

    response = get_pdf(login(coach), url)

    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="groeidocument-verslag-zoe-van-den-broeck-2026-11-16.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == (
        "Verslag van het groeidocument van Zoë Van den Broeck · Groeidocument"
    )
    assert reader.trailer["/Root"]["/Lang"] == "nl-BE"
    text = one_line(pdf_text(response.content))
    assert "Ik wil rustig blijven als iemand mij plaagt." in text
    assert "Weglopen en het aan de juf zeggen." in text
    # The progress chart's axis labels are drawn as text.
    assert "16/11/26" in text


@pytest.mark.parametrize("persona", ["colleague", "school_admin", "outsider"])
def test_report_hidden_from_others(persona, request, login, document):
    client = login(request.getfixturevalue(persona))

    response = client.get(reverse("growth:report_pdf", args=[document.uuid]))

    assert response.status_code == 404


def test_report_rejects_post(login, coach, document):
    response = login(coach).post(reverse("growth:report_pdf", args=[document.uuid]))

    assert response.status_code == 405


@pytest.fixture
def noted_document(document):
    conversation = document.conversations.get()
    conversation.coach_notes = {"scaling": "Thuis loopt het moeilijk."}
    conversation.save()
    return document


def test_report_shows_own_coach_notes(login, coach, noted_document):
    url = reverse("growth:report_pdf", args=[noted_document.uuid])

    response = get_pdf(login(coach), url)

    text = one_line(pdf_text(response.content))
    assert "Thuis loopt het moeilijk." in text
    assert "Dit verslag bevat notities van de begeleider." in text


def test_report_hides_notes_of_others(login, coordinator, noted_document):
    url = reverse("growth:report_pdf", args=[noted_document.uuid])

    response = get_pdf(login(coordinator), url)

    text = one_line(pdf_text(response.content))
    assert "Thuis loopt het moeilijk" not in text
    assert "Bij voetbal blijf ik rustig." in text
    assert "bevat notities" not in text


def test_report_names_come_out_as_typed(login, school, coach):
    document = make_document(
        school, coach, "Ольга", "Παπαδόπουλος", goal="مريم Nguyễn Thị Ánh"
    )

    response = get_pdf(login(coach), reverse("growth:report_pdf", args=[document.uuid]))

    text = one_line(pdf_text(response.content))
    assert "Ольга Παπαδόπουλος" in text
    assert "مريم Nguyễn Thị Ánh" in text


# A class ---------------------------------------------------------------------


def class_url(class_name):
    return reverse("pupils:class_pdf", args=[class_name])


def test_class_pdf_holds_each_pupil_of_class(login, school, coach, colleague):
    make_document(school, coach, "Ольга", "Шевченко")
    make_document(school, coach, "Νίκος", "Παπαδόπουλος")
    make_document(school, coach, "Bram", "Peeters", class_name="6B")
    make_document(school, colleague, "Lotte", "Claes")
    closed = make_document(school, coach, "Emma", "Goossens")
    closed.status = "closed"
    closed.closed_on = closed.started_on
    closed.close_reason = "goal_reached"
    closed.save()

    response = get_pdf(login(coach), class_url("5A"))

    text = one_line(pdf_text(response.content))
    assert "Ольга Шевченко" in text
    assert "Νίκος Παπαδόπουλος" in text
    assert "Bram Peeters" not in text, "a pupil of another class"
    assert "Lotte Claes" not in text, "a document of another coach"
    assert "Emma Goossens" not in text, "a closed document"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="groeidocumenten-klas-5a-'
    )


def test_class_pdf_for_coordinator(login, school, coach, colleague, coordinator):
    make_document(school, coach, "Ольга", "Шевченко")
    make_document(school, colleague, "Lotte", "Claes")

    response = get_pdf(login(coordinator), class_url("5A"))

    text = one_line(pdf_text(response.content))
    assert "Ольга Шевченко" in text
    assert "Lotte Claes" in text


def test_class_pdf_title_and_language(login, coach, document):
    response = get_pdf(login(coach), class_url("5A"))

    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Groeidocumenten van klas 5A · Groeidocument"
    assert reader.trailer["/Root"]["/Lang"] == "nl-BE"


def test_class_without_documents_redirects(login, colleague, document):
    response = login(colleague).get(class_url("5A"))

    assert response.status_code == 302
    assert response.url == reverse("pupils:list") + "?class=5A"


@pytest.mark.parametrize("class_name", ["3B", "9Z", "5A/B"])
def test_class_pdf_of_unknown_class(class_name, login, coach, other_pupil, document):
    response = login(coach).get(class_url(class_name))

    assert response.status_code == 404


def test_class_pdf_with_slash_in_name(login, school, coach):
    make_document(school, coach, "Jan", "Peeters", class_name="5A/B")

    response = get_pdf(login(coach), class_url("5A/B"))

    assert "Jan Peeters" in one_line(pdf_text(response.content))
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="groeidocumenten-klas-5ab-'
    )


def test_class_pdf_rejects_post(login, coach, document):
    assert login(coach).post(class_url("5A")).status_code == 405


# The buttons -----------------------------------------------------------------


def test_document_page_links_the_pdfs(login, coach, document):
    response = login(coach).get(document.get_absolute_url())

    assert reverse("growth:pdf", args=[document.uuid]) in response.text
    assert reverse("growth:report_pdf", args=[document.uuid]) in response.text
    assert "Pdf downloaden" in response.text


def test_pupil_list_links_class_pdf(login, coach, document):
    client = login(coach)

    chosen = client.get(reverse("pupils:list") + "?class=5A")
    unchosen = client.get(reverse("pupils:list"))

    assert class_url("5A") in chosen.text
    assert "/pdf/" not in unchosen.text


# Fetching files --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/static/groeidocument/print.css",
        "https://example.org/font.ttf",
        "file:///etc/passwd",
        "file:///static/../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "file://example.org/static/groeidocument/print.css",
        "data:text/css,body{}",
    ],
)
def test_fetcher_rejects_other_urls(url):
    with pytest.raises(ValueError):
        StaticFileFetcher().fetch(url)


def test_fetcher_reads_static_files():
    response = StaticFileFetcher().fetch("file:///static/groeidocument/print.css")

    assert b".sheet" in response.read()
    assert response.url == "file:///static/groeidocument/print.css"


# After a follow-up -----------------------------------------------------------


@pytest.fixture
def followed_document(client, coach, document):
    """The document after a finished follow-up with scale value 6."""
    follow_up = start_follow_up(document, coach)
    action_point = document.action_points.get()
    prefix = f"ap-{action_point.uuid}-"
    client.force_login(coach)
    steps = [
        ("looking_back", {prefix + "going_better": "Ik loop nu weg."}),
        ("scaling", {prefix + "scale_value": "6"}),
        ("agreements", {"follow_up_in_weeks": "4"}),
    ]
    for slug, data in steps:
        url = reverse("conversations:step", args=[follow_up.uuid, slug])
        client.post(url, data, HTTP_HX_REQUEST="true")
    url = reverse("conversations:step", args=[follow_up.uuid, "agreements"])
    client.post(url, {"action": "finish"})
    document.refresh_from_db()
    return document


def test_report_holds_every_conversation(client, followed_document):
    url = reverse("growth:report_pdf", args=[followed_document.uuid])

    response = get_pdf(client, url)

    text = one_line(pdf_text(response.content))
    assert "Startgesprek" in text
    assert "Opvolggesprek" in text
    assert "Ik loop nu weg." in text
    assert "Schaalcijfer: 4 / 10" in text
    assert "Schaalcijfer: 6 / 10" in text


def test_pupil_copy_shows_latest_scale_value(client, followed_document):
    url = reverse("growth:pdf", args=[followed_document.uuid])

    response = get_pdf(client, url)

    text = one_line(pdf_text(response.content))
    assert "Schaalcijfer: 6 / 10" in text
    assert "Ik loop nu weg." not in text, "not one of the six form questions"
