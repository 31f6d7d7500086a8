"""The pupil's scale values over the conversations, as data and as pictures."""

from django.utils.translation import gettext as _

from groeidocument.growth import rules
from groeidocument.growth.models import ConversationEntry, ConversationStatus
from groeidocument.growth.templatetags.dates import day
from groeidocument.lib.charts import Point, ladder, progress_chart


def points_by_action_point(document, finished_entries=None) -> dict[int, list[Point]]:
    """Scale values per action point, one per finished conversation, by date.

    finished_entries, when given, are the entries already read, newest first.
    """
    if finished_entries is not None:
        entries = list(reversed(finished_entries))
    else:
        entries = (
            ConversationEntry.objects.filter(
                conversation__document=document,
                conversation__status=ConversationStatus.COMPLETE,
            )
            .select_related("conversation")
            .order_by("conversation__held_on", "conversation__created_at")
        )
    points = {}
    for entry in entries:
        points.setdefault(entry.action_point_id, []).append(
            Point(entry.conversation.held_on, entry.scale_value)
        )
    return points


def latest_answers(document, finished_entries=None) -> dict[int, dict]:
    """Collect the newest non-empty answer to each question, per action point.

    Maps each action point's id to {field: (text, written by the pupil)}, plus
    "scale_value" (the newest value given) and "support_kept" (its label).
    finished_entries, when given, are the entries already read, newest first.
    """
    if finished_entries is None:
        finished_entries = ConversationEntry.objects.finished_newest_first(document)
    found = {}
    for entry in finished_entries:
        answers = found.setdefault(entry.action_point_id, {})
        for name in [*rules.ENTRY_TEXT_FIELDS, "feedback"]:
            text = getattr(entry, name)
            if text and name not in answers:
                answers[name] = (text, entry.is_pupil_written(name))
        if entry.scale_value is not None and "scale_value" not in answers:
            answers["scale_value"] = entry.scale_value
        if entry.support_kept and "support_kept" not in answers:
            answers["support_kept"] = entry.get_support_kept_display()
    return found


def table_rows(points: list[Point]) -> list[tuple[str, str]]:
    """Return each point's date and value as text, for the table and the chart."""
    not_yet = _("not yet")
    return [
        (day(point.day, "j F Y"), not_yet if point.value is None else str(point.value))
        for point in points
    ]


def describe(rows: list[tuple[str, str]]) -> str:
    """Describe the chart in a sentence, for screen readers and as text alternative."""
    return "; ".join(
        _("%(date)s: %(value)s") % {"date": date, "value": value}
        for date, value in rows
    )


def pictures(action_point, points: list[Point], number: int) -> dict:
    """Draw the coach's chart and the pupil's ladder of one action point."""
    latest = next(
        (point.value for point in reversed(points) if point.value is not None), None
    )
    chart = None
    rows = table_rows(points)
    if points:
        chart = progress_chart(
            points,
            title=_("Scale values of action point %(number)d") % {"number": number},
            description=describe(rows),
            chart_id=f"chart-{action_point.uuid}",
        )
    return {
        "points": points,
        "rows": rows,
        "chart": chart,
        "latest": latest,
        "ladder": ladder(
            latest,
            title=_("You are on step %(value)s of 10.") % {"value": latest}
            if latest is not None
            else _("No step chosen yet."),
            here_label=_("you"),
            next_label=_("next step"),
            top_label=_("good enough"),
            picture_id=f"ladder-{action_point.uuid}",
        ),
    }
