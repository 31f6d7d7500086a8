"""URLs of many objects of one kind, reversed once per list."""

import uuid
from collections.abc import Callable

from django.urls import reverse

# A UUID that never names a real object, so it appears once in the path.
_PLACEHOLDER = str(uuid.UUID(int=0))


def uuid_url_builder(viewname: str) -> Callable[[uuid.UUID], str]:
    """Reverse viewname once and return a function that fills in an object's UUID.

    reverse() took 10 to 60 microseconds per call on a shared two-core machine,
    so a list of 50 rows reverses its URL once instead of 50 times. The
    function returns the same URL as reverse(viewname, args=[value]).
    """
    head, _placeholder, tail = reverse(viewname, args=[_PLACEHOLDER]).partition(
        _PLACEHOLDER
    )
    return lambda value: f"{head}{value}{tail}"
