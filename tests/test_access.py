"""Every route, crossed with every persona, against an explicit policy table.

A route that is missing from POLICY fails test_every_route_is_in_policy, so a
new view cannot ship without a decision about who may open it.
"""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from groeidocument.accounts.models import Invitation
from groeidocument.growth.calendar import feed_for
from groeidocument.imports.pending import PendingImport
from groeidocument.imports.reader import SourceRow, Table
from tests.conftest import make_user

PERSONAS = [
    "anonymous",
    "homeless",
    "coach",
    "colleague",
    "reader",
    "writer",
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
# Changing the document's conversations: shared with read access is not enough.
WRITE_PAGE = {**DOCUMENT_PAGE, "reader": 403}
# Closing, sharing and handing over: the holder and care coordinators only.
MANAGE_PAGE = {**WRITE_PAGE, "writer": 403}

# A colleague sees the class but none of its documents: back to the pupil list.
CLASS_PDF = {**PUPIL_PAGE, "colleague": 302, "school_admin": 302}
# Exports answer access requests and hand data over: the school's task, so
# care coordinators and school administrators only. The outsider coordinates
# another school and exports that school.
COACHES = ["coach", "colleague", "reader", "writer"]
EXPORT_PAGE = {**SCHOOL_PAGE, **{persona: 403 for persona in COACHES}}
PUPIL_EXPORT = {**PUPIL_PAGE, **{persona: 403 for persona in COACHES}}
# The audit log and erasure are the school's duties as data controller, with
# the same people as exports. A coach does not see who else opened a pupil.
AUDIT_SCHOOL_PAGE = EXPORT_PAGE
AUDIT_PUPIL_PAGE = PUPIL_EXPORT

POST_ONLY = {**{p: 405 for p in PERSONAS}, "anonymous": "login"}
# Without a password step just before, the code step sends everyone back to
# the login page.
LOGIN_CODE = {p: "login" for p in PERSONAS}
# Every user may set up two-factor login for their own account.
OWN_ACCOUNT = {**OPEN, "anonymous": "login"}
# School administration is for the school administrator of the current school
# only; the outsider is a care coordinator elsewhere, so 403 as well.
SCHOOL_ADMIN_PAGE = {
    **SCHOOL_PAGE,
    **{persona: 403 for persona in COACHES},
    "coordinator": 403,
    "outsider": 403,
}

# Route name: (URL arguments, expected statuses).
POLICY = {
    "login": (None, {**OPEN, **{p: 302 for p in PERSONAS if p != "anonymous"}}),
    "logout": (None, {**{p: 405 for p in PERSONAS}, "anonymous": "login"}),
    "login_code": (None, LOGIN_CODE),
    "two_factor": (None, OWN_ACCOUNT),
    "security_settings": (None, SCHOOL_ADMIN_PAGE),
    "set_language": (None, {p: 302 for p in PERSONAS}),
    "overview": (None, SCHOOL_PAGE),
    "pupils:list": (None, SCHOOL_PAGE),
    "pupils:add": (None, SCHOOL_PAGE),
    "pupils:detail": ("pupil", PUPIL_PAGE),
    "pupils:edit": ("pupil", PUPIL_PAGE),
    "pupils:class_pdf": ("class", CLASS_PDF),
    "growth:create": (None, SCHOOL_PAGE),
    "growth:detail": ("document", DOCUMENT_PAGE),
    "growth:edit": ("document", WRITE_PAGE),
    "growth:history": ("document", DOCUMENT_PAGE),
    "growth:manage": ("document", MANAGE_PAGE),
    "growth:print": ("document", DOCUMENT_PAGE),
    "growth:pdf": ("document", DOCUMENT_PAGE),
    "growth:report_pdf": ("document", DOCUMENT_PAGE),
    "conversations:start_for_pupil": ("pupil", POST_ONLY),
    "conversations:start_for_document": ("document", POST_ONLY),
    "conversations:switch_view": ("conversation", POST_ONLY),
    "conversations:discard": ("conversation", POST_ONLY),
    "conversations:step": ("conversation_step", WRITE_PAGE),
    "conversations:starters": (None, SCHOOL_PAGE),
    "conversations:starter_edit": ("starter", PUPIL_PAGE),
    "growth:close": ("document", POST_ONLY),
    "growth:reopen": ("document", POST_ONLY),
    "growth:hand_over": ("document", POST_ONLY),
    "growth:share": ("document", POST_ONLY),
    "growth:unshare": ("share", POST_ONLY),
    "calendar_settings": (None, {**OPEN, "anonymous": "login"}),
    # The secret token is the key: whoever has the link gets the feed.
    "calendar_feed": ("calendar_token", OPEN),
    "imports:upload": (None, SCHOOL_PAGE),
    "imports:columns": ("import", SCHOOL_PAGE),
    "imports:preview": ("import", SCHOOL_PAGE),
    "imports:cancel": ("import", POST_ONLY),
    "exports:index": (None, EXPORT_PAGE),
    "exports:school_csv": (None, EXPORT_PAGE),
    "exports:school_xlsx": (None, EXPORT_PAGE),
    "exports:pupil": ("pupil", PUPIL_EXPORT),
    "accounts:users": (None, SCHOOL_ADMIN_PAGE),
    "accounts:invite": (None, SCHOOL_ADMIN_PAGE),
    "accounts:member": ("member", SCHOOL_ADMIN_PAGE),
    "accounts:member_deactivate": ("member", POST_ONLY),
    "accounts:member_reactivate": ("member", POST_ONLY),
    "accounts:invitation_withdraw": ("invitation", POST_ONLY),
    "accounts:classes": (None, SCHOOL_ADMIN_PAGE),
    "accounts:class_rename": ("class_group", SCHOOL_ADMIN_PAGE),
    "accounts:choose_school": (None, POST_ONLY),
    # The secret token is the key: the invitee has no account yet, or signs
    # in with the one they have on this page.
    "accounts:accept_invitation": ("invitation_token", OPEN),
    "accounts:accept_invitation_existing": ("invitation_token", OPEN),
    "audit:school_log": (None, AUDIT_SCHOOL_PAGE),
    "audit:pupil_log": ("pupil", AUDIT_PUPIL_PAGE),
    "audit:erase": ("pupil", AUDIT_PUPIL_PAGE),
}

# The token of a pending class-list import that seed_import puts in the session.
IMPORT_TOKEN = uuid.UUID("6f1c2a52-0d7e-4c55-9d0e-2f2b8c1e7a10")


def seed_import(client, user):
    """Give the signed-in user a pending import of one pupil into their school."""
    membership = user.memberships.first()
    if membership is None:
        return
    table = Table(
        headers=["Voornaam", "Familienaam", "Klas"],
        rows=[SourceRow(number=2, cells=["Bram", "Peeters", "5A"])],
    )
    pending = PendingImport.start(
        membership.school,
        "klaslijst.csv",
        table,
        ["first_name", "last_name", "class_name"],
        "2026-2027",
        False,
    )
    pending.token = str(IMPORT_TOKEN)
    pending.roles_checked = True
    session = client.session
    pending.save(session)
    session.save()


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


def route_url(route, argument, document, draft):
    if argument == "share":
        return reverse(route, args=[document.uuid, third_share(document).uuid])
    arguments = {
        None: [],
        "pupil": [document.pupil.uuid],
        "class": [document.pupil.class_name],
        "document": [document.uuid],
        "conversation": [draft.uuid],
        "conversation_step": [draft.uuid, "scaling"],
        "starter": [document.pupil.school.conversation_starters.first().uuid],
        "calendar_token": [feed_for(document.coach).token],
        "import": [IMPORT_TOKEN],
        "member": [document.coach.uuid] if argument == "member" else [],
        "class_group": [document.pupil.school_year, document.pupil.class_name],
        "invitation": [_invitation(document)[0].uuid]
        if argument == "invitation"
        else [],
        "invitation_token": [_invitation(document)[1]]
        if argument == "invitation_token"
        else [],
    }[argument]
    return reverse(route, args=arguments)


def _invitation(document):
    """Return a new open invitation to the document's school, with its token."""
    return Invitation.create(
        school=document.pupil.school, first_name="Nieuwe", role="coach"
    )


def third_share(document):
    """Share document with a coach outside the personas, for the withdraw route."""
    from groeidocument.growth.models import DocumentShare

    helper = make_user("helper", document.pupil.school)
    return DocumentShare.objects.create(
        document=document, user=helper, access="read", shared_by=document.coach
    )


@pytest.fixture
def reader(document):
    """A coach of the school with whom the document is shared to read."""
    from groeidocument.growth.models import DocumentShare

    user = make_user("reader", document.pupil.school)
    DocumentShare.objects.create(
        document=document, user=user, access="read", shared_by=document.coach
    )
    return user


@pytest.fixture
def writer(document):
    """A coach of the school with whom the document is shared to write."""
    from groeidocument.growth.models import DocumentShare

    user = make_user("writer", document.pupil.school)
    DocumentShare.objects.create(
        document=document, user=user, access="write", shared_by=document.coach
    )
    return user


@pytest.fixture
def draft(document, coach):
    """An unfinished follow-up conversation of the owning coach."""
    from groeidocument.conversations.services import start_follow_up

    return start_follow_up(document, coach)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(POLICY))
