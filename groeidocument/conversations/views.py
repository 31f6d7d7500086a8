import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from groeidocument.audit import services as audit
from groeidocument.audit.forms import PrivacySettingsForm
from groeidocument.audit.models import Action
from groeidocument.conversations import services
from groeidocument.conversations.forms import (
    StarterAudienceForm,
    StarterForm,
)
from groeidocument.conversations.steps import (
    BASE_PREFIX,
    QUICK_FOLLOW_UP_WEEKS,
    as_base,
    find_step,
    save_step,
    steps_for,
)
from groeidocument.growth import rules
from groeidocument.growth.models import (
    ActionPoint,
    ActionPointStatus,
    Conversation,
    ConversationStarter,
    GrowthDocument,
    SupportKept,
)
from groeidocument.growth.services import CLOSED_MESSAGE, raise_version
from groeidocument.lib.charts import ladder
from groeidocument.scopes import (
    Access,
    get_conversation_for_user,
    get_document_for_user,
    get_membership,
    get_pupil_for_user,
    parse_uuid,
)

PUPIL_VIEW_SESSION_KEY = "pupil_view_conversations"


def _writes_notes(request, conversation) -> bool:
    """Return whether the user may read and write the coach's note fields.

    Only the conversation's author may. A colleague the document is shared
    with, or a care coordinator, who continues the conversation gets no note
    field.
    """
    return conversation.created_by_id == request.user.id


def _is_pupil_view(request, conversation) -> bool:
    return str(conversation.uuid) in request.session.get(PUPIL_VIEW_SESSION_KEY, [])


def _step_url(conversation, step):
    return reverse("conversations:step", args=[conversation.uuid, step.slug])


def resume_url(conversation) -> str:
    """Return the URL where an unfinished conversation goes on, the step shown last."""
    step = find_step(conversation, conversation.current_step)
    return _step_url(conversation, step or steps_for(conversation)[0])


@require_POST
def start_for_pupil(request, pupil_uuid):
    pupil = get_pupil_for_user(request, pupil_uuid)
    if not pupil.is_active:
        raise Http404("pupil left the school")

    conversation = services.start_first_conversation(pupil, request.user)
    audit.record(request, Action.CONVERSATION_STARTED, document=conversation.document)
    return redirect(resume_url(conversation))


