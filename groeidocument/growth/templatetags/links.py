"""A url tag for the links that every page prints, reversed once per process.

Django's url tag matches the view's pattern again on every call, measured
at 13 microseconds without arguments and 24 with a UUID on the benchmark's
two-core machine. The header of every page and the growth document page
print about twenty such links.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse

from groeidocument.lib.urls import uuid_url_builder

register = template.Library()


@lru_cache(maxsize=256)
def _builder(viewname: str, with_uuid: bool, script_prefix: str):
    # The script prefix is part of the key: reverse() puts it in front of
    # every URL, and a server may be reached under more than one.
    if with_uuid:
        return uuid_url_builder(viewname)
    url = reverse(viewname)
    return lambda _value: url


@register.simple_tag
def link(viewname: str, value=None) -> str:
    """Return the URL of viewname, with value as its one UUID argument if given.

    The same as {% url viewname value %}, for views without arguments or
    with one UUID.
    """
    return _builder(viewname, value is not None, get_script_prefix())(value)