def test_route_policy(route, persona, request, client, document, draft):
    argument, expected_statuses = POLICY[route]
    url = route_url(route, argument, document, draft)
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        client.force_login(user)
        if argument == "import":
            seed_import(client, user)

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
def test_malformed_and_unknown_ids_are_not_found(
    route, client, coordinator, school_admin
):
    # Administration routes check the role first, so they need the administrator.
    administration = route.startswith("accounts:")
    client.force_login(school_admin if administration else coordinator)
    zero = "00000000-0000-0000-0000-000000000000"
    arguments = [zero, "scaling"] if route == "conversations:step" else [zero]
    if POLICY[route][0] == "share":
        arguments = [zero, zero]
    if route == "calendar_feed":
        arguments = ["not-a-known-token"]
    if route == "accounts:class_rename":
        arguments = ["2026-2027", zero]
    url = reverse(route, args=arguments)
    method = client.post if POLICY[route][1] is POST_ONLY else client.get

    assert method(url).status_code == 404
    assert method(url.replace("00000000-0000", "12345")).status_code == 404


# Holding coach, care coordinator and write access change conversations.
WRITES = {
    **DOCUMENT_PAGE,
    "coach": 302,
    "coordinator": 302,
    "writer": 302,
    "reader": 403,
}
# Closing, reopening, handing over and sharing: holder and care coordinator.
MANAGES = {
    **DOCUMENT_PAGE,
    "coach": 302,
    "coordinator": 302,
    "writer": 403,
    "reader": 403,
}

