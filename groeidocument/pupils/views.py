import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from groeidocument.audit import services as audit
from groeidocument.audit.models import Action
from groeidocument.conversations.views import resume_url
from groeidocument.growth.models import (
    ActionPoint,
    ActionPointStatus,
    Conversation,
    GrowthDocument,
    ShareAccess,
)
from groeidocument.lib.prepared import PreparedQuery
from groeidocument.lib.urls import uuid_url_builder
from groeidocument.pupils.forms import PupilForm
from groeidocument.pupils.models import Pupil
from groeidocument.scopes import (
    ScopedQuery,
    get_membership,
    get_pupil_for_user,
    pupils_for_user,
)

# One class of a primary school fits on a page. The rows rendered, not the
# database, set most of this page's time: with 400 pupils a school, 100 rows
# took 15 ms and 50 rows 12 ms (measured in-process on SQLite, 2 shared cores).
PUPILS_PER_PAGE = 50


@require_safe
def pupil_list(request):
    membership = get_membership(request)
    pupils = pupils_for_user(request)
    # The classes of the active pupils with their sizes: the class filter's
    # choices, and the count of the list when it shows active pupils only.
    class_sizes = dict(_CLASS_SIZES(school=membership.school_id))
    classes = list(class_sizes)

    # Filters come from the query string; the class must be one of the school's.
    query = request.GET.get("q", "").strip()[:100]
    chosen_class = request.GET.get("class", "")
    if chosen_class not in class_sizes:
        chosen_class = ""
    show_left = request.GET.get("left") == "1"

    if not show_left:
        pupils = pupils.active()
    if chosen_class:
        pupils = pupils.filter(class_name=chosen_class)
    if query:
        pupils = pupils.search(query)
    pupils = pupils.order_by("class_name", "last_name", "first_name", "id").values(
        *PUPIL_ROW_FIELDS
    )
    paginator = Paginator(pupils, PUPILS_PER_PAGE)
    if not (show_left or query):
        # Known from the class sizes: no need to count the rows again.
        paginator.count = (
            class_sizes[chosen_class] if chosen_class else sum(class_sizes.values())
        )
    page = paginator.get_page(request.GET.get("page"))
    _add_open_documents_and_urls(membership, page)

    context = {
        "page": page,
        "classes": classes,
        "chosen_class": chosen_class,
        "query": query,
        "show_left": show_left,
    }
    if request.htmx:
        return render(request, "pupils/_pupil_results.html", context)
    return render(request, "pupils/pupil_list.html", context)


# The columns that a row of the pupils list shows, read as plain values: a
# dictionary per row is quicker to build and to print than a model object.
PUPIL_ROW_FIELDS = [
    "id",
    "uuid",
    "first_name",
    "last_name",
    "class_name",
    "school_year",
    "is_active",
]


def _add_open_documents_and_urls(membership, page):
    """Set open_documents, url and name on the rows of the page's pupils.

    The open documents are counted for the whole school in one grouped query
    whose SQL is built once: for a school of 400 pupils that took less time
    than building a query for the page's 50 pupils. The URL is reversed once
    per page, and the name is joined here rather than in the template.
    """
    page.object_list = list(page.object_list)
    open_counts = dict(_OPEN_DOCUMENT_COUNTS(membership))
    url_of = uuid_url_builder("pupils:detail")
    for pupil in page.object_list:
        pupil["open_documents"] = open_counts.get(pupil["id"], 0)
        pupil["url"] = url_of(pupil["uuid"])
        pupil["name"] = f"{pupil['last_name']}, {pupil['first_name']}"


# The pupils list runs these on every visit: their SQL is built once.
_CLASS_SIZES = PreparedQuery(
    lambda school: (
        Pupil.objects.filter(school_id=school)
        .active()
        .order_by("class_name")
        .values_list("class_name")
        .annotate(size=Count("id"))
    )
)
_OPEN_DOCUMENT_COUNTS = ScopedQuery(
    lambda membership: (
        GrowthDocument.objects.visible_to(membership)
        .open()
        .order_by()
        .values_list("pupil")
        .annotate(count=Count("pk"))
    )
)


