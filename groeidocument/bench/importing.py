"""The class-list import of 1,000 rows, timed through its three requests.

One round uploads a CSV file of new pupils, opens the preview and confirms
it, the way a user does in the browser. The pupils it creates are deleted
after the round, outside the timing, so every round imports into the same
data.
"""

import random
import re
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groeidocument.bench.measure import CSRF_SECRET, send, summarise
from groeidocument.lib import fictional
from groeidocument.lib.schoolyear import school_year_of
from groeidocument.pupils.models import Pupil

IMPORT_ROWS = 1000
# The import's own target: upload, preview and confirmation together.
IMPORT_LIMIT_MS = 3000
UPLOAD = "Class-list import: upload"
PREVIEW = "Class-list import: preview"
CONFIRM = "Class-list import: confirmation"
TOTAL = "Class-list import of 1,000 rows"
STEPS = [UPLOAD, PREVIEW, CONFIRM]
HEADER = ["Stamboeknummer", "Familienaam", "Voornaam", "Klas", "Geboortedatum"]
FINGERPRINT = re.compile(rb'name="fingerprint" value="([0-9a-f]+)"')


def class_list_csv(seed: int) -> bytes:
    """Write a CSV class list of IMPORT_ROWS new pupils, as Excel in Belgium does."""
    rng = random.Random(seed)
    today = timezone.localdate()
    lines = [";".join(HEADER)]
    for index in range(IMPORT_ROWS):
        first_name, last_name = fictional.person_name(rng)
        grade = 1 + index % 6
        birth_year = today.year - 6 - grade
        birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{birth_year}"
        class_name = f"{grade}{'ABCD'[index // 6 % 4]}"
        external_id = f"B{seed:03d}{index:05d}"
        lines.append(";".join([external_id, last_name, first_name, class_name, birth]))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def multipart(fields: dict[str, str], file_name: str, content: bytes):
    """Encode a form with one file as multipart/form-data; return body and type."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{file_name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _expect(response, status: int, step: str):
    if response.status != status:
        raise RuntimeError(
            f"{step}: status {response.status}, expected {status}: "
            f"{response.body[:300].decode(errors='replace')}"
        )


def import_once(handler, session, seed: int) -> dict[str, float]:
    """Run upload, preview and confirmation once; return each step's ms.

    Raises RuntimeError when a step responds otherwise than it does for a
    user, such as an upload that shows the form again with an error.
    """
    body, content_type = multipart(
        {
            "csrfmiddlewaretoken": CSRF_SECRET,
            "school_year": school_year_of(timezone.localdate()),
        },
        f"klaslijst-{seed}.csv",
        class_list_csv(seed),
    )
    upload = send(
        handler, reverse("imports:upload"), session, "POST", body, content_type
    )
    _expect(upload, 302, UPLOAD)
    preview_url = upload.headers["Location"]

    preview = send(handler, preview_url, session)
    _expect(preview, 200, PREVIEW)
    found = FINGERPRINT.search(preview.body)
    if found is None:
        raise RuntimeError(f"{PREVIEW}: no fingerprint in the page")

    form = (
        f"csrfmiddlewaretoken={CSRF_SECRET}&fingerprint={found.group(1).decode()}"
    ).encode()
    confirm = send(
        handler,
        preview_url,
        session,
        "POST",
        form,
        "application/x-www-form-urlencoded",
    )
    _expect(confirm, 302, CONFIRM)
    return {
        UPLOAD: upload.milliseconds,
        PREVIEW: preview.milliseconds,
        CONFIRM: confirm.milliseconds,
    }


def _delete_imported(school, last_pupil_id: int) -> int:
    """Delete the pupils that a round imported; return how many it created."""
    deleted, _by_model = Pupil.objects.filter(
        school=school, id__gt=last_pupil_id
    ).delete()
    return deleted


def _last_pupil_id() -> int:
    last = Pupil.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0


def count_import_queries(handler, session, school) -> dict[str, int]:
    """Return the SQL queries of one whole import: upload, preview and confirmation."""
    last_id = _last_pupil_id()
    with CaptureQueriesContext(connection) as queries:
        import_once(handler, session, seed=0)
    created = _delete_imported(school, last_id)
    if created != IMPORT_ROWS:
        raise RuntimeError(f"the import created {created} pupils, not {IMPORT_ROWS}")
    # One capture covers the three requests of the round, so only their total
    # is counted.
    return {TOTAL: len(queries)}


def time_imports(handler, session, school, rounds: int) -> dict[str, dict]:
    """Import a new class list rounds times; summarise each step and the total."""
    samples = {name: [] for name in [*STEPS, TOTAL]}
    for round_number in range(1, rounds + 1):
        last_id = _last_pupil_id()
        steps = import_once(handler, session, seed=round_number)
        _delete_imported(school, last_id)
        for name, milliseconds in steps.items():
            samples[name].append(milliseconds)
        samples[TOTAL].append(sum(steps.values()))
    return {name: summarise(values) for name, values in samples.items()}
