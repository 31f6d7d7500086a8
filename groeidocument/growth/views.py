import uuid
from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from groeidocument.accounts.models import CalendarFeed, CalendarTitleStyle
from groeidocument.audit import services as audit
from groeidocument.audit.models import Action
from groeidocument.conversations.views import resume_url
from groeidocument.growth import rules
from groeidocument.growth.calendar import build_feed, feed_for, replace_token
from groeidocument.growth.forms import ConversationForm, action_point_formset
from groeidocument.growth.models import (
    CloseReason,
    Conversation,
    DocumentShare,
    GrowthDocument,
    ShareAccess,
)
from groeidocument.growth.pdf import pdf_file_name, pdf_response
from groeidocument.growth.progress import (
    latest_answers,
    pictures,
    points_by_action_point,
)
from groeidocument.growth.records import load_finished_records, load_records
from groeidocument.growth.report import notes_of, report_conversations
from groeidocument.growth.schedule import (
    FOLLOW_UPS_PER_PAGE,
    bucket_definitions,
    follow_up_buckets,
    follow_up_rows,
    overview_rows,
)
from groeidocument.growth.services import (
    CLOSED_MESSAGE,
    EditConflict,
    close_document,
    colleagues_for_hand_over,
    colleagues_for_sharing,
    create_growth_document,
    hand_over_document,
    reopen_document,
    share_document,
    update_growth_document,
    withdraw_share,
)
from groeidocument.growth.templatetags.dates import day
from groeidocument.lib.urls import uuid_url_builder
from groeidocument.scopes import (
    Access,
    ScopedQuery,
    document_access,
    documents_for_user,
    get_document_for_user,
    get_membership,
    get_pupil_for_user,
    parse_uuid,
    pupils_for_user,
)


@require_safe
def overview(request):
    membership = get_membership(request)
    today = timezone.localdate()
    definitions = {
        definition.slug: definition for definition in bucket_definitions(today)
    }
    if chosen := definitions.get(request.GET.get("bucket", "")):
        return _follow_up_bucket(request, membership, chosen)

    drafts = _OWN_DRAFTS(membership, author=membership.user_id)
    buckets = follow_up_buckets(overview_rows(membership), today)
    for bucket in buckets:
        bucket.documents = _display_rows(bucket.documents, bucket.slug)
    return render(
        request,
        "growth/overview.html",
        {
            "today": today,
            "buckets": buckets,
            "drafts": [(draft, resume_url(draft)) for draft in drafts],
        },
    )


# The columns that a row of the unfinished conversations shows, and those
# that its URL needs.
DRAFT_FIELDS = [
    "uuid",
    "kind",
    "current_step",
    "held_on",
    "document__pupil__first_name",
    "document__pupil__last_name",
    "document__pupil__class_name",
]


_OWN_DRAFTS = ScopedQuery(
    lambda membership, author: (
        Conversation.objects.visible_to(membership)
        .drafts()
        # A closed document's draft waits until the document is open again.
        .filter(created_by=author, document__status=GrowthDocument.Status.OPEN)
        .select_related("document__pupil")
        .only(*DRAFT_FIELDS)
        .order_by("-updated_at")
    )
)


@dataclass(frozen=True)
class FollowUpRow:
    """A line of the to-do list: a link to the document and its dates."""

    url: str
    name: str
    dates_text: str
    shared_access: str | None


def _display_rows(rows, slug: str) -> list[FollowUpRow]:
    """Turn rows of schedule.follow_up_rows() into the lines the lists show.

    slug is the bucket's: the list of documents without a conversation for
    six weeks shows the last conversation's date, the others the follow-up
    date. A pupil listed more than once gets each document's start date.
    Built here in one loop, reversing the URL once, so that the template
    prints a few values per line instead of resolving and filtering each
    column.
    """
    url_of = uuid_url_builder("growth:detail")
    follow_up_label = _("Follow-up date")
    names = [f"{row[3]} {row[4]} ({row[5]})" for row in rows]
    listed_twice = {name for name, count in Counter(names).items() if count > 1}
    lines = []
    for row, name in zip(rows, names, strict=True):
        follow_up, last, document_uuid = row[:3]
        started_on = row[6]
        if follow_up and slug != "quiet":
            dates_text = f"{follow_up_label}: {day(follow_up, 'l j F Y')}"
        else:
            dates_text = _("last conversation %(date)s") % {"date": day(last, "j F Y")}
        if name in listed_twice:
            started = _("started on %(date)s") % {"date": day(started_on, "j F Y")}
            dates_text = f"{dates_text} · {started}"
        lines.append(
            FollowUpRow(
                url_of(document_uuid),
                name,
                dates_text,
                # Only rows of a user who reads through shares have the column.
                row[7] if len(row) > 7 else None,
            )
        )
    return lines


