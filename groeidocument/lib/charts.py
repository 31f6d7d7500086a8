"""Server-drawn SVG pictures of progress, the same on screen, in print and in PDFs.

The pictures hold no script and no external reference. Every text that comes
from a user is escaped, because the result is placed into pages as markup.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SCALE_TOP = 10
# Closest distance between two points, and between two date labels, in pixels.
MIN_POINT_GAP = 22
MIN_LABEL_GAP = 60
# Colours of the stylesheet: no red or traffic lights, one calm blue for values.
LINE = "#1f5f8b"
GRID = "#d8d3c7"
TEXT = "#1d2530"
MUTED = "#4a5563"
REACHED = "#e3eef6"
NEXT = "#2e6b4f"


@dataclass(frozen=True)
class Point:
    day: datetime.date
    value: int | None


def _date_label(day: datetime.date) -> str:
    return day.strftime("%d/%m/%y")


def _x_positions(points, left, width):
    """Place points by date, so that the gaps between conversations show."""
    if len(points) == 1:
        return [left + width / 2]
    first, last = points[0].day, points[-1].day
    span = (last - first).days
    if span == 0:
        step = width / (len(points) - 1)
        return [left + index * step for index in range(len(points))]
    xs = [(point.day - first).days / span * width for point in points]
    # Keep conversations on the same or nearby days apart: push points right,
    # and when that runs past the edge, push them back left from the edge.
    gap = min(MIN_POINT_GAP, width / (len(points) - 1))
    for index in range(1, len(xs)):
        xs[index] = max(xs[index], xs[index - 1] + gap)
    if xs[-1] > width:
        xs[-1] = width
        for index in range(len(xs) - 2, -1, -1):
            xs[index] = min(xs[index], xs[index + 1] - gap)
    return [left + max(x, 0) for x in xs]


def progress_chart(
    points: list[Point], *, title: str, description: str, chart_id: str
) -> SafeString:
    """Draw the scale values over the conversations as a line chart.

    A conversation without a scale value leaves a gap in the line instead of
    pretending a value. chart_id makes the title ids unique on the page.
    """
    width, height = 600, 240
    left, right, top, bottom = 44, 24, 24, 44
    plot_width = width - left - right
    plot_height = height - top - bottom

    def y_of(value):
        return top + (SCALE_TOP - value) / SCALE_TOP * plot_height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="progress-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for value in range(0, SCALE_TOP + 1, 2):
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="{MUTED}">{value}</text>'
        )

    xs = _x_positions(points, left, plot_width)

    # One line segment per run of conversations that have a scale value.
    segment = []
    for x, point in zip(xs, points, strict=True):
        if point.value is None:
            parts.append(_polyline(segment))
            segment = []
        else:
            segment.append((x, y_of(point.value)))
    parts.append(_polyline(segment))

    labelled = _labelled_indexes(xs)
    for index, (x, point) in enumerate(zip(xs, points, strict=True)):
        if point.value is not None:
            y = y_of(point.value)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{LINE}"/>'
                f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" '
                f'font-size="13" font-weight="700" fill="{TEXT}">{point.value}</text>'
            )
        if index in labelled:
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 20}" text-anchor="middle" '
                f'font-size="11" fill="{MUTED}">{_date_label(point.day)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(part for part in parts if part))


def _labelled_indexes(xs) -> set[int]:
    """Pick the points whose date is written, the last one always.

    About eight labels at most, never two closer than MIN_LABEL_GAP.
    """
    every = max(1, math.ceil(len(xs) / 8))
    candidates = [i for i in range(len(xs)) if i % every == 0 or i == len(xs) - 1]
    chosen = []
    for index in reversed(candidates):
        if not chosen or xs[chosen[-1]] - xs[index] >= MIN_LABEL_GAP:
            chosen.append(index)
    return set(chosen)


def _polyline(segment) -> str:
    if len(segment) < 2:
        return ""
    coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
    return (
        f'<polyline points="{coordinates}" fill="none" stroke="{LINE}" '
        f'stroke-width="3" stroke-linejoin="round"/>'
    )


def ladder(
    value: int | None,
    *,
    title: str,
    here_label: str,
    next_label: str,
    top_label: str,
    picture_id: str,
) -> SafeString:
    """Draw stairs from 0 to 10 with the pupil on their step and the next one.

    Only the pupil's own value is shown: no other pupils, no prediction. The
    labels sit in a legend under the stairs, so that they never overlap.
    """
    step_width, step_height = 46, 13
    left, top = 10, 34
    stairs_height = step_height * (SCALE_TOP + 1)
    base = top + stairs_height
    width = left * 2 + step_width * (SCALE_TOP + 1)
    height = base + 64

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="ladder" role="img" aria-labelledby="{picture_id}-title">',
        f'<title id="{picture_id}-title">{escape(title)}</title>',
    ]
    for step in range(SCALE_TOP + 1):
        x = left + step * step_width
        rise = (step + 1) * step_height
        reached = value is not None and step <= value
        is_next = value is not None and step == value + 1
        fill = REACHED if reached else "#ffffff"
        stroke = NEXT if is_next else LINE
        dash = ' stroke-dasharray="6 4"' if is_next else ""
        parts.append(
            f'<rect x="{x}" y="{base - rise}" width="{step_width - 4}" '
            f'height="{rise}" rx="4" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="2"{dash}/>'
            f'<text x="{x + (step_width - 4) / 2}" y="{base + 18}" '
            f'text-anchor="middle" font-size="14" fill="{TEXT}">{step}</text>'
        )
        if step == value:
            parts.append(_figure(x + (step_width - 4) / 2, base - rise))

    legend_y = base + 46
    if value is not None:
        parts.append(_figure(left + 8, legend_y + 4, size=0.6))
        parts.append(
            f'<text x="{left + 20}" y="{legend_y}" font-size="13" '
            f'fill="{TEXT}">{escape(here_label)}</text>'
        )
        if value < SCALE_TOP:
            parts.append(
                f'<rect x="{left + 150}" y="{legend_y - 12}" width="16" height="14" '
                f'rx="3" fill="#ffffff" stroke="{NEXT}" stroke-width="2" '
                f'stroke-dasharray="4 3"/>'
                f'<text x="{left + 174}" y="{legend_y}" font-size="13" '
                f'fill="{NEXT}">{escape(next_label)}</text>'
            )
    parts.append(
        f'<text x="{width - left}" y="{legend_y}" text-anchor="end" '
        f'font-size="13" fill="{MUTED}">10 = {escape(top_label)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _figure(center_x, feet_y, size=1.0) -> str:
    """Draw a small person standing with their feet at feet_y."""
    head = 8 * size
    body = 13 * size
    return (
        f'<circle cx="{center_x:.1f}" cy="{feet_y - body - head - 2:.1f}" '
        f'r="{head:.1f}" fill="{LINE}"/>'
        f'<rect x="{center_x - 7 * size:.1f}" y="{feet_y - body:.1f}" '
        f'width="{14 * size:.1f}" height="{body:.1f}" rx="{4 * size:.1f}" '
        f'fill="{LINE}"/>'
    )