@require_POST
def start_for_document(request, document_uuid):
    document = get_document_for_user(request, document_uuid, Access.WRITE)

    try:
        conversation = services.start_follow_up(document, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(document)
    audit.record(request, Action.CONVERSATION_STARTED, document=document)
    return redirect(resume_url(conversation))


def _field(name, saved, data, errors):
    """Describe one input: the value shown, its base, and a conflict if any.

    After an error or a conflict the user's own input is shown again. The
    base stays the one the page had, so that a conflict stays until the user
    resolves it.
    """
    conflicts = getattr(errors, "conflicts", {})
    kept = name in errors or name in conflicts
    return {
        "name": name,
        "value": data.get(name, as_base(saved)) if kept else as_base(saved),
        "base": data.get(BASE_PREFIX + name, as_base(saved))
        if name in conflicts
        else as_base(saved),
        "conflict": conflicts.get(name),
        "error": errors.get(name),
    }


def _action_point_rows(conversation, step, data, errors, pupil_view):
    """Build what the template shows per action point, keeping unsaved input."""
    entries, previous = services.current_and_previous_entries(conversation)
    rows = []
    for action_point in services.action_points_of(conversation):
        prefix = f"ap-{action_point.uuid}-"
        entry = entries.get(action_point.id)
        questions = []
        asked = list(step.questions)
        if not pupil_view:
            asked += step.coach_questions
        for name, label in asked:
            saved = getattr(entry, name, "") if entry else ""
            questions.append(
                {
                    **_field(prefix + name, saved, data, errors),
                    "label": label,
                    "by_pupil": bool(entry and entry.is_pupil_written(name)),
                }
            )
        scale_name = prefix + "scale_value"
        scale = _field(scale_name, entry.scale_value if entry else None, data, errors)
        rows.append(
            {
                "action_point": action_point,
                "prefix": prefix,
                "entry": entry,
                "wish_field": _field(prefix + "wish", action_point.wish, data, errors),
                "scale_name": scale_name,
                "scale_value": entry.scale_value if entry else None,
                "scale": scale,
                "previous": previous.get(action_point.id),
                "can_remove": step.slug == "action_points"
                and services.can_remove_action_point(conversation, action_point),
                "ladder": _ladder(action_point, previous.get(action_point.id))
                if conversation.kind == Conversation.Kind.FOLLOW_UP
                else None,
                "support_kept": entry.support_kept if entry else "",
                "scale_error": errors.get(scale_name),
                "questions": questions,
            }
        )
    return rows


def _ladder(action_point, previous_entry):
    """Draw the stairs with the step the pupil stood on last time."""
    value = previous_entry.scale_value if previous_entry else None
    return ladder(
        value,
        title=_("Last time you were on step %(value)s of 10.") % {"value": value}
        if value is not None
        else _("No step chosen yet."),
        here_label=_("last time"),
        next_label=_("next step"),
        top_label=_("good enough"),
        picture_id=f"ladder-{action_point.uuid}",
    )


def _render_step(request, conversation, step, data=None, errors=None, status=200):
    data = data or {}
    errors = errors if errors is not None else {}
    pupil_view = _is_pupil_view(request, conversation)
    steps = steps_for(conversation)
    index = steps.index(step)
    context = {
        "conversation": conversation,
        "document": conversation.document,
        "pupil": conversation.document.pupil,
        "step": step,
        "steps": steps,
        "step_number": index + 1,
        "previous_step": steps[index - 1] if index > 0 else None,
        "next_step": steps[index + 1] if index + 1 < len(steps) else None,
        "support_choices": SupportKept.choices,
        "outcome_choices": ActionPointStatus.choices,
        "pupil_view": pupil_view,
        "rows": _action_point_rows(conversation, step, data, errors, pupil_view),
        "errors": errors,
        "writes_notes": _writes_notes(request, conversation),
        "note": _field(
            "note", conversation.coach_notes.get(step.slug, ""), data, errors
        ),
        "compliment": _field("compliment", conversation.compliment, data, errors),
        "conflicts": getattr(errors, "conflicts", {}),
        "scale_range": range(0, 11),
    }
    if step.slug == "starter":
        context["cards"] = services.cards_on_table(conversation)
    if step.slug == "action_points":
        context["new_wish"] = data.get("new-wish", "") if "new-wish" in errors else ""
        context["new_wish_error"] = errors.get("new-wish")
        context["domains"] = ActionPoint.Domain.choices
        context["can_add"] = len(context["rows"]) < rules.MAX_ACTION_POINTS
    if step.slug == "agreements":
        context["quick_choices"] = [
            (weeks, services.follow_up_in_weeks(conversation, weeks))
            for weeks in QUICK_FOLLOW_UP_WEEKS
        ]
        context["completion_errors"] = services.completion_errors(conversation)
    return render(
        request, f"conversations/step_{step.slug}.html", context, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
def step_view(request, conversation_uuid, step_slug):
    conversation = get_conversation_for_user(request, conversation_uuid, Access.WRITE)
    step = find_step(conversation, step_slug)
    if step is None:
        raise Http404("unknown step")
    if not conversation.is_draft:
        messages.info(request, _("This conversation is finished."))
        return redirect(conversation.document)
    if conversation.document.status == GrowthDocument.Status.CLOSED and not (
        request.htmx
    ):
        messages.info(request, CLOSED_MESSAGE)
        return redirect(conversation.document)

    if request.method != "POST":
        if conversation.current_step != step.slug:
            conversation.current_step = step.slug
            conversation.save(update_fields=["current_step"])
        audit.record_throttled(
            request, Action.CONVERSATION_OPENED, document=conversation.document
        )
        return _render_step(request, conversation, step)

    # Every POST saves first: an autosave, a button, or both at once.
    pupil_view = _is_pupil_view(request, conversation)
    with transaction.atomic():
        errors = save_step(
            conversation,
            step,
            request.POST,
            pupil_view=pupil_view,
            writes_notes=_writes_notes(request, conversation),
        )
    if "finished" in errors or "closed" in errors:
        if request.htmx:
            return _render_save_status(request, conversation, step, errors)
        if "closed" in errors:
            messages.info(request, CLOSED_MESSAGE)
        else:
            messages.info(request, _("This conversation is finished."))
        return redirect(conversation.document)
    audit.record_throttled(
        request, Action.CONVERSATION_SAVED, document=conversation.document
    )

    if request.htmx:
        return _render_save_status(request, conversation, step, errors)
    action = request.POST.get("action", "")
    if errors or errors.conflicts:
        return _render_step(request, conversation, step, request.POST, errors, 200)
    if action.startswith("remove-"):
        action_point = conversation.document.action_points.filter(
            uuid=parse_uuid(action.removeprefix("remove-"))
        ).first()
        if action_point and services.can_remove_action_point(
            conversation, action_point
        ):
            action_point.delete()
            raise_version(conversation.document)
        return redirect(_step_url(conversation, step))
    if action.startswith("move-up-"):
        action_point = conversation.document.action_points.filter(
            uuid=parse_uuid(action.removeprefix("move-up-"))
        ).first()
        if action_point:
            services.move_action_point_up(action_point)
            raise_version(conversation.document)
        return redirect(_step_url(conversation, step))
    if action == "finish":
        return _finish(request, conversation, step)
    target = find_step(conversation, action) or step
    return redirect(_step_url(conversation, target))


def _render_save_status(request, conversation, step, errors):
    conflicts = getattr(errors, "conflicts", {})
    response = render(
        request,
        "conversations/_save_status.html",
        {
            "errors": errors,
            "conflicts": [
                {"name": name, "conflict": other} for name, other in conflicts.items()
            ],
            "saved_at": timezone.localtime(),
        },
    )
    # htmx swaps only successful responses, so a rejected input returns 200
    # too, and these headers tell the page script what happened. The script
    # moves the base of every input it sent, except these, to what it sent.
    if errors:
        state = "rejected"
    elif conflicts:
        state = "conflict"
    else:
        state = "saved"
    response.headers["X-Save-State"] = state
    response.headers["X-Save-Kept"] = json.dumps(sorted(set(errors) | set(conflicts)))
    return response


def _finish(request, conversation, step):
    try:
        document = services.finish_conversation(conversation)
    except ValidationError:
        return _render_step(request, conversation, step, status=200)
    _forget_pupil_view(request, conversation)
    audit.record(request, Action.CONVERSATION_FINISHED, document=document)
    messages.success(request, _("The conversation is saved as finished."))
    return redirect(document)


def _forget_pupil_view(request, conversation):
    chosen = set(request.session.get(PUPIL_VIEW_SESSION_KEY, []))
    chosen.discard(str(conversation.uuid))
    request.session[PUPIL_VIEW_SESSION_KEY] = sorted(chosen)


@require_POST
def switch_view(request, conversation_uuid):
    """Switch between the coach view and the pupil view of one conversation."""
    conversation = get_conversation_for_user(request, conversation_uuid, Access.WRITE)
    step = find_step(conversation, request.POST.get("step", ""))
    step = step or steps_for(conversation)[0]

    if request.POST.get("view") == "pupil":
        chosen = set(request.session.get(PUPIL_VIEW_SESSION_KEY, []))
        chosen.add(str(conversation.uuid))
        request.session[PUPIL_VIEW_SESSION_KEY] = sorted(chosen)
    else:
        _forget_pupil_view(request, conversation)
    return redirect(_step_url(conversation, step))


def _can_change_school_settings(membership) -> bool:
    return membership.manages_pupil_data


@require_http_methods(["GET", "HEAD", "POST"])
def starter_list(request):
    membership = get_membership(request)
    school = membership.school
    starters = ConversationStarter.objects.filter(school=school).order_by(
        "-is_active", "question"
    )
    form = StarterForm(prefix="new")
    # The school's settings on this page, each with the field that marks its
    # POST and the message after saving.
    school_forms = {
        "audience": (
            StarterAudienceForm,
            "audience-starter_audience",
            _("The setting was saved."),
        ),
        "privacy": (
            PrivacySettingsForm,
            "privacy-retention_months",
            _("The setting was saved."),
        ),
    }
    bound = {
        prefix: form_class(instance=school, prefix=prefix)
        for prefix, (form_class, _marker, _message) in school_forms.items()
    }

    posted = [
        prefix
        for prefix, (_form_class, marker, _message) in school_forms.items()
        if marker in request.POST
    ]
    if request.method == "POST" and posted:
        prefix = posted[0]
        if not _can_change_school_settings(membership):
            raise PermissionDenied("only coordinators and administrators")
        form_class, _marker, message = school_forms[prefix]
        bound[prefix] = form_class(request.POST, instance=school, prefix=prefix)
        if bound[prefix].is_valid():
            bound[prefix].save()
            messages.success(request, message)
            return redirect("conversations:starters")
    elif request.method == "POST":
        form = StarterForm(
            request.POST, instance=ConversationStarter(school=school), prefix="new"
        )
        if form.is_valid():
            form.save()
            messages.success(request, _("The card was added to the deck."))
            return redirect("conversations:starters")

    return render(
        request,
        "conversations/starter_list.html",
        {
            "starters": starters,
            "form": form,
            "audience_form": bound["audience"],
            "privacy_form": bound["privacy"],
            "can_change_audience": _can_change_school_settings(membership),
            "active_count": sum(starter.is_active for starter in starters),
            "retired_count": sum(not starter.is_active for starter in starters),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def starter_edit(request, starter_uuid):
    school = get_membership(request).school
    starter = get_object_or_404(
        ConversationStarter.objects.filter(school=school), uuid=parse_uuid(starter_uuid)
    )
    form = StarterForm(request.POST or None, instance=starter)

    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The card was saved."))
        return redirect("conversations:starters")

    return render(
        request, "conversations/starter_form.html", {"form": form, "starter": starter}
    )


@require_POST
def discard(request, conversation_uuid):
    """Throw an unfinished conversation away, for one started by mistake.

    Write access is enough for a follow-up. Throwing away the conversation of
    a document with nothing finished deletes the document, so that needs the
    access of its holder.
    """
    conversation = get_conversation_for_user(request, conversation_uuid, Access.WRITE)
    if not conversation.document.conversations.complete().exists():
        conversation = get_conversation_for_user(
            request, conversation_uuid, Access.MANAGE
        )
    if not conversation.is_draft:
        messages.error(request, _("A finished conversation cannot be thrown away."))
        return redirect(conversation.document)
    if conversation.document.status == GrowthDocument.Status.CLOSED:
        messages.error(request, CLOSED_MESSAGE)
        return redirect(conversation.document)
    # Everything typed in the draft goes with it, so one tap is not enough.
    if not request.POST.get("confirm"):
        messages.error(
            request,
            _(
                "Nothing was thrown away. Tick the box that says everything "
                "typed in the conversation is then gone, then choose Throw it "
                "away again."
            ),
        )
        return redirect(conversation.document)

    document = services.discard_draft(conversation)
    # The document may be gone with the draft, but its UUID is still known.
    audit.record(request, Action.CONVERSATION_DISCARDED, document=conversation.document)
    messages.success(request, _("The unfinished conversation was thrown away."))
    if document is None:
        return redirect(conversation.document.pupil)
    return redirect(document)
