"""PDF downloads of growth documents, rendered from the print templates."""

import datetime
import hashlib

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

from groeidocument.lib.pdf import html_to_pdf
from groeidocument.lib.text import fold


def pdf_file_name(prefix: str, name: str, day: datetime.date) -> str:
    """Build an ASCII file name such as groeidocument-zoe-van-den-broeck-2026-11-16.pdf.

    The name goes through fold and slugify, so quotes, slashes and line breaks
    never reach the Content-Disposition header. A name without Latin letters
    (Arabic, Cyrillic, Greek) becomes a short code made from the name, so two
    such pupils still get different file names.
    """
    name_part = slugify(fold(name))
    if not name_part and name.strip():
        name_part = hashlib.sha256(name.encode()).hexdigest()[:8]
    parts = [slugify(prefix), name_part, day.isoformat()]
    return "-".join(part for part in parts if part) + ".pdf"


def pdf_response(request, template_name: str, context: dict, file_name: str):
    """Render a print template to PDF and return it as a download."""
    html = render_to_string(template_name, {**context, "for_pdf": True}, request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    # The PDF contains pupil data: a shared classroom computer must not keep it
    # in its cache after logout.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
