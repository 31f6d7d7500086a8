import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from groeidocument.conversations.views import resume_url
from groeidocument.growth import rules
from groeidocument.growth.forms import ConversationForm, action_point_formset
from groeidocument.growth.services import (
    EditConflict,
    create_growth_document,
    update_growth_document,
)
from groeidocument.scopes import (
    conversations_for_user,
    documents_for_user,
    get_document_for_user,
    get_pupil_for_user,
    pupils_for_user,
)

# Follow-ups due within this many days are listed on the overview.
DUE_SOON_DAYS = 7
# The overview lists at most this many due follow-ups, the earliest first, and
# counts the rest: a care coordinator of a large school can have hundreds, and
# rendering them all made the page grow with the school.
DUE_LIST_LIMIT = 25


@require_safe
def overview(request):
    today = timezone.localdate()
    open_documents = (
        documents_for_user(request)
        .open()
        .select_related("pupil")
        .order_by("next_follow_up_on", "pupil__last_name")
    )
    due = open_documents.filter(
        next_follow_up_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
    )
    due_list = list(due[:DUE_LIST_LIMIT])
    recent = open_documents.order_by("-updated_at")[:20]
    drafts = (
        conversations_for_user(request)
        .drafts()
        .filter(created_by=request.user)
        .select_related("document__pupil")
        .order_by("-updated_at")
    )
    return render(
        request,
        "growth/overview.html",
        {
            "today": today,
            "due": due_list,
            "due_later_count": due.count() - len(due_list),
            "recent": recent,
            "drafts": [(draft, resume_url(draft)) for draft in drafts],
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
            messages.success(request, _("The growth document was saved."))
            return redirect(document)

    return render(
        request,
        "growth/document_form.html",
        {"conversation_form": conversation_form, "formset": formset},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def document_edit(request, document_uuid):
    document = get_document_for_user(request, document_uuid)
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

    if request.method == "POST":
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
            messages.success(request, _("The changes were saved."))
            return redirect(document)

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


def _action_point_rows(document, with_more=False):
    """Each action point with its latest entry and the six answers in order.

    with_more adds the other answers of the conversation mode (what the scale
    value means, one step up), which the one-page form leaves out.
    """
    latest = document.latest_entries()
    rows = []
    for action_point in document.action_points.all():
        entry = latest.get(action_point.id)
        answers = []
        for name, label in rules.FORM_QUESTIONS:
            if name == "wish":
                answers.append((label, action_point.wish, action_point.wish_by_pupil))
            else:
                text = getattr(entry, name, "") if entry else ""
                by_pupil = bool(entry and entry.is_pupil_written(name))
                answers.append((label, text, by_pupil))
        more = []
        if with_more and entry:
            for name, label in rules.EXPLORING_QUESTIONS + rules.STEP_UP_QUESTIONS:
                if text := getattr(entry, name):
                    more.append((label, text, entry.is_pupil_written(name)))
        rows.append(
            {
                "action_point": action_point,
                "entry": entry,
                "answers": answers,
                "more": more,
            }
        )
    return rows


def _coach_notes(document, user):
    """The coach-only notes that user wrote, per conversation and step."""
    from groeidocument.conversations.steps import STEPS_BY_SLUG

    notes = []
    for conversation in document.conversations.filter(created_by=user):
        for slug, text in conversation.coach_notes.items():
            step = STEPS_BY_SLUG.get(slug)
            if step and text:
                notes.append((conversation, step.title, text))
    return notes


@require_safe
def document_detail(request, document_uuid):
    document = get_document_for_user(request, document_uuid)
    conversations = document.conversations.select_related("starter").prefetch_related(
        "entries__action_point"
    )
    draft = document.draft_conversation()

    rows = _action_point_rows(document, with_more=True)
    return render(
        request,
        "growth/document_detail.html",
        {
            "document": document,
            "rows": rows,
            "rows_finished": any(row["entry"] for row in rows),
            "conversations": conversations,
            "draft": draft,
            "draft_url": resume_url(draft) if draft else None,
            "coach_notes": _coach_notes(document, request.user),
            "today": timezone.localdate(),
        },
    )


@require_safe
def document_print(request, document_uuid):
    document = get_document_for_user(request, document_uuid)
    return render(
        request,
        "growth/document_print.html",
        {"document": document, "rows": _action_point_rows(document)},
    )
