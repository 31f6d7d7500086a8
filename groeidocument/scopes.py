"""Lookups of pupil data, limited to what the signed-in user may see.

Every view reaches pupils and growth documents through these helpers. Outside
the user's scope an object is simply not found (404), so its existence is not
revealed either.
"""

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from groeidocument.accounts.models import Membership
from groeidocument.growth.models import Conversation, GrowthDocument
from groeidocument.pupils.models import Pupil


def get_membership(request) -> Membership:
    if request.membership is None:
        raise PermissionDenied("no school membership")
    return request.membership


def pupils_for_user(request):
    """Return the pupils of the user's school: every coach may find all of them."""
    return Pupil.objects.filter(school=get_membership(request).school)


def documents_for_user(request):
    return GrowthDocument.objects.visible_to(get_membership(request))


def conversations_for_user(request):
    return Conversation.objects.visible_to(get_membership(request))


def parse_uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("malformed id") from None


def get_pupil_for_user(request, pupil_uuid) -> Pupil:
    return get_object_or_404(pupils_for_user(request), uuid=parse_uuid(pupil_uuid))


def get_document_for_user(request, document_uuid) -> GrowthDocument:
    documents = documents_for_user(request).select_related("pupil", "coach")
    return get_object_or_404(documents, uuid=parse_uuid(document_uuid))
