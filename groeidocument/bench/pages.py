"""The key pages that the benchmark and the query-count test request.

Adding a page to the benchmark is one line in PAGES: a name and a function
that builds the page's URL from the objects in Targets.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.growth.calendar import feed_for
from groeidocument.growth.models import Conversation, GrowthDocument
from groeidocument.lib.text import fold
from groeidocument.pupils.models import Pupil


@dataclass(frozen=True)
class Targets:
    """The user who requests the pages, and the objects the pages show."""

    user: User
    school: School
    pupil: Pupil
    document: GrowthDocument
    draft: Conversation
    search: str
    # The one-page PDF: a finished document with a single action point.
    one_page_document: GrowthDocument
    # The token of the calendar feed of the school's busiest coach.
    feed_token: str


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Targets], str]
    # False for a page that is reached without a session, such as the feed.
    signed_in: bool = True
    # A maximum median in milliseconds that replaces the ratio target.
    limit_ms: float | None = None


PAGES = [
    Page("Overview", lambda t: reverse("overview")),
    Page(
        "Follow-up list, date passed",
        lambda t: f"{reverse('overview')}?bucket=overdue",
    ),
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
    Page(
        "One-page PDF",
        lambda t: reverse("growth:pdf", args=[t.one_page_document.uuid]),
        limit_ms=500,
    ),
    Page(
        "Calendar feed",
        lambda t: reverse("calendar_feed", args=[t.feed_token]),
        signed_in=False,
    ),
]


def find_targets() -> Targets:
    """Pick the heaviest objects that the first school's care coordinator sees.

    A care coordinator sees every growth document of the school, so the pages
    list the most rows for that role. The pupil is the one with the most growth
    documents, and the document the one with the most conversations. The
    calendar feed is that of the coach with the most open follow-ups in the
    school. This function creates the feed when the coach has none yet.
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
    one_page_document = (
        documents.filter(last_conversation_on__isnull=False)
        .annotate(action_point_count=Count("action_points"))
        .filter(action_point_count=1)
        .order_by("-last_conversation_on", "id")
        .first()
    )
    coach = (
        User.objects.filter(
            growth_documents__pupil__school=membership.school,
            growth_documents__status=GrowthDocument.Status.OPEN,
            growth_documents__next_follow_up_on__isnull=False,
        )
        .annotate(open_documents=Count("growth_documents"))
        .order_by("-open_documents", "id")
        .first()
    )
    if None in (pupil, document, draft, one_page_document, coach):
        raise LookupError(
            "the first school lacks a pupil, a finished growth document with one "
            "action point, a draft conversation or a coach with follow-ups: "
            "generate more data"
        )
    # The start of the pupil's last name matches many pupils, as a search does.
    search = fold(pupil.last_name).split()[-1][:4]
    return Targets(
        membership.user,
        membership.school,
        pupil,
        document,
        draft,
        search,
        one_page_document,
        feed_for(coach).token,
    )
