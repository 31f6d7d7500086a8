"""HTML to PDF with WeasyPrint, with every referenced file read from disk.

A page refers to its stylesheets and fonts by their static URL. The fetcher
below maps those URLs to the files that Django's static file finders locate,
and rejects every other URL, so rendering a PDF never opens a network
connection and never reads a file outside the static folders.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.text.fonts import FontConfiguration

logger = logging.getLogger(__name__)

# Relative URLs in a page resolve against this base, so that "/static/x.css"
# becomes "file:///static/x.css". The fetcher then reads it from the finders,
# not from the file system root.
BASE_URL = "file:///"


class StaticFileFetcher(weasyprint.URLFetcher):
    """Fetch static files through the finders and reject every other URL."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc or parts.query:
            raise ValueError(f"URL rejected, only static files are read: {url}")
        if not parts.path.startswith(settings.STATIC_URL):
            raise ValueError(f"URL rejected, only static files are read: {url}")

        relative = unquote(parts.path.removeprefix(settings.STATIC_URL))
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation:
            found = None
        if found is None:
            raise ValueError(f"static file not found: {relative}")

        path = Path(found)
        # The requested URL, not the file's, stays the base of relative URLs
        # inside the file, so a stylesheet's fonts resolve under STATIC_URL too.
        return weasyprint.urls.URLFetcherResponse(
            url=url,
            body=path.read_bytes(),
            headers={"Content-Type": _content_type(path)},
        )


def _content_type(path: Path) -> str:
    return {
        ".css": "text/css",
        ".ttf": "font/ttf",
        ".otf": "font/otf",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
        ".png": "image/png",
    }.get(path.suffix.lower(), "application/octet-stream")


def html_to_pdf(html: str) -> bytes:
    """Render an HTML page to PDF bytes.

    The PDF title comes from the page's <title> and its language from the
    lang attribute of <html>. Fonts from @font-face rules are embedded as
    subsets, so every letter on the page prints as typed.
    """
    fetcher = StaticFileFetcher(allowed_protocols=("file",))
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(font_config=FontConfiguration())
