import datetime
import os
import shutil

import pytest
from playwright.sync_api import expect

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.pupils.models import Pupil

# Playwright's sync API runs an event loop in the test thread, and Django then
# rejects ORM calls from that thread unless this variable allows them. That is
# safe here, because the loop only drives the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "a-long-test-password-17"
# A busy two-core CI machine can take longer than Playwright's default 5 s.
expect.set_options(timeout=15_000)
CHROMIUM = "/usr/bin/chromium"
REQUIRE_ALL = os.environ.get("GROEIDOCUMENT_REQUIRE_ALL_TESTS") == "1"


def pytest_collection_modifyitems(config, items):
    """Skip browser tests without Chromium, unless CI requires every test."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if REQUIRE_ALL:
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}; CI requires it.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True)
def _dutch_and_temporary_data(settings, tmp_path):
    settings.LANGUAGE_CODE = "nl-be"
    settings.DATA_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A tablet in landscape, the device the conversation is held on.
    return {
        **browser_context_args,
        "viewport": {"width": 1024, "height": 768},
        "locale": "nl-BE",
        "timezone_id": "Europe/Brussels",
    }


def make_user(username, school, role=Role.COACH):
    user = User.objects.create_user(
        username, password=PASSWORD, first_name=username.capitalize()
    )
    if school is not None:
        Membership.objects.create(user=user, school=school, role=role)
    return user


@pytest.fixture
def school(db):
    return School.objects.create(name="Basisschool De Linde")


@pytest.fixture
def other_school(db):
    return School.objects.create(name="Atheneum Over De Brug")


@pytest.fixture
def coach(school):
    """The owning coach, whose growth documents these tests use."""
    return make_user("owner", school)


@pytest.fixture
def colleague(school):
    """Another coach of the same school."""
    return make_user("colleague", school)


@pytest.fixture
def coordinator(school):
    return make_user("coordinator", school, Role.COORDINATOR)


@pytest.fixture
def school_admin(school):
    return make_user("schooladmin", school, Role.ADMIN)


@pytest.fixture
def outsider(other_school):
    """A coordinator of another school, with access to all of it and none of ours."""
    return make_user("outsider", other_school, Role.COORDINATOR)


@pytest.fixture
def homeless(db):
    """A user who belongs to no school."""
    return make_user("homeless", None)


@pytest.fixture
def pupil(school):
    return Pupil.objects.create(
        school=school, first_name="Zoë", last_name="Van den Broeck", class_name="5A"
    )


@pytest.fixture
def other_pupil(other_school):
    return Pupil.objects.create(
        school=other_school, first_name="Lars", last_name="Maes", class_name="3B"
    )


@pytest.fixture
def document(pupil, coach):
    return create_growth_document(
        pupil=pupil,
        coach=coach,
        held_on=datetime.date(2026, 11, 16),
        follow_up_on=datetime.date(2026, 11, 30),
        action_points=[
            ActionPointInput(
                wish="Ik wil rustig blijven als iemand mij plaagt.",
                domain="conflicts",
                wish_by_pupil=True,
                scale_value=4,
                answers={
                    "strengths": "Bij voetbal blijf ik rustig.",
                    "goal": "Weglopen en het aan de juf zeggen.",
                    "support": "Een teken afspreken.",
                    "first_step": "Diep ademhalen.",
                    "next_step": "Naar de juf gaan.",
                },
                pupil_written=["first_step"],
            ),
        ],
    )


@pytest.fixture
def login(client):
    def log_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return log_in
