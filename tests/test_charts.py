"""The progress chart and the pupil's ladder, drawn as SVG on the server."""

import datetime
import re
import xml.etree.ElementTree as ElementTree

import pytest

from groeidocument.lib.charts import Point, ladder, progress_chart

SVG = "{http://www.w3.org/2000/svg}"
DAY = datetime.date(2026, 9, 7)


def draw(values, *, days_between=14):
    points = [
        Point(DAY + datetime.timedelta(days=index * days_between), value)
        for index, value in enumerate(values)
    ]
    svg = progress_chart(points, title="Actiepunt 1", description="d", chart_id="c")
    return ElementTree.fromstring(str(svg))


def circles(tree):
    return tree.findall(f"{SVG}circle")


def polylines(tree):
    return tree.findall(f"{SVG}polyline")


def test_one_conversation_is_one_point():
    tree = draw([4])

    assert len(circles(tree)) == 1
    assert polylines(tree) == []
    assert float(circles(tree)[0].get("cx")) == pytest.approx(44 + 532 / 2)


def test_two_conversations_make_a_line():
    tree = draw([4, 6])

    (line,) = polylines(tree)
    assert len(line.get("points").split()) == 2
    heights = [float(circle.get("cy")) for circle in circles(tree)]
    assert heights[1] < heights[0]


def test_twenty_conversations_stay_readable():
    tree = draw([index % 11 for index in range(20)])

    date_labels = [
        text.text
        for text in tree.findall(f"{SVG}text")
        if text.text and re.fullmatch(r"\d\d/\d\d/\d\d", text.text)
    ]
    assert len(circles(tree)) == 20
    assert 2 <= len(date_labels) <= 9
    assert date_labels[-1] == (DAY + datetime.timedelta(days=19 * 14)).strftime(
        "%d/%m/%y"
    )


def test_missing_value_leaves_a_gap():
    tree = draw([3, None, 5, 6])

    assert len(circles(tree)) == 3
    assert [len(line.get("points").split()) for line in polylines(tree)] == [2]


def test_equal_values_draw_a_flat_line():
    tree = draw([5, 5, 5])

    heights = {circle.get("cy") for circle in circles(tree)}
    assert len(heights) == 1


def test_same_day_conversations_do_not_overlap():
    tree = draw([2, 3], days_between=0)

    xs = [float(circle.get("cx")) for circle in circles(tree)]
    assert xs[0] < xs[1]


def test_dates_place_points_in_time():
    points = [
        Point(DAY, 1),
        Point(DAY + datetime.timedelta(days=1), 2),
        Point(DAY + datetime.timedelta(days=10), 3),
    ]
    tree = ElementTree.fromstring(
        str(progress_chart(points, title="t", description="d", chart_id="c"))
    )

    xs = [float(circle.get("cx")) for circle in circles(tree)]
    assert xs[1] - xs[0] < (xs[2] - xs[1]) / 5


def test_chart_escapes_title_and_has_text_alternative():
    points = [Point(DAY, 4)]
    svg = str(
        progress_chart(
            points,
            title='<script>alert("x")</script>',
            description="16/11/2026: 4",
            chart_id="c",
        )
    )

    tree = ElementTree.fromstring(svg)
    assert "<script>" not in svg
    assert tree.get("role") == "img"
    assert tree.find(f"{SVG}title").text == '<script>alert("x")</script>'
    assert tree.find(f"{SVG}desc").text == "16/11/2026: 4"


def test_chart_uses_no_red():
    svg = str(draw([0, 10]).attrib) + str(
        progress_chart([Point(DAY, 0)], title="t", description="d", chart_id="c")
    )
    assert not re.search(r"#(f00|ff0000|d\d0000|c[0-9a-f]2[0-9a-f]{3})\b", svg, re.I)
    assert "red" not in svg


@pytest.mark.parametrize("value", [0, 4, 9, 10])
def test_ladder_marks_pupil_step_and_next(value):
    svg = str(
        ladder(
            value,
            title="Je staat op trede",
            here_label="jij",
            next_label="volgend stapje",
            top_label="goed genoeg",
            picture_id="l",
        )
    )
    tree = ElementTree.fromstring(svg)

    texts = [text.text for text in tree.findall(f"{SVG}text")]
    dashed_steps = [
        rect
        for rect in tree.findall(f"{SVG}rect")
        if rect.get("stroke-dasharray") and rect.get("width") == "42"
    ]
    assert "jij" in texts
    assert ("volgend stapje" in texts) == (value < 10)
    assert len(dashed_steps) == (1 if value < 10 else 0)
    if value < 10:
        # The dashed step is the one right above the pupil's step.
        assert float(dashed_steps[0].get("height")) == (value + 2) * 13
    assert "10 = goed genoeg" in texts


def test_ladder_without_value_shows_no_pupil():
    svg = str(
        ladder(
            None,
            title="Nog geen trede",
            here_label="jij",
            next_label="volgend stapje",
            top_label="goed genoeg",
            picture_id="l",
        )
    )
    assert "jij" not in svg


def test_same_day_follow_up_keeps_points_and_labels_apart():
    points = [
        Point(DAY, 3),
        Point(DAY + datetime.timedelta(days=14), 5),
        Point(DAY + datetime.timedelta(days=14), 7),
    ]
    tree = ElementTree.fromstring(
        str(progress_chart(points, title="t", description="d", chart_id="c"))
    )

    xs = [float(circle.get("cx")) for circle in circles(tree)]
    label_xs = [
        float(text.get("x"))
        for text in tree.findall(f"{SVG}text")
        if text.text and re.fullmatch(r"\d\d/\d\d/\d\d", text.text)
    ]
    assert xs[2] - xs[1] >= 22
    assert all(b - a >= 60 for a, b in zip(label_xs, label_xs[1:], strict=False))
    assert "7" in [text.text for text in tree.findall(f"{SVG}text")]
