"""Downloads of pupil data: one pupil's JSON, the school's CSV and XLSX.

Only care coordinators and school administrators export (see
Membership.exports_pupil_data). A pupil of another school is not found (404)
before the role is checked, so a coach of the right school gets 403.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from groeidocument.audit import services as audit
from groeidocument.audit.models import Action
from groeidocument.exports.pupil import build_pupil_export
from groeidocument.exports.school import school_headers, school_pupils, school_rows
from groeidocument.lib.spreadsheet import write_csv, write_xlsx
from groeidocument.scopes import get_membership, get_pupil_for_user

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_exporting_membership(request):
    membership = get_membership(request)
    if not membership.exports_pupil_data:
        raise PermissionDenied("exports are for care coordinators and administrators")
    return membership


def _download(content, content_type, filename):
    """Return content as an attachment that browsers and proxies must not store."""
    response = HttpResponse(content, content_type=content_type)
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _school_filename(school, extension):
    # slugify drops accents and anything else outside ASCII letters and digits.
    name = slugify(school.name) or "school"
    return f"groeidocument-{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_safe
def index(request):
    membership = _get_exporting_membership(request)
    return render(request, "exports/index.html", {"school": membership.school})


@require_safe
def pupil_export(request, pupil_uuid):
    pupil = get_pupil_for_user(request, pupil_uuid)
    membership = _get_exporting_membership(request)

    export = build_pupil_export(pupil, membership)
    content = json.dumps(export, ensure_ascii=False, indent=2)
    audit.record(request, Action.EXPORTED_PUPIL, pupil=pupil)

    # The name contains the pupil's id, not their name: a download folder on a
    # shared computer then does not show whose data it is.
    filename = f"groeidocument-pupil-{pupil.uuid}.json"
    return _download(content, "application/json; charset=utf-8", filename)


@require_safe
def school_csv(request):
    school = _get_exporting_membership(request).school

    content = write_csv(school_headers(), school_rows(school))
    audit.record_many(request, Action.EXPORTED_SCHOOL, pupils=school_pupils(school))

    filename = _school_filename(school, "csv")
    return _download(content, "text/csv; charset=utf-8", filename)


@require_safe
def school_xlsx(request):
    school = _get_exporting_membership(request).school

    content = write_xlsx(_("Conversations"), school_headers(), school_rows(school))
    audit.record_many(request, Action.EXPORTED_SCHOOL, pupils=school_pupils(school))

    filename = _school_filename(school, "xlsx")
    return _download(content, XLSX_CONTENT_TYPE, filename)