def _follow_up_bucket(request, membership, definition):
    """Show every document of one bucket of the overview, a page at a time."""
    rows = follow_up_rows(membership).filter(definition.condition)
    page = Paginator(rows, FOLLOW_UPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "growth/follow_up_bucket.html",
        {
            "bucket": definition,
            "page": page,
            "documents": _display_rows(list(page.object_list), definition.slug),
        },
    )


def _save_or_show_errors(request, conversation_form, formset, save):
    """Validate both forms, then call save; rule errors go back to the forms."""
    if not (conversation_form.is_valid() and formset.is_valid()):
        return None
    try:
        return save()
    except EditConflict as conflict:
        conversation_form.add_error(None, conflict.message)
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def document_create(request):
    pupils = pupils_for_user(request).active()
    if not pupils.exists():
        return render(request, "growth/no_pupils.html")
    initial = {"held_on": timezone.localdate()}
    if pupil_uuid := request.GET.get("pupil"):
        initial["pupil"] = get_pupil_for_user(request, pupil_uuid).uuid

    data = request.POST if request.method == "POST" else None
    conversation_form = ConversationForm(data, pupils=pupils, initial=initial)
    formset = action_point_formset(data)

    if request.method == "POST":
        document = _save_or_show_errors(
            request,
            conversation_form,
            formset,
            lambda: create_growth_document(
                pupil=conversation_form.cleaned_data["pupil"],
                coach=request.user,
                held_on=conversation_form.cleaned_data["held_on"],
                follow_up_on=conversation_form.cleaned_data["follow_up_on"],
                action_points=formset.to_inputs(),
            ),
        )
        if document:
            audit.record(request, Action.CREATED_DOCUMENT, document=document)
            messages.success(request, _("The growth document was saved."))
            return redirect(document)

    return render(
        request,
        "growth/document_form.html",
        {"conversation_form": conversation_form, "formset": formset},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def document_edit(request, document_uuid):
    document = get_document_for_user(request, document_uuid, Access.WRITE)
    closed = document.status == GrowthDocument.Status.CLOSED
    if closed and request.method != "POST":
        messages.error(request, CLOSED_MESSAGE)
        return redirect(document)
    conversation = document.latest_conversation()
    if conversation is None:
        return redirect(resume_url(document.draft_conversation()))

    data = request.POST if request.method == "POST" else None
    conversation_form = ConversationForm(data, instance=conversation)
    formset = action_point_formset(data, document=document)
    # The version the editor started from travels with the form, so a save
    # over someone else's newer save is detected instead of overwriting it.
    version = document.version
    if data is not None:
        try:
            version = int(data.get("version", ""))
        except ValueError:
            version = -1

    if request.method == "POST" and closed:
        # The form shows the typed text again, so that nothing is lost.
        conversation_form.add_error(None, CLOSED_MESSAGE)
        conversation_form.add_error(
            None, _("Your changes were not saved: copy what you typed first.")
        )
    elif request.method == "POST":
        saved = _save_or_show_errors(
            request,
            conversation_form,
            formset,
            lambda: update_growth_document(
                document,
                version=version,
                user=request.user,
                held_on=conversation_form.cleaned_data["held_on"],
                follow_up_on=conversation_form.cleaned_data["follow_up_on"],
                action_points=formset.to_inputs(),
            ),
        )
        if saved:
            audit.record(request, Action.EDITED_DOCUMENT, document=document)
            messages.success(request, _("The changes were saved."))
            return redirect(document)

    if request.method != "POST":
        audit.record(request, Action.VIEWED_DOCUMENT, document=document)
    return render(
        request,
        "growth/document_form.html",
        {
            "document": document,
            "conversation_form": conversation_form,
            "formset": formset,
            "version": version,
        },
    )


def _action_point_rows(document, with_more=False, records=None):
    """Each action point with its latest answers and the six questions in order.

    Each answer is the newest one given: a follow-up that leaves a question
    empty keeps showing the earlier answer. with_more adds the other answers of
    the conversation mode, which the one-page form leaves out.
    """
    records = records or load_finished_records(document)
    latest = document.latest_entries(records.finished_entries)
    answers_by_action_point = latest_answers(document, records.finished_entries)
    rows = []
    for action_point in records.action_points:
        found = answers_by_action_point.get(action_point.id, {})
        answers = []
        for name, label in rules.FORM_QUESTIONS:
            if name == "wish":
                answers.append((label, action_point.wish, action_point.wish_by_pupil))
            else:
                answers.append((label, *found.get(name, ("", False))))
        more = []
        if with_more:
            for name, label in (
                rules.LOOKING_BACK_QUESTIONS
                + rules.EXPLORING_QUESTIONS
                + rules.STEP_UP_QUESTIONS
                + [("feedback", _("Feedback of the coach"))]
            ):
                text, by_pupil = found.get(name, ("", False))
                if text:
                    more.append((label, text, by_pupil))
        rows.append(
            {
                "action_point": action_point,
                "entry": latest.get(action_point.id),
                "scale_value": found.get("scale_value"),
                "support_kept": found.get("support_kept"),
                "answers": answers,
                "more": more,
            }
        )
    return rows


def _coach_notes(records, membership):
    """Collect the coach-only notes membership's user may read, per conversation.

    Conversation.notes_visible_to decides: the author's own notes, and a
    care coordinator's when the school allows it.
    """
    return [
        (conversation, step_title, text)
        for conversation in records.conversations
        if conversation.notes_visible_to(membership)
        for step_title, text in notes_of(conversation)
    ]


def _rows_with_progress(document, records=None):
    """Build the action point rows of the document page with their pictures."""
    records = records or load_finished_records(document)
    rows = _action_point_rows(document, with_more=True, records=records)
    points = points_by_action_point(document, records.finished_entries)
    for number, row in enumerate(rows, start=1):
        action_point = row["action_point"]
        action_point_points = points.get(action_point.id, [])
        row["progress"] = pictures(action_point, action_point_points, number)
        label = _("Action point %(number)s") % {"number": number}
        row["heading"] = f"{label}: {truncatechars(action_point.wish, 90)}"
        row["domain"] = capfirst(action_point.get_domain_display())
    return rows


def _history(document, records):
    """Conversations and events of the document, oldest first."""
    numbers = {
        action_point.id: number
        for number, action_point in enumerate(records.action_points, start=1)
    }
    conversations = records.conversations
    for conversation in conversations:
        # By number, not by text: a later edit of an action point's text
        # must not seem to change what an earlier conversation recorded.
        conversation.scale_summary = sorted(
            (numbers[entry.action_point_id], entry.scale_value)
            for entry in conversation.loaded_entries
        )
    items = [("conversation", c.held_on, c.created_at, c) for c in conversations]
    events = document.events.select_related(
        "actor", "from_coach", "to_coach", "colleague"
    )
    for event in events:
        day = timezone.localdate(event.created_at)
        items.append(("event", day, event.created_at, event))
    items.sort(key=lambda item: (item[1], item[2]))
    return [(kind, item) for kind, _day, _created, item in items]


def _own_share(document, membership, accesses):
    """Return the share through which membership's user reads the document.

    Only a colleague without manage access reads through a share, so the
    holder and care coordinators skip the query.
    """
    if Access.MANAGE in accesses:
        return None
    return document.shares.filter(user=membership.user).first()


@require_safe
def document_detail(request, document_uuid):
    """Show the document as the coach works with it: the action points first.

    The full history and the forms to close, share and hand over have pages
    of their own, so this page, opened most, reads and renders only the
    records that the action points and the coach's notes need.
    """
    membership = get_membership(request)
    document = get_document_for_user(request, document_uuid, with_coach=True)
    accesses = document_access(membership, document)
    records = load_records(document)
    conversations = records.conversations
    drafts = [conversation for conversation in conversations if conversation.is_draft]
    # The newest draft, as GrowthDocument.draft_conversation picks it.
    draft = max(drafts, key=lambda conversation: conversation.created_at, default=None)

    rows = _rows_with_progress(document, records)
    audit.record(request, Action.VIEWED_DOCUMENT, document=document)
    return render(
        request,
        "growth/document_detail.html",
        {
            "document": document,
            "rows": rows,
            "rows_finished": any(row["entry"] for row in rows),
            "open_action_points": any(
                row["action_point"].status == "open" for row in rows
            ),
            "draft": draft,
            "draft_url": resume_url(draft) if draft else None,
            "coach_notes": _coach_notes(records, membership),
            "can_write": Access.WRITE in accesses,
            "can_manage": Access.MANAGE in accesses,
            "own_share": _own_share(document, membership, accesses),
            "today": timezone.localdate(),
        },
    )


@require_safe
def document_history(request, document_uuid):
    """List the document's conversations and events, oldest first."""
    document = get_document_for_user(request, document_uuid, with_coach=True)
    accesses = document_access(get_membership(request), document)
    records = load_records(document, with_starters=True)

    audit.record(request, Action.VIEWED_DOCUMENT, document=document)
    return render(
        request,
        "growth/document_history.html",
        {
            "document": document,
            "history": _history(document, records),
            "can_manage": Access.MANAGE in accesses,
        },
    )


@require_safe
def document_manage(request, document_uuid):
    """Show the forms to close or reopen, share and hand over the document."""
    document = get_document_for_user(
        request, document_uuid, Access.MANAGE, with_coach=True
    )

    colleagues = list(colleagues_for_hand_over(document))

    audit.record(request, Action.VIEWED_DOCUMENT, document=document)
    return render(
        request,
        "growth/document_manage.html",
        {
            "document": document,
            "can_manage": True,
            "close_reasons": CloseReason.choices,
            "shares": document.shares.select_related("user").order_by(
                "user__first_name", "user__last_name", "user__username"
            ),
            "colleagues": colleagues,
            # The same list without the user: a care coordinator may take a
            # document over, but sharing it with themself gives them nothing.
            "share_colleagues": [
                colleague for colleague in colleagues if colleague != request.user
            ],
            "loses_access": _loses_access(request, document),
        },
    )


@require_safe
def document_print(request, document_uuid):
    document = get_document_for_user(request, document_uuid)

    audit.record(request, Action.PRINTED, document=document)
    return render(
        request,
        "growth/document_print.html",
        {"document": document, "rows": _action_point_rows(document)},
    )


@require_safe
def document_pdf(request, document_uuid):
    """Download the pupil's copy: the one-page form per action point."""
    document = get_document_for_user(request, document_uuid)

    audit.record(request, Action.PDF_DOWNLOADED, document=document)
    day = document.last_conversation_on or document.started_on
    return pdf_response(
        request,
        "growth/document_print.html",
        {"document": document, "rows": _action_point_rows(document)},
        pdf_file_name("groeidocument", document.pupil.full_name, day),
    )


@require_safe
def document_report_pdf(request, document_uuid):
    """Download the full report: every conversation and the progress charts."""
    document = get_document_for_user(request, document_uuid, with_coach=True)

    audit.record(request, Action.REPORT_DOWNLOADED, document=document)
    day = document.last_conversation_on or document.started_on
    conversations = report_conversations(document, get_membership(request))
    return pdf_response(
        request,
        "growth/document_report.html",
        {
            "document": document,
            "rows": _rows_with_progress(document),
            "conversations": conversations,
            "has_notes": any(item["notes"] for item in conversations),
            "today": timezone.localdate(),
        },
        pdf_file_name("groeidocument-verslag", document.pupil.full_name, day),
    )


@require_safe
def class_pdf(request, class_name):
    """Download the pupil's copy of every open growth document of a class."""
    pupils = pupils_for_user(request).active().filter(class_name=class_name)
    if not pupils.exists():
        raise Http404("unknown class")

    documents = (
        documents_for_user(request)
        .open()
        .filter(pupil__in=pupils)
        .select_related("pupil")
        .order_by("pupil__last_name", "pupil__first_name", "started_on", "pk")
    )
    sheets = [(document, _action_point_rows(document)) for document in documents]
    if not sheets:
        messages.info(
            request,
            _("Class %(class_name)s has no open growth documents that you can see.")
            % {"class_name": class_name},
        )
        return redirect(f"{reverse('pupils:list')}?{urlencode({'class': class_name})}")

    audit.record_many(
        request, Action.PDF_DOWNLOADED, documents=[document for document, _r in sheets]
    )
    return pdf_response(
        request,
        "growth/class_print.html",
        {"class_name": class_name, "sheets": sheets},
        pdf_file_name("groeidocumenten-klas", class_name, timezone.localdate()),
    )


@require_POST
def document_close(request, document_uuid):
    document = get_document_for_user(request, document_uuid, Access.MANAGE)

    try:
        close_document(document, user=request.user, reason=request.POST.get("reason"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("growth:manage", document.uuid)
    audit.record(request, Action.CLOSED, document=document)
    messages.success(request, _("The growth document is closed."))
    return redirect(document)


@require_POST
def document_reopen(request, document_uuid):
    document = get_document_for_user(request, document_uuid, Access.MANAGE)

    reopen_document(document, user=request.user)
    audit.record(request, Action.REOPENED, document=document)
    messages.success(request, _("The growth document is open again."))
    return redirect(document)


def _loses_access(request, document):
    """Return whether handing document over takes it away from the user.

    The holder who is not a care coordinator cannot read it afterwards.
    """
    return (
        document.coach_id == request.user.id
        and not get_membership(request).sees_all_documents
    )


@require_POST
def document_hand_over(request, document_uuid):
    document = get_document_for_user(request, document_uuid, Access.MANAGE)
    to_coach = (
        colleagues_for_hand_over(document)
        .filter(uuid=parse_uuid(request.POST.get("to_coach", "")))
        .first()
        if request.POST.get("to_coach")
        else None
    )

    loses_access = _loses_access(request, document)

    if to_coach is None:
        messages.error(request, _("Choose a colleague of this school from the list."))
        return redirect("growth:manage", document.uuid)
    if loses_access and not request.POST.get("confirm"):
        messages.error(
            request,
            _(
                "Tick the box that says you will no longer see this growth "
                "document, then choose Hand over again."
            ),
        )
        return redirect("growth:manage", document.uuid)
    hand_over_document(document, user=request.user, to_coach=to_coach)
    audit.record(request, Action.HANDED_OVER, document=document)
    messages.success(
        request,
        _("The growth document now belongs to %(name)s.") % {"name": to_coach},
    )
    if loses_access:
        return redirect("overview")
    return redirect(document)


@require_POST
def document_share(request, document_uuid):
    """Share the document with a colleague, or change the access of a share."""
    document = get_document_for_user(request, document_uuid, Access.MANAGE)
    # Only a colleague from the list counts, so a malformed or unknown id, or
    # the id of another school's or an inactive user, matches no colleague.
    try:
        colleague_uuid = uuid.UUID(request.POST.get("colleague", ""))
    except ValueError:
        colleague = None
    else:
        colleague = (
            colleagues_for_sharing(document, request.user)
            .filter(uuid=colleague_uuid)
            .first()
        )
    access = request.POST.get("access", "")

    if colleague is None:
        messages.error(request, _("Choose a colleague of this school from the list."))
        return redirect("growth:manage", document.uuid)
    if access not in ShareAccess.values:
        messages.error(request, _("Choose read or write access."))
        return redirect("growth:manage", document.uuid)
    share_document(document, user=request.user, colleague=colleague, access=access)
    audit.record(request, Action.SHARED, document=document)
    if access == ShareAccess.WRITE:
        message = _("%(name)s can now read and change this growth document.")
    else:
        message = _("%(name)s can now read this growth document.")
    messages.success(request, message % {"name": colleague})
    return redirect("growth:manage", document.uuid)


@require_POST
def document_unshare(request, document_uuid, share_uuid):
    """Stop sharing the document with one colleague."""
    document = get_document_for_user(request, document_uuid, Access.MANAGE)
    share = get_object_or_404(
        DocumentShare.objects.filter(document=document).select_related("user"),
        uuid=parse_uuid(share_uuid),
    )

    withdraw_share(share, user=request.user)
    audit.record(request, Action.UNSHARED, document=document)
    messages.success(
        request,
        _("%(name)s no longer sees this growth document.") % {"name": share.user},
    )
    return redirect("growth:manage", document.uuid)


@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request):
    feed = feed_for(request.user)

    if request.method == "POST":
        if request.POST.get("action") == "new_link" and not request.POST.get("confirm"):
            messages.error(
                request,
                _(
                    "Tick the box that says the old link stops working, then "
                    "choose Make a new link again."
                ),
            )
        elif request.POST.get("action") == "new_link":
            replace_token(feed)
            messages.success(
                request, _("You have a new link. The old link no longer works.")
            )
        elif request.POST.get("title_style") in CalendarTitleStyle.values:
            feed.title_style = request.POST["title_style"]
            feed.save(update_fields=["title_style"])
            messages.success(request, _("The setting was saved."))
        return redirect("calendar_settings")

    feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
    return render(
        request,
        "growth/calendar_settings.html",
        {"feed": feed, "feed_url": feed_url, "styles": CalendarTitleStyle.choices},
    )


@login_not_required
@require_safe
def calendar_feed(request, token):
    # The token is the key: an unknown or replaced token finds nothing.
    feed = get_object_or_404(CalendarFeed, token=token, user__is_active=True)

    response = HttpResponse(
        build_feed(feed), content_type="text/calendar; charset=utf-8"
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = 'inline; filename="groeidocument.ics"'
    return response