# Expected status of a POST per persona, for the routes that change data.
POST_POLICY = {
    "conversations:start_for_pupil": (
        "pupil",
        {
            **PUPIL_PAGE,
            "coach": 302,
            "colleague": 302,
            "reader": 302,
            "writer": 302,
            "coordinator": 302,
            "school_admin": 302,
        },
    ),
    "conversations:start_for_document": ("document", WRITES),
    "conversations:switch_view": ("conversation", WRITES),
    # The draft is a follow-up, so throwing it away keeps the document.
    "conversations:discard": ("conversation", WRITES),
    "conversations:step": ("conversation_step", WRITES),
    "pupils:add": (None, SCHOOL_PAGE),
    "pupils:edit": ("pupil", PUPIL_PAGE),
    "growth:create": (None, SCHOOL_PAGE),
    "growth:edit": ("document", WRITE_PAGE),
    "conversations:starters": (None, SCHOOL_PAGE),
    "conversations:starter_edit": ("starter", PUPIL_PAGE),
    "growth:close": ("document", MANAGES),
    "growth:reopen": ("document", MANAGES),
    "growth:hand_over": ("document", MANAGES),
    "growth:share": ("document", MANAGES),
    "growth:unshare": ("share", MANAGES),
    "calendar_settings": (None, {**{p: 302 for p in PERSONAS}, "anonymous": "login"}),
    "login_code": (None, LOGIN_CODE),
    # An empty code shows the form again with its error.
    "two_factor": (None, OWN_ACCOUNT),
    # An empty form switches the requirement off, which only an admin may do.
    "security_settings": (None, {**SCHOOL_ADMIN_PAGE, "school_admin": 302}),
    # Without the typed name the confirmation page shows its error again.
    "audit:erase": ("pupil", AUDIT_PUPIL_PAGE),
    # Without a file or choices, the import forms show their errors again.
    "imports:upload": (None, SCHOOL_PAGE),
    "imports:columns": ("import", SCHOOL_PAGE),
    "imports:preview": ("import", SCHOOL_PAGE),
    # Without fields, the role and rename forms show their errors again.
    "accounts:invite": (None, SCHOOL_ADMIN_PAGE),
    "accounts:member": ("member", SCHOOL_ADMIN_PAGE),
    "accounts:member_deactivate": (
        "member",
        {**SCHOOL_ADMIN_PAGE, "school_admin": 302},
    ),
    "accounts:member_reactivate": (
        "member",
        {**SCHOOL_ADMIN_PAGE, "school_admin": 302},
    ),
    "accounts:invitation_withdraw": (
        "invitation",
        {**SCHOOL_ADMIN_PAGE, "school_admin": 302},
    ),
    "accounts:class_rename": ("class_group", SCHOOL_ADMIN_PAGE),
    # Without a school chosen, back to the overview with a message.
    "accounts:choose_school": (
        None,
        {**{p: 302 for p in PERSONAS}, "anonymous": "login"},
    ),
    "accounts:accept_invitation": ("invitation_token", OPEN),
    "accounts:accept_invitation_existing": ("invitation_token", OPEN),
    "imports:cancel": (
        "import",
        {
            **SCHOOL_PAGE,
            "coach": 302,
            "colleague": 302,
            "reader": 302,
            "writer": 302,
            "coordinator": 302,
            "school_admin": 302,
            "outsider": 302,
        },
    ),
}


