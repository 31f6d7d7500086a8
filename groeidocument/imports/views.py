"""The class-list import: upload, column check, preview and confirmation.

Every member of a school may import pupils into that school. The file is read
once, at the upload, and kept in the session (see pending.py). The preview and
the confirmation both plan the import against the current database.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from groeidocument.audit import services as audit
from groeidocument.audit.models import Action
from groeidocument.imports import pending as pending_imports
from groeidocument.imports.columns import guess_roles
from groeidocument.imports.forms import ColumnsForm, ConfirmForm, UploadForm
from groeidocument.imports.matching import build_plan
from groeidocument.imports.services import (
    ImportConflict,
    PlanChanged,
    PlanHasErrors,
    run_import,
)
from groeidocument.scopes import get_membership


def _get_pending_for_user(request, token):
    """Return the user's pending import with this token, or raise 404."""
    school = get_membership(request).school
    pending = pending_imports.load_pending(request.session, token, school)
    if pending is None:
        raise Http404("no pending import with this token")
    return pending


def _finished_redirect(request, token):
    """Redirect a repeated confirmation of a finished import to the pupil list."""
    if pending_imports.was_finished(request.session, token):
        messages.info(request, _("This class list was already imported."))
        return redirect("pupils:list")
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def upload(request):
    school = get_membership(request).school
    form = UploadForm(request.POST or None, request.FILES or None)

    if request.method == "POST" and form.is_valid():
        roles, reasons = guess_roles(form.table.headers)
        pending = pending_imports.PendingImport.start(
            school,
            form.cleaned_data["file"].name,
            form.table,
            roles,
            form.cleaned_data["school_year"],
            form.cleaned_data["mark_missing_as_left"],
        )
        pending.roles_checked = not reasons
        pending.save(request.session)

        if reasons:
            return redirect("imports:columns", token=pending.token)
        return redirect("imports:preview", token=pending.token)

    return render(request, "imports/upload.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def columns(request, token):
    pending = _get_pending_for_user(request, token)
    form = ColumnsForm(
        request.POST or None,
        headers=pending.headers,
        rows=pending.rows,
        roles=pending.roles,
    )

    if request.method == "POST" and form.is_valid():
        pending.roles = form.roles()
        pending.roles_checked = True
        pending.save(request.session)
        return redirect("imports:preview", token=pending.token)

    # Reasons to check are shown on the first visit, before any POST.
    _roles, reasons = guess_roles(pending.headers)
    context = {"form": form, "pending": pending, "reasons": reasons}
    return render(request, "imports/columns.html", context)


def _plan_for(pending, school):
    return build_plan(
        school,
        pending.table,
        pending.roles,
        pending.school_year,
        pending.mark_missing_as_left,
    )


def _render_preview(request, pending, plan, error=None):
    context = {
        "pending": pending,
        "plan": plan,
        "counts": plan.counts,
        "form": ConfirmForm(initial={"fingerprint": plan.fingerprint}),
        "error": error,
    }
    return render(request, "imports/preview.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def preview(request, token):
    if done := _finished_redirect(request, token):
        return done
    pending = _get_pending_for_user(request, token)
    if not pending.roles_checked:
        return redirect("imports:columns", token=pending.token)
    school = get_membership(request).school

    if request.method != "POST":
        plan = _plan_for(pending, school)
        return _render_preview(request, pending, plan)

    # The confirmation plans again: a colleague may have changed pupils since
    # the preview, and then the user sees the new plan before anything is saved.
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        plan = _plan_for(pending, school)
        return _render_preview(request, pending, plan)
    try:
        result = run_import(
            school,
            pending.table,
            pending.roles,
            pending.school_year,
            mark_missing_as_left=pending.mark_missing_as_left,
            skip_errors=form.cleaned_data["skip_errors"],
            expected_fingerprint=form.cleaned_data["fingerprint"],
        )
    except PlanChanged as changed:
        messages.warning(
            request,
            _(
                "The pupils of your school changed since the preview. Nothing was "
                "saved yet: check the new preview and import again."
            ),
        )
        return _render_preview(request, pending, changed.plan)
    except PlanHasErrors as failed:
        error = _(
            "Some rows have errors, so nothing was saved. Correct the file and "
            "upload it again, or tick “Skip the rows with errors”."
        )
        return _render_preview(request, pending, failed.plan, error)
    except ImportConflict:
        messages.warning(
            request,
            _(
                "Someone else changed the pupils of your school at the same time, "
                "so nothing was saved. Import the list again."
            ),
        )
        plan = _plan_for(pending, school)
        return _render_preview(request, pending, plan)

    pending_imports.finish_pending(request.session, pending.token)
    audit.record(
        request,
        Action.IMPORTED,
        pupil_count=result.created + result.updated + result.left,
    )
    messages.success(
        request,
        _(
            "The class list was imported: %(new)s new, %(updated)s updated, "
            "%(left)s marked as left, %(skipped)s skipped because of an error."
        )
        % {
            "new": result.created,
            "updated": result.updated,
            "left": result.left,
            "skipped": result.skipped,
        },
    )
    return redirect("pupils:list")


@require_POST
def cancel(request, token):
    if done := _finished_redirect(request, token):
        return done
    _get_pending_for_user(request, token)

    pending_imports.discard_pending(request.session)
    messages.info(request, _("The import was cancelled. Nothing was saved."))
    return redirect("pupils:list")
