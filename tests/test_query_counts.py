"""The SQL queries of every key page stay the same when the data grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from groeidocument.accounts.models import School, User
from groeidocument.bench.pages import PAGES, find_targets
from groeidocument.growth.generator import GroupSize, generate_school_group

# One class of one school, against three schools with several classes each.
SMALL = GroupSize(schools=1, pupils_per_school=24)
LARGE = GroupSize(schools=3, pupils_per_school=150)


def page_query_counts(client) -> dict[str, int]:
    targets = find_targets()
    client.force_login(targets.user)
    counts = {}
    for page in PAGES:
        url = page.url(targets)
        # The first visit may write once, such as the step a draft was left at.
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page.name] = len(queries)
    return counts


def generate(size):
    generate_school_group(size, password_hash="!", seed=7)


def test_query_counts_same_on_small_and_large_data(db, client):
    generate(SMALL)
    small = page_query_counts(client)
    client.logout()
    School.objects.all().delete()
    User.objects.all().delete()
    generate(LARGE)

    large = page_query_counts(client)

    assert set(large) == {page.name for page in PAGES}
    for name, count in small.items():
        assert large[name] == count, (
            f"{name}: {count} queries small, {large[name]} large"
        )
