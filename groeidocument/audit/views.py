"""The audit log on screen, and the erasure of a pupil.

Only care coordinators and school administrators reach these pages (see
Membership.manages_pupil_data). A pupil of another school is not found (404)
before the role is checked, so a coach of the right school gets 403.

Reading the audit log adds no entry to it: the pages show who did what, and
no pupil content.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from groeidocument.audit.erasure import erase_pupil
from groeidocument.audit.forms import ErasePupilForm, PupilIdForm
from groeidocument.audit.models import AuditEntry
from groeidocument.growth.models import Conversation, GrowthDocument
from groeidocument.pupils.models import Pupil
from groeidocument.scopes import documents_for_user, get_membership, get_pupil_for_user

ENTRIES_PER_PAGE = 50


def _get_managing_membership(request):
    membership = get_membership(request)
    if not membership.manages_pupil_data:
        raise PermissionDenied("for care coordinators and administrators")
    return membership


def _page_of(request, entries):
    entries = entries.select_related("user")
    return Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))


def _attach_documents(request, page, pupil):
    """Give each entry on page the document it names, if this user may open it."""
    uuids = {entry.document_uuid for entry in page if entry.document_uuid}
    documents = {}
    if uuids and pupil is not None:
        visible = documents_for_user(request).filter(pupil=pupil, uuid__in=uuids)
        documents = {document.uuid: document for document in visible}
    for entry in page:
        entry.visible_document = documents.get(entry.document_uuid)


@require_safe
def pupil_log(request, pupil_uuid):
    pupil = get_pupil_for_user(request, pupil_uuid)
    membership = _get_managing_membership(request)

    page = _page_of(request, AuditEntry.objects.of_pupil(membership.school, pupil.uuid))
    _attach_documents(request, page, pupil)
    return render(request, "audit/pupil_log.html", {"pupil": pupil, "page": page})


@require_safe
def school_log(request):
    """List the school's erasures, or every entry of one pupil id."""
    membership = _get_managing_membership(request)
    school = membership.school
    form = PupilIdForm(request.GET or None)

    pupil_uuid = None
    if form.is_valid():
        pupil_uuid = form.cleaned_data["pupil"]
    if pupil_uuid is None:
        entries = AuditEntry.objects.erasures(school)
        pupil = None
    else:
        entries = AuditEntry.objects.of_pupil(school, pupil_uuid)
        pupil = Pupil.objects.filter(school=school, uuid=pupil_uuid).first()

    page = _page_of(request, entries)
    _attach_documents(request, page, pupil)
    return render(
        request,
        "audit/school_log.html",
        {"form": form, "pupil_uuid": pupil_uuid, "pupil": pupil, "page": page},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def erase(request, pupil_uuid):
    pupil = get_pupil_for_user(request, pupil_uuid)
    membership = _get_managing_membership(request)
    form = ErasePupilForm(request.POST or None, pupil=pupil)

    if request.method == "POST" and form.is_valid():
        erase_pupil(pupil, user=request.user, membership=membership)
        # The message leaves the name out: messages can be stored in the
        # session, and the name must not outlive the erasure there either.
        messages.success(
            request,
            _(
                "The pupil and all their growth documents were erased. The "
                "audit log keeps one line that says so, without the name."
            ),
        )
        return redirect("pupils:list")

    documents = GrowthDocument.objects.filter(pupil=pupil)
    return render(
        request,
        "audit/erase.html",
        {
            "pupil": pupil,
            "form": form,
            "document_count": documents.count(),
            "conversation_count": Conversation.objects.filter(
                document__in=documents
            ).count(),
        },
    )
