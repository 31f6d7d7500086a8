from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
@login_not_required
def bare(request):
    """Render a small template and read no data: the floor of every page.

    It runs through the same middleware as the product's pages. Signed in, it
    pays for the same session, user and membership lookups that every page
    pays; anonymous, it reads nothing from the database at all.
    """
    return render(request, "bench/bare.html", {"greeting": "Hallo"})
