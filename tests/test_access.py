"""Every route, crossed with every persona, against an explicit policy table.

A route that is missing from POLICY fails test_every_route_is_in_policy, so a
new view cannot ship without a decision about who may open it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = [
    "anonymous",
    "homeless",
    "coach",
    "colleague",
    "coordinator",
    "school_admin",
    "outsider",
]

# Expected status per persona for a GET; "login" means a redirect to the login page.
OPEN = {persona: 200 for persona in PERSONAS}
SCHOOL_PAGE = {**OPEN, "anonymous": "login", "homeless": 403}
PUPIL_PAGE = {**SCHOOL_PAGE, "outsider": 404}
DOCUMENT_PAGE = {
    **PUPIL_PAGE,
    "colleague": 404,
    "school_admin": 404,
}

# Route name: (URL arguments, expected statuses).
POLICY = {
    "login": (None, {**OPEN, **{p: 302 for p in PERSONAS if p != "anonymous"}}),
    "logout": (None, {**{p: 405 for p in PERSONAS}, "anonymous": "login"}),
    "set_language": (None, {p: 302 for p in PERSONAS}),
    "overview": (None, SCHOOL_PAGE),
    "pupils:list": (None, SCHOOL_PAGE),
    "pupils:add": (None, SCHOOL_PAGE),
    "pupils:detail": ("pupil", PUPIL_PAGE),
    "pupils:edit": ("pupil", PUPIL_PAGE),
    "growth:create": (None, SCHOOL_PAGE),
    "growth:detail": ("document", DOCUMENT_PAGE),
    "growth:edit": ("document", DOCUMENT_PAGE),
    "growth:print": ("document", DOCUMENT_PAGE),
}


def route_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"
        elif isinstance(pattern, URLPattern):
            yield f"unnamed:{pattern.pattern}"


def test_every_route_is_in_policy():
    routes = {name for name in route_names() if not name.startswith("djdt")}
    assert routes - set(POLICY) == set(), "add the new routes to POLICY"
    assert set(POLICY) - routes == set(), "remove routes that no longer exist"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(POLICY))
def test_route_policy(route, persona, request, client, document):
    argument, expected_statuses = POLICY[route]
    if argument == "pupil":
        url = reverse(route, args=[document.pupil.uuid])
    elif argument == "document":
        url = reverse(route, args=[document.uuid])
    else:
        url = reverse(route)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    response = client.get(url)

    expected = expected_statuses[persona]
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    "route", [name for name, (argument, _s) in POLICY.items() if argument]
)
def test_malformed_and_unknown_ids_are_not_found(route, client, coordinator):
    client.force_login(coordinator)
    url = reverse(route, args=["00000000-0000-0000-0000-000000000000"])

    assert client.get(url).status_code == 404
    assert client.get(url.replace("00000000-0000", "12345")).status_code == 404


@pytest.mark.parametrize("route", ["overview", "pupils:list", "growth:detail"])
def test_signed_in_pages_are_not_stored(route, client, coach, document):
    client.force_login(coach)
    args = [document.uuid] if route == "growth:detail" else []

    response = client.get(reverse(route, args=args))

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
