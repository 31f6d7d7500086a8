"""Locust users for the load runs of the benchmark, configured by environment.

BENCH_HOSTS: comma-separated base URLs; user number N uses host N modulo their
count, so that two servers share the users evenly. BENCH_PATHS: the paths each
user requests in turn. BENCH_SESSION: the session cookie of a signed-in user.
BENCH_WRITES=1 adds a pupil now and then through the real form, with a unique
first name and the last name BENCH_LAST_NAME, so that the rows in the database
can be counted afterwards. BENCH_SCHOOL_YEAR is the school year of those pupils.
"""

import itertools
import os
import re

from locust import HttpUser, constant

HOSTS = os.environ["BENCH_HOSTS"].split(",")
PATHS = os.environ["BENCH_PATHS"].split(",")
SESSION = os.environ["BENCH_SESSION"]
WRITES = os.environ.get("BENCH_WRITES") == "1"
LAST_NAME = os.environ.get("BENCH_LAST_NAME", "Loadtest")
SCHOOL_YEAR = os.environ.get("BENCH_SCHOOL_YEAR", "")
# The name under which locust reports the writes; groeidocument.bench.load
# reads the same name from the CSV.
WRITE_NAME = "add pupil"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

user_numbers = itertools.count()


def read_pages(user):
    for path in PATHS:
        user.client.get(user.base + path, name=path)


def add_pupil(user):
    form = user.client.get(user.base + "/pupils/add/", name="pupil form")
    token = CSRF_TOKEN.search(form.text)
    if token is None:
        return
    user.writes += 1
    data = {
        "csrfmiddlewaretoken": token[1],
        "first_name": f"Belasting {user.number}-{user.writes}",
        "last_name": LAST_NAME,
        "class_name": "1A",
        "school_year": SCHOOL_YEAR,
    }
    with user.client.post(
        user.base + "/pupils/add/",
        data=data,
        name=WRITE_NAME,
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"status {response.status_code}, expected 302")


class PageUser(HttpUser):
    # No pause between requests: every user sends the next request as soon
    # as the response to the previous one arrives.
    wait_time = constant(0)
    host = HOSTS[0]
    tasks = {read_pages: 4, add_pupil: 1} if WRITES else [read_pages]

    def on_start(self):
        self.number = next(user_numbers)
        self.base = HOSTS[self.number % len(HOSTS)]
        self.writes = 0
        self.client.cookies.set("sessionid", SESSION)
