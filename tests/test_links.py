"""The link tag prints what Django's url tag prints."""

import uuid

from django.template import engines
from django.urls import clear_script_prefix, set_script_prefix


def render(source, **context):
    return engines["django"].from_string("{% load links %}" + source).render(context)


def test_link_without_arguments_matches_url():
    assert render("{% link 'overview' %}") == render("{% url 'overview' %}")


def test_link_with_a_uuid_matches_url():
    value = uuid.uuid4()

    printed = render("{% link 'growth:print' value %}", value=value)

    assert printed == render("{% url 'growth:print' value %}", value=value)
    assert str(value) in printed


def test_link_follows_the_script_prefix():
    set_script_prefix("/school/")
    try:
        printed = render("{% link 'overview' %}")
    finally:
        clear_script_prefix()

    assert printed.startswith("/school/")
    assert not render("{% link 'overview' %}").startswith("/school/")
