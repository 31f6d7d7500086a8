"""A coach's follow-up dates as an iCalendar feed, for Outlook or Google Calendar.

Events are all-day events on the follow-up date (a date, never a midnight
timestamp), so no calendar shifts them into another day. Titles carry no full
pupil name: a feed URL can end up in places a school does not control.
"""

import secrets

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

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
    """Build the iCalendar text of the open documents this coach has."""
    documents = (
        GrowthDocument.objects.filter(
            coach=feed.user,
            status=GrowthDocument.Status.OPEN,
            next_follow_up_on__isnull=False,
        )
        .select_related("pupil")
        .order_by("next_follow_up_on")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Groeidocument//Follow-ups//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Groeidocument follow-ups"))
    stamp = timezone.now()
    for document in documents:
        event = Event()
        # Stable per document, so a changed date moves the event.
        event.add("uid", f"follow-up-{document.uuid}@groeidocument")
        event.add("dtstamp", stamp)
        event.add("dtstart", document.next_follow_up_on)
        event.add(
            "summary",
            _("Follow-up conversation %(name)s")
            % {"name": short_name(document.pupil, feed.title_style)},
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
