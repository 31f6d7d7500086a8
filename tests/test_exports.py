"""The exports: one pupil's JSON, the school's CSV and XLSX."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from groeidocument.growth.models import ActionPoint, Conversation, ConversationEntry
from groeidocument.lib.spreadsheet import neutralise, write_csv, write_xlsx

SCHOOL_ROUTES = ["exports:school_csv", "exports:school_xlsx"]
DOWNLOAD_ROUTES = [*SCHOOL_ROUTES, "exports:pupil"]
# Text a spreadsheet could run, one per character that starts a formula.
FORMULAS = [
    '=HYPERLINK("http://example.invalid")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\0=1+1",
]
# PostgreSQL cannot store NUL in text, so a pupil's data never contains it.
STORABLE_FORMULAS = [formula for formula in FORMULAS if "\0" not in formula]


def url_for(route, document):
    if route == "exports:pupil":
        return reverse(route, args=[document.pupil.uuid])
    return reverse(route)


def read_csv(response):
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return workbook.active


# The per-view checklist.


@pytest.mark.parametrize("route", DOWNLOAD_ROUTES)
@pytest.mark.parametrize("persona", ["coordinator", "school_admin"])
def test_download_works(route, persona, request, login, document):
    client = login(request.getfixturevalue(persona))

    response = client.get(url_for(route, document))

    assert response.status_code == 200
    assert response.content


@pytest.mark.parametrize("route", [*DOWNLOAD_ROUTES, "exports:index"])
def test_coach_gets_403(route, login, coach, document):
    response = login(coach).get(url_for(route, document))

    assert response.status_code == 403


def test_pupil_of_other_school_not_found(login, outsider, document):
    response = login(outsider).get(url_for("exports:pupil", document))

    assert response.status_code == 404


def test_school_export_holds_only_own_school(login, outsider, document):
    response = login(outsider).get(reverse("exports:school_csv"))

    rows = read_csv(response)
    assert len(rows) == 1
    assert "Zoë" not in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("route", [*DOWNLOAD_ROUTES, "exports:index"])
def test_post_is_not_allowed(route, login, coordinator, document):
    response = login(coordinator).post(url_for(route, document))

    assert response.status_code == 405


@pytest.mark.parametrize("route", DOWNLOAD_ROUTES)
def test_download_is_not_stored(route, login, coordinator, document):
    response = login(coordinator).get(url_for(route, document))

    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("route", DOWNLOAD_ROUTES)
def test_download_has_safe_file_name(route, login, coordinator, school, document):
    school.name = 'Sint-Jozef "Ø" / Çà;\r\nX'
    school.save()

    response = login(coordinator).get(url_for(route, document))

    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="groeidocument-')
    assert disposition.isascii()
    filename = disposition.removeprefix('attachment; filename="').removesuffix('"')
    assert all(char.isalnum() or char in "-." for char in filename)


def test_index_links_downloads(login, school_admin):
    response = login(school_admin).get(reverse("exports:index"))

    assert response.status_code == 200
    assert reverse("exports:school_csv").encode() in response.content
    assert reverse("exports:school_xlsx").encode() in response.content


def test_pupil_page_links_export_for_coordinator(login, coordinator, pupil):
    response = login(coordinator).get(reverse("pupils:detail", args=[pupil.uuid]))

    assert reverse("exports:pupil", args=[pupil.uuid]).encode() in response.content


def test_pupil_page_hides_export_from_coach(login, coach, pupil):
    response = login(coach).get(reverse("pupils:detail", args=[pupil.uuid]))

    assert b"export.json" not in response.content


# The pupil's JSON export.


def test_pupil_export_holds_everything(login, coordinator, coach, document):
    # The school lets care coordinators read the coach notes, so they are
    # exported too.
    school = document.pupil.school
    school.coordinators_read_notes = True
    school.save()
    conversation = document.conversations.get()
    conversation.coach_notes = {"scaling": "Alleen voor de begeleider."}
    conversation.compliment = "Knap dat je dit durft te zeggen."
    conversation.save()

    response = login(coordinator).get(url_for("exports:pupil", document))

    export = json.loads(response.content)
    assert export["pupil"]["first_name"] == "Zoë"
    assert export["pupil"]["class_name"] == "5A"
    assert "search_name" not in export["pupil"]
    [exported_document] = export["growth_documents"]
    assert exported_document["coach"] == {"username": "owner", "name": "Owner"}
    [action_point] = exported_document["action_points"]
    assert action_point["wish"] == "Ik wil rustig blijven als iemand mij plaagt."
    assert action_point["domain"] == "conflicts"
    [exported_conversation] = exported_document["conversations"]
    assert exported_conversation["coach_notes"] == {
        "scaling": "Alleen voor de begeleider."
    }
    assert exported_conversation["compliment"] == "Knap dat je dit durft te zeggen."
    assert exported_conversation["held_on"] == "2026-11-16"
    [entry] = exported_conversation["entries"]
    assert entry["scale_value"] == 4
    assert entry["first_step"] == "Diep ademhalen."
    assert entry["pupil_written"] == ["first_step"]
    assert entry["action_point"] == 1


def test_pupil_export_holds_events(login, coordinator, coach, document):
    from groeidocument.growth.services import close_document

    close_document(document, user=coach, reason="goal_reached")

    response = login(coordinator).get(url_for("exports:pupil", document))

    [exported_document] = json.loads(response.content)["growth_documents"]
    [event] = exported_document["events"]
    assert event["kind"] == "closed"
    assert event["actor"]["username"] == "owner"


def test_pupil_export_has_no_password_hash(login, coordinator, document):
    response = login(coordinator).get(url_for("exports:pupil", document))

    assert b"password" not in response.content
    assert b"md5$" not in response.content


# The school's CSV and XLSX.


def test_csv_row_per_entry(login, coordinator, document):
    response = login(coordinator).get(reverse("exports:school_csv"))

    header, row = read_csv(response)
    assert header[0] == "School"
    assert header[3] == "Voornaam"
    assert row[:5] == ["Basisschool De Linde", "5A", row[2], "Zoë", "Van den Broeck"]
    assert row[8] == "1"
    assert row[12] == "2026-11-16"
    assert row[14] == "4"
    assert row[15] == "2026-11-30"


def test_csv_leaves_out_drafts(login, coordinator, coach, document):
    from groeidocument.conversations.services import start_follow_up

    draft = start_follow_up(document, coach)
    ConversationEntry.objects.create(
        conversation=draft, action_point=ActionPoint.objects.get(), scale_value=6
    )

    rows = read_csv(login(coordinator).get(reverse("exports:school_csv")))

    assert len(rows) == 2
    assert Conversation.objects.count() == 2


@pytest.mark.parametrize("formula", STORABLE_FORMULAS)
def test_csv_neutralises_formula(formula, login, coordinator, pupil, document):
    pupil.first_name = formula
    pupil.save()
    ActionPoint.objects.update(wish=formula)

    rows = read_csv(login(coordinator).get(reverse("exports:school_csv")))

    assert rows[1][3] == "'" + formula
    assert rows[1][9] == "'" + formula


@pytest.mark.parametrize("formula", STORABLE_FORMULAS)
def test_xlsx_neutralises_formula(formula, login, coordinator, pupil, document):
    pupil.first_name = formula
    pupil.save()

    sheet = read_xlsx(login(coordinator).get(reverse("exports:school_xlsx")))

    cell = sheet.cell(row=2, column=4)
    assert cell.data_type == "s"
    # XML parsers read a carriage return in text as a line feed.
    assert cell.value == "'" + formula.replace("\r", "\n")


def test_xlsx_keeps_numbers_and_dates(login, coordinator, document):
    sheet = read_xlsx(login(coordinator).get(reverse("exports:school_xlsx")))

    position, held_on, scale_value, follow_up_on = (
        sheet.cell(row=2, column=column).value for column in (9, 13, 15, 16)
    )
    assert position == 1
    assert scale_value == 4
    assert isinstance(scale_value, int)
    assert held_on == datetime.datetime(2026, 11, 16)
    assert follow_up_on == datetime.datetime(2026, 11, 30)
    assert sheet.cell(row=2, column=16).is_date


def test_markup_in_names_stays_text(login, coordinator, pupil, document):
    pupil.first_name = "<script>alert(1)</script>"
    pupil.save()

    rows = read_csv(login(coordinator).get(reverse("exports:school_csv")))
    sheet = read_xlsx(login(coordinator).get(reverse("exports:school_xlsx")))

    assert rows[1][3] == "<script>alert(1)</script>"
    assert sheet.cell(row=2, column=4).value == "<script>alert(1)</script>"


# The spreadsheet helper on its own.


@pytest.mark.parametrize("text", ["Zoë", "3B", "a=b", "e-mail", " =1", ""])
def test_neutralise_leaves_plain_text(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("formula", FORMULAS)
def test_write_csv_neutralises_formula(formula):
    content = write_csv(["a"], [[formula]])

    [_header, [cell]] = csv.reader(
        io.StringIO(content.decode("utf-8-sig")), delimiter=";"
    )
    assert cell == "'" + formula


@pytest.mark.parametrize("formula", FORMULAS)
def test_write_xlsx_neutralises_formula(formula):
    content = write_xlsx("t", [formula], [[formula]])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    # XML cannot hold NUL, so the XLSX shows a replacement character there,
    # and XML parsers read a carriage return in text as a line feed.
    expected = "'" + formula.replace("\0", "\ufffd").replace("\r", "\n")
    assert sheet.cell(row=1, column=1).value == expected
    assert sheet.cell(row=2, column=1).value == expected
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_write_csv_types_numbers_and_dates():
    content = write_csv(["a", "b", "c"], [[3, datetime.date(2026, 1, 2), None]])

    assert content == "\ufeffa;b;c\r\n3;2026-01-02;\r\n".encode()


def test_write_csv_quotes_semicolons():
    content = write_csv(["a"], [["een; twee"]])

    assert content.decode("utf-8-sig").splitlines()[1] == '"een; twee"'


def test_write_csv_rejects_timestamps():
    with pytest.raises(TypeError):
        write_csv(["a"], [[datetime.datetime(2026, 1, 2, 3, 4)]])


def test_pupil_export_holds_audit_log(login, coordinator, coach, document):
    login(coach).get(reverse("growth:detail", args=[document.uuid]))

    response = login(coordinator).get(url_for("exports:pupil", document))

    [entry] = json.loads(response.content)["audit_log"]
    assert entry["username"] == "owner"
    assert entry["role_label"] == "begeleider"
    assert entry["action"] == "viewed_document"
    assert entry["action_label"] == "bekeek het groeidocument"
    assert entry["growth_document"] == str(document.uuid)
