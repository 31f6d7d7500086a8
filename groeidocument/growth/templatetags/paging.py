"""Links to the pages of a paginated list, keeping the list's other filters."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """Return the query string of the current request with page set to number."""
    params = context["request"].GET.copy()
    params["page"] = number
    return f"?{params.urlencode()}"