@require_http_methods(["GET", "HEAD", "POST"])
def pupil_add(request):
    school = get_membership(request).school
    form = PupilForm(request.POST or None, school=school)

    if request.method == "POST" and form.is_valid():
        pupil = form.save()
        audit.record(request, Action.ADDED_PUPIL, pupil=pupil)
        messages.success(request, _("%(name)s was added.") % {"name": pupil.full_name})
        return redirect(pupil)

    return render(request, "pupils/pupil_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def pupil_edit(request, pupil_uuid):
    pupil = get_pupil_for_user(request, pupil_uuid)
    form = PupilForm(request.POST or None, instance=pupil, school=pupil.school)

    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(request, Action.EDITED_PUPIL, pupil=pupil)
        messages.success(request, _("The changes were saved."))
        return redirect(pupil)

    if request.method != "POST":
        audit.record(request, Action.VIEWED_PUPIL, pupil=pupil)
    return render(request, "pupils/pupil_form.html", {"form": form, "pupil": pupil})


@require_safe
def pupil_detail(request, pupil_uuid):
    membership = get_membership(request)
    pupil = get_pupil_for_user(request, pupil_uuid)
    audit.record(request, Action.VIEWED_PUPIL, pupil=pupil)

    # The documents are read here, not lazily in the template, with the
    # columns that the rows show. Each row's URL comes from one reversed URL,
    # and the wishes of its action points are joined into one text.
    documents = _DOCUMENTS(membership, pupil=pupil.pk)
    wishes = {document.pk: [] for document in documents}
    with_open_action_point = set()
    for document_id, wish, status in _ACTION_POINTS(membership, pupil=pupil.pk):
        wishes[document_id].append(Truncator(wish).chars(WISH_LENGTH))
        if status == ActionPointStatus.OPEN:
            with_open_action_point.add(document_id)
    url_of = uuid_url_builder("growth:detail")
    for document in documents:
        document.url = url_of(document.uuid)
        document.wishes = " · ".join(wishes[document.pk])
        # GrowthDocument.refresh_schedule sets the date when a conversation
        # is finished, and only then.
        document.has_finished_conversation = document.last_conversation_on is not None
        # A closed document has no follow-up to come, whatever was agreed.
        document.shows_follow_up = (
            document.status == GrowthDocument.Status.OPEN
            and document.next_follow_up_on is not None
        )

    next_conversation = None
    if pupil.is_active:
        next_conversation = _next_conversation(
            membership, pupil, documents, with_open_action_point
        )
    # With several open documents, the page names the one the main button
    # continues.
    open_count = sum(
        document.status == GrowthDocument.Status.OPEN for document in documents
    )
    return render(
        request,
        "pupils/pupil_detail.html",
        {
            "pupil": pupil,
            "documents": documents,
            "next_conversation": next_conversation,
            "names_next_document": next_conversation is not None and open_count > 1,
        },
    )


def _may_write(membership, document) -> bool:
    """Tell whether membership's user may write a document of the pupil page.

    The rule of GrowthDocumentQuerySet.editable_by, read from the row: care
    coordinators and the holder write, colleagues when their share allows it.
    """
    return (
        membership.sees_all_documents
        or document.coach_id == membership.user_id
        or getattr(document, "shared_access", None) == ShareAccess.WRITE
    )


def _next_conversation(membership, pupil, documents, with_open_action_point):
    """Find the conversation the pupil page offers first, in an open document.

    Only open documents that the user may write count. An unfinished
    conversation comes first, of the newest document that has one. After it
    comes a follow-up of a document with a finished conversation and an
    open action point, the one with the earliest follow-up date first.
    Returns None when no document qualifies, so that the page offers a new
    growth document instead.

    The dictionary has the document, the URL of the draft to continue (or
    None), and whether the user left a first conversation with this pupil
    unfinished. Starting a new growth document would only resume that draft
    (start_first_conversation).
    """
    editable = {
        document.pk: document
        for document in documents
        if document.status == GrowthDocument.Status.OPEN
        and _may_write(membership, document)
    }
    newest_draft = {}
    for draft in _DRAFTS(membership, pupil=pupil.pk):
        if draft.document_id in editable:
            newest_draft.setdefault(draft.document_id, draft)
    has_own_first_draft = any(
        draft.kind == Conversation.Kind.FIRST
        and editable[draft.document_id].coach_id == membership.user_id
        for draft in newest_draft.values()
    )

    # documents is ordered newest first (GrowthDocument.Meta.ordering).
    for document in documents:
        if draft := newest_draft.get(document.pk):
            return {
                "document": document,
                "draft_url": resume_url(draft),
                "has_own_first_draft": has_own_first_draft,
            }
    ready = [
        document
        for document in documents
        if document.pk in editable
        and document.has_finished_conversation
        and document.pk in with_open_action_point
    ]
    if not ready:
        return None
    # The most urgent follow-up first: the earliest date, then documents
    # without one. Among equal dates min() keeps the first, which is the
    # newest because documents is ordered newest first.
    document = min(
        ready,
        key=lambda document: (
            document.next_follow_up_on is None,
            document.next_follow_up_on or datetime.date.max,
        ),
    )
    return {
        "document": document,
        "draft_url": None,
        "has_own_first_draft": has_own_first_draft,
    }


def _documents_of(membership, pupil):
    return GrowthDocument.objects.visible_to(membership).filter(pupil_id=pupil)


# The pupil page runs these on every visit: their SQL is built once.
_DOCUMENTS = ScopedQuery(
    lambda membership, pupil: (
        _documents_of(membership, pupil)
        .with_share_of(membership)
        .select_related("coach")
        .only(*DOCUMENT_ROW_FIELDS)
    )
)
_ACTION_POINTS = ScopedQuery(
    lambda membership, pupil: ActionPoint.objects.filter(
        document__in=_documents_of(membership, pupil).values("pk")
    ).values_list("document", "wish", "status")
)
# The drafts of the documents that the user may read, newest first;
# _next_conversation keeps those of the documents they may write.
_DRAFTS = ScopedQuery(
    lambda membership, pupil: (
        Conversation.objects.drafts()
        .filter(document__in=_documents_of(membership, pupil).values("pk"))
        .only("uuid", "kind", "current_step", "document_id")
        .order_by("-created_at")
    )
)


# Characters of a wish that the pupil page shows, an ellipsis included.
WISH_LENGTH = 80
# The columns that a growth document's row on the pupil page shows.
DOCUMENT_ROW_FIELDS = [
    "uuid",
    "status",
    "started_on",
    "next_follow_up_on",
    "last_conversation_on",
    "coach__username",
    "coach__first_name",
    "coach__last_name",
]
