"""The import screens: upload, columns, preview, confirmation and cancel."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groeidocument.accounts.models import Membership
from groeidocument.imports.pending import SESSION_KEY
from groeidocument.imports.reader import MAX_FILE_BYTES
from groeidocument.pupils.models import Pupil

from .import_files import HEADER, PUPILS, csv_bytes, xlsx_bytes, xlsx_pupils

BAD_ROW = ["100237", "Maes", "Febe", "5B", "31/02/2015"]


def upload_file(client, name, data, **fields):
    return client.post(
        reverse("imports:upload"),
        {
            "file": SimpleUploadedFile(name, data),
            "school_year": "2026-2027",
            **fields,
        },
    )


def token_of(response):
    return re.search(r"/pupils/import/([0-9a-f-]{36})/", response.url)[1]


def fingerprint_of(response):
    return re.search(r'name="fingerprint" value="([0-9a-f]+)"', response.text)[1]


def confirm(client, token, preview, **fields):
    data = {"fingerprint": fingerprint_of(preview), **fields}
    return client.post(reverse("imports:preview", args=[token]), data)


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


def test_pupil_list_links_to_import(coach_client):
    response = coach_client.get(reverse("pupils:list"))

    assert reverse("imports:upload") in response.text
    assert "Klaslijst importeren" in response.text


def test_upload_page_is_dutch(coach_client):
    response = coach_client.get(reverse("imports:upload"))

    assert "Klaslijst importeren" in response.text
    assert "hoogstens 2,0" in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_semicolon_csv_preview_and_import(coach_client, school):
    data = csv_bytes([HEADER, *PUPILS], ";", "cp1252")

    response = upload_file(coach_client, "klaslijst.csv", data)

    assert response.status_code == 302
    token = token_of(response)
    assert response.url == reverse("imports:preview", args=[token])
    assert not Pupil.objects.exists()

    preview = coach_client.get(response.url)
    assert preview.status_code == 200
    assert "Voorvertoning van de import" in preview.text
    assert "Van den Broeck, Zoë" in preview.text
    assert "Müller, Anaïs" in preview.text
    assert preview.text.count('class="outcome outcome--new"') == 3
    assert not Pupil.objects.exists()

    response = confirm(coach_client, token, preview)

    assert response.status_code == 302
    assert response.url == reverse("pupils:list")
    assert Pupil.objects.filter(school=school).count() == 3
    listing = coach_client.get(response.url)
    assert "De klaslijst is geïmporteerd: 3 nieuw" in listing.text
    assert SESSION_KEY not in coach_client.session


def test_xlsx_import(coach_client, school):
    response = upload_file(coach_client, "klaslijst.xlsx", xlsx_bytes(xlsx_pupils()))
    preview = coach_client.get(response.url)

    confirm(coach_client, token_of(response), preview)

    zoe = Pupil.objects.get(external_id="100234")
    assert (zoe.first_name, zoe.last_name, zoe.class_name) == (
        "Zoë",
        "Van den Broeck",
        "5A",
    )
    assert Pupil.objects.count() == 3


def test_utf8_with_byte_order_mark(coach_client):
    data = b"\xef\xbb\xbf" + csv_bytes([HEADER, *PUPILS], ",", "utf-8")

    response = upload_file(coach_client, "klaslijst.csv", data)

    preview = coach_client.get(response.url)
    assert "Van den Broeck, Zoë" in preview.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "klaslijst.xlsx",
            csv_bytes([HEADER, *PUPILS]),
            "Dit bestand is geen Excel-werkmap",
        ),
        (
            "klaslijst.csv",
            csv_bytes([HEADER]) + b"x" * MAX_FILE_BYTES,
            "meer dan de toegelaten 2,0",
        ),
        ("klaslijst.pdf", b"%PDF-1.7", "Je kan alleen CSV-bestanden"),
        ("klaslijst.csv", b"", "Het bestand is leeg"),
        ("klaslijst.csv", csv_bytes([HEADER]), "geen leerlingen daaronder"),
    ],
)
def test_bad_file_is_rejected(coach_client, name, data, message):
    response = upload_file(coach_client, name, data)

    assert response.status_code == 200
    assert message in response.text
    assert SESSION_KEY not in coach_client.session
    assert not Pupil.objects.exists()


def test_several_files_are_rejected(coach_client):
    files = [
        SimpleUploadedFile("a.csv", csv_bytes([HEADER, *PUPILS])),
        SimpleUploadedFile("b.csv", csv_bytes([HEADER, *PUPILS])),
    ]

    response = coach_client.post(
        reverse("imports:upload"), {"file": files, "school_year": "2026-2027"}
    )

    assert response.status_code == 200
    assert "Kies één bestand tegelijk." in response.text
    assert SESSION_KEY not in coach_client.session


def test_missing_file_and_bad_school_year(coach_client):
    response = coach_client.post(reverse("imports:upload"), {"school_year": "2026"})

    assert "Kies het bestand met de klaslijst." in response.text
    assert "Schrijf het schooljaar als twee opeenvolgende jaren" in response.text


def test_upload_wrong_method(coach_client):
    assert coach_client.put(reverse("imports:upload")).status_code == 405


def test_one_bad_row_needs_skip(coach_client, school):
    response = upload_file(
        coach_client, "lijst.csv", csv_bytes([HEADER, *PUPILS, BAD_ROW])
    )
    token = token_of(response)
    preview = coach_client.get(response.url)
    assert "De geboortedatum “31/02/2015” is geen geldige datum." in preview.text
    assert "Sla de foute rijen over" in preview.text
    assert 'name="skip_errors" id="id_skip_errors">' in preview.text

    rejected = confirm(coach_client, token, preview)

    assert rejected.status_code == 200
    assert "Sommige rijen hebben een fout, dus er is niets opgeslagen." in rejected.text
    assert not Pupil.objects.exists()

    done = confirm(coach_client, token, preview, skip_errors="on")

    assert done.status_code == 302
    assert Pupil.objects.count() == 3
    listing = coach_client.get(done.url)
    assert "1 overgeslagen wegens een fout" in listing.text


def test_duplicate_rows_are_errors(coach_client):
    response = upload_file(
        coach_client, "lijst.csv", csv_bytes([HEADER, PUPILS[0], PUPILS[0]])
    )

    preview = coach_client.get(response.url)

    assert "Deze leerling staat ook in rij 2." in preview.text


def test_changed_pupils_show_new_preview(coach_client, school):
    response = upload_file(coach_client, "lijst.csv", csv_bytes([HEADER, *PUPILS]))
    token = token_of(response)
    preview = coach_client.get(response.url)
    Pupil.objects.create(
        school=school,
        first_name="Bram",
        last_name="Peeters",
        class_name="4A",
        external_id="100235",
    )

    changed = confirm(coach_client, token, preview)

    assert changed.status_code == 200
    assert "veranderd sinds de voorvertoning" in changed.text
    assert Pupil.objects.count() == 1
    assert "Klas: 4A → 5A" in changed.text

    done = confirm(coach_client, token, changed)

    assert done.status_code == 302
    assert Pupil.objects.count() == 3


def test_forged_rows_are_ignored(coach_client, school):
    response = upload_file(coach_client, "lijst.csv", csv_bytes([HEADER, PUPILS[0]]))
    preview = coach_client.get(response.url)

    confirm(
        coach_client,
        token_of(response),
        preview,
        first_name="Hacker",
        rows='[[2, ["1", "X", "Y", "1A", ""]]]',
        school=999,
    )

    assert list(Pupil.objects.values_list("first_name", "school")) == [
        ("Zoë", school.pk)
    ]


def test_second_confirmation_shows_message(coach_client):
    response = upload_file(coach_client, "lijst.csv", csv_bytes([HEADER, *PUPILS]))
    token = token_of(response)
    preview = coach_client.get(response.url)
    confirm(coach_client, token, preview)

    again = confirm(coach_client, token, preview)

    assert again.status_code == 302
    listing = coach_client.get(again.url)
    assert "Deze klaslijst is al geïmporteerd." in listing.text
    assert Pupil.objects.count() == 3


def test_mark_missing_as_left(coach_client, pupil):
    response = upload_file(
        coach_client,
        "lijst.csv",
        csv_bytes([HEADER, *PUPILS[1:]]),
        mark_missing_as_left="on",
    )
    preview = coach_client.get(response.url)
    assert "1 leerling staat niet in de lijst" in preview.text
    assert "Van den Broeck, Zoë" in preview.text

    confirm(coach_client, token_of(response), preview)

    pupil.refresh_from_db()
    assert pupil.is_active is False


def test_nothing_to_change_hides_import(coach_client):
    data = csv_bytes([HEADER, *PUPILS])
    first = upload_file(coach_client, "lijst.csv", data)
    confirm(coach_client, token_of(first), coach_client.get(first.url))

    second = upload_file(coach_client, "lijst.csv", data)
    preview = coach_client.get(second.url)

    assert "Er verandert niets" in preview.text
    assert ">Importeren</button>" not in preview.text


def test_preview_wrong_method(coach_client):
    response = upload_file(coach_client, "lijst.csv", csv_bytes([HEADER, *PUPILS]))

    assert coach_client.delete(response.url).status_code == 405


def test_other_users_import_is_not_found(client, coach, colleague):
    client.force_login(coach)
    response = upload_file(client, "lijst.csv", csv_bytes([HEADER, *PUPILS]))
    token = token_of(response)

    client.force_login(colleague)

    assert client.get(reverse("imports:preview", args=[token])).status_code == 404
    assert client.post(reverse("imports:cancel", args=[token])).status_code == 404


def test_import_after_school_switch_is_not_found(client, coach, other_school):
    client.force_login(coach)
    response = upload_file(client, "lijst.csv", csv_bytes([HEADER, *PUPILS]))
    membership = Membership.objects.create(user=coach, school=other_school)
    session = client.session
    session["membership_id"] = membership.pk
    session.save()

    assert client.get(response.url).status_code == 404
    assert not Pupil.objects.exists()


def test_cancel_discards_the_import(coach_client):
    response = upload_file(coach_client, "lijst.csv", csv_bytes([HEADER, *PUPILS]))
    token = token_of(response)

    cancelled = coach_client.post(reverse("imports:cancel", args=[token]))

    assert cancelled.status_code == 302
    assert SESSION_KEY not in coach_client.session
    listing = coach_client.get(cancelled.url)
    assert "Het importeren is geannuleerd. Er is niets opgeslagen." in listing.text
    assert coach_client.get(response.url).status_code == 404
    assert not Pupil.objects.exists()


def test_cancel_wrong_method(coach_client):
    response = upload_file(coach_client, "lijst.csv", csv_bytes([HEADER, *PUPILS]))
    url = reverse("imports:cancel", args=[token_of(response)])

    assert coach_client.get(url).status_code == 405


def test_full_name_column_asks_for_columns(coach_client):
    data = csv_bytes([["Naam", "Klas"], ["Van den Broeck Zoë", "5A"]])

    response = upload_file(coach_client, "lijst.csv", data)

    token = token_of(response)
    assert response.url == reverse("imports:columns", args=[token])
    columns = coach_client.get(response.url)
    assert "Kolom “Naam” bevat de volledige naam" in columns.text
    assert "Bijvoorbeeld: Van den Broeck Zoë" in columns.text
    assert coach_client.get(reverse("imports:preview", args=[token])).url == (
        response.url
    )

    chosen = coach_client.post(
        response.url, {"column_0": "name_last_first", "column_1": "class_name"}
    )

    assert chosen.url == reverse("imports:preview", args=[token])
    preview = coach_client.get(chosen.url)
    assert "Van den Broeck, Zoë" in preview.text


def test_missing_class_column_is_reported(coach_client):
    data = csv_bytes([["Voornaam", "Familienaam"], ["Zoë", "Van den Broeck"]])
    response = upload_file(coach_client, "lijst.csv", data)

    chosen = coach_client.post(
        response.url, {"column_0": "first_name", "column_1": "last_name"}
    )

    assert chosen.status_code == 200
    assert "Kies de kolom met de klas." in chosen.text


def test_columns_wrong_method(coach_client):
    data = csv_bytes([["Naam", "Klas"], ["Van den Broeck Zoë", "5A"]])
    response = upload_file(coach_client, "lijst.csv", data)

    assert coach_client.delete(response.url).status_code == 405


def test_pages_are_not_stored(coach_client):
    response = upload_file(coach_client, "lijst.csv", csv_bytes([HEADER, *PUPILS]))

    preview = coach_client.get(response.url)

    assert preview.headers["Cache-Control"] == "no-store"


def test_names_from_the_file_are_escaped(coach_client):
    script = "<script>alert(1)</script>"
    rows = [["Naam", "Klas", script], [f"Peeters {script}", "5A", script]]

    response = upload_file(coach_client, "lijst.csv", csv_bytes(rows))
    columns = coach_client.get(response.url)
    coach_client.post(
        response.url,
        {"column_0": "name_first_last", "column_1": "class_name", "column_2": ""},
    )
    preview = coach_client.get(reverse("imports:preview", args=[token_of(response)]))

    assert script not in columns.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in columns.text
    assert preview.status_code == 200
    assert script not in preview.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;, Peeters" in preview.text
