"""The key pages that the benchmark and the query-count test request.

Adding a page to the benchmark is one line in PAGES: a name and a function
that builds the page's URL from the objects in Targets.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from groeidocument.accounts.models import Membership, Role, User
from groeidocument.growth.models import Conversation, GrowthDocument
from groeidocument.lib.text import fold
from groeidocument.pupils.models import Pupil


@dataclass(frozen=True)
class Targets:
    """The user who requests the pages, and the objects the pages show."""

    user: User
    pupil: Pupil
    document: GrowthDocument
    draft: Conversation
    search: str


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Targets], str]


PAGES = [
    Page("Overview", lambda t: reverse("overview")),
    Page("Pupils list", lambda t: reverse("pupils:list")),
    Page("Pupil search", lambda t: f"{reverse('pupils:list')}?q={t.search}"),
    Page("Pupil page", lambda t: reverse("pupils:detail", args=[t.pupil.uuid])),
    Page(
        "Growth document",
        lambda t: reverse("growth:detail", args=[t.document.uuid]),
    ),
    Page(
        "Conversation mode, scaling step",
        lambda t: reverse("conversations:step", args=[t.draft.uuid, "scaling"]),
    ),
    Page("Print view", lambda t: reverse("growth:print", args=[t.document.uuid])),
]

# Key pages of the product that the benchmark cannot request yet.
NOT_BUILT_YET = ["One-page PDF", "Calendar feed", "Class-list import of 1,000 rows"]


def find_targets() -> Targets:
    """Pick the heaviest objects that the first school's care coordinator sees.

    A care coordinator sees every growth document of the school, so the pages
    list the most rows for that role. The pupil is the one with the most growth
    documents, the document the one with the most conversations.
    """
    membership = (
        Membership.objects.filter(role=Role.COORDINATOR)
        .select_related("user", "school")
        .order_by("school__name", "id")
        .first()
    )
    if membership is None:
        raise LookupError("no care coordinator found: run generatedata first")
    documents = GrowthDocument.objects.visible_to(membership)

    pupil = (
        Pupil.objects.filter(school=membership.school)
        .annotate(document_count=Count("growth_documents"))
        .order_by("-document_count", "id")
        .first()
    )
    document = (
        documents.filter(conversations__status=Conversation.Status.COMPLETE)
        .annotate(conversation_count=Count("conversations"))
        .order_by("-conversation_count", "id")
        .first()
    )
    draft = Conversation.objects.drafts().filter(document__in=documents).first()
    if pupil is None or document is None or draft is None:
        raise LookupError(
            "the first school has no pupil, finished growth document or draft "
            "conversation: generate more data"
        )
    # The start of the pupil's last name matches many pupils, as a search does.
    search = fold(pupil.last_name).split()[-1][:4]
    return Targets(membership.user, pupil, document, draft, search)
