"""A coach's follow-up dates as an iCalendar feed, for Outlook or Google Calendar.

Events are all-day events on the follow-up date (a date, never a midnight
timestamp), so no calendar shifts them into another day. Titles carry no full
pupil name: a feed URL can end up in places a school does not control.
"""

import datetime
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from groeidocument.accounts.models import CalendarFeed, CalendarTitleStyle
from groeidocument.growth.models import GrowthDocument

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def feed_for(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": new_token()}
    )
    return feed


def replace_token(feed) -> CalendarFeed:
    """Give the feed a new link; the old link stops working at once."""
    feed.token = new_token()
    feed.save(update_fields=["token"])
    return feed


def short_name(pupil, style) -> str:
    first = pupil.first_name.strip()
    last = pupil.last_name.strip()
    if style == CalendarTitleStyle.INITIALS:
        return "".join(f"{part[0]}." for part in (first, last) if part)
    return f"{first} {last[0]}." if last else first


def build_feed(feed) -> bytes:
    """Build the iCalendar text of the open documents this coach has.

    The feed is written line by line, seven short lines per event. The
    icalendar package took about 0.2 ms per event to build and write them, a
    cost that a coach with many follow-ups paid on every fetch.
    tests/test_calendar.py reads the result back with icalendar.
    """
    documents = (
        GrowthDocument.objects.filter(
            coach=feed.user,
            status=GrowthDocument.Status.OPEN,
            next_follow_up_on__isnull=False,
        )
        .select_related("pupil")
        .only("uuid", "next_follow_up_on", "pupil__first_name", "pupil__last_name")
        .order_by("next_follow_up_on")
    )
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    # Outside the f-string, where makemessages would not find it.
    calendar_name = _("Groeidocument follow-ups")
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Groeidocument//Follow-ups//NL",
        "VERSION:2.0",
        f"X-WR-CALNAME:{_text(calendar_name)}",
    ]
    for document in documents:
        summary = _("Follow-up conversation %(name)s") % {
            "name": short_name(document.pupil, feed.title_style)
        }
        lines += [
            "BEGIN:VEVENT",
            # Stable per document, so a changed date moves the event.
            f"UID:follow-up-{document.uuid}@groeidocument",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{document.next_follow_up_on:%Y%m%d}",
            f"SUMMARY:{_text(summary)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{_fold(line)}\r\n" for line in lines).encode()


# Control characters other than the tab may not appear in a text value.
_CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F])


def _text(value: str) -> str:
    """Escape a text value as RFC 5545 (section 3.3.11) requires."""
    for line_break in ("\r\n", "\r", "\n"):
        value = value.replace(line_break, "\n")
    value = (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )
    return value.translate(_CONTROL_CHARACTERS)


def _fold(line: str) -> str:
    """Fold a line longer than 75 octets, never inside a UTF-8 character.

    Each continuation starts with a space, which counts towards its 75 octets.
    """
    if len(line.encode()) <= 75:
        return line
    parts = []
    part = ""
    size = 0
    limit = 75
    for character in line:
        width = len(character.encode())
        if size + width > limit:
            parts.append(part)
            part = ""
            size = 0
            limit = 74
        part += character
        size += width
    parts.append(part)
    return "\r\n ".join(parts)