def test_every_writing_route_has_a_post_policy():
    writing = {
        route
        for route, (_argument, statuses) in POLICY.items()
        if statuses is POST_ONLY
    }
    assert writing - set(POST_POLICY) == set()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(POST_POLICY))
def test_post_policy(route, persona, request, client, document, draft):
    argument, expected_statuses = POST_POLICY[route]
    url = route_url(route, argument, document, draft)
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        client.force_login(user)
        if argument == "import":
            seed_import(client, user)

    response = client.post(url, {})

    expected = expected_statuses[persona]
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("route", ["overview", "pupils:list", "growth:detail"])
def test_signed_in_pages_are_not_stored(route, client, coach, document):
    client.force_login(coach)
    args = [document.uuid] if route == "growth:detail" else []

    response = client.get(reverse(route, args=args))

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


# Pages are read with GET and changed with POST, so no route of ours accepts
# another method. Django's own login and language views redirect a signed-in
# user for any method and change nothing then.
DJANGO_REDIRECTS = {"login", "set_language"}


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("route", sorted(set(POLICY) - DJANGO_REDIRECTS))
def test_other_methods_are_refused(route, method, client, coordinator, document, draft):
    argument, _statuses = POLICY[route]
    url = route_url(route, argument, document, draft)
    client.force_login(coordinator)

    response = getattr(client, method)(url)

    assert response.status_code == 405
