"""Lookups of pupil data, limited to what the signed-in user may see.

Every view reaches pupils and growth documents through these helpers. Outside
the user's scope an object is simply not found (404), so its existence is not
revealed either. A document the user may read but not change (shared with
read access, or write access for managing it) returns 403, so the user learns
why the action is refused.

The rule itself lives on GrowthDocumentQuerySet: visible_to, editable_by and
managed_by.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from groeidocument.accounts.models import Membership
from groeidocument.growth.models import Conversation, GrowthDocument, ShareAccess
from groeidocument.lib.prepared import PreparedQuery
from groeidocument.pupils.models import Pupil


@dataclass(frozen=True)
class MembershipIds:
    """The ids of a membership: what the querysets' visible_to() reads of one.

    A PreparedQuery builds its SQL once, with stand-ins for the ids, so the
    rule is applied to these instead of to a Membership.
    """

    school: int
    user: int | None
    sees_all_documents: bool


class ScopedQuery:
    """A PreparedQuery of build(membership, **ids) for each role.

    Care coordinators read every document of the school without the rule
    for shares, so their SQL differs from a coach's. build receives
    MembershipIds instead of a Membership.
    """

    def __init__(self, build):
        def per_role(sees_all_documents):
            def build_with_ids(school, user=None, **ids):
                return build(MembershipIds(school, user, sees_all_documents), **ids)

            return PreparedQuery(build_with_ids)

        self._queries = {
            sees_all_documents: per_role(sees_all_documents)
            for sees_all_documents in (True, False)
        }

    def __call__(self, membership, **ids) -> list:
        """Run the query of membership's role with its ids and the given ones."""
        if membership.sees_all_documents:
            return self._queries[True](school=membership.school_id, **ids)
        return self._queries[False](
            school=membership.school_id, user=membership.user_id, **ids
        )


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


# The pupil page and the pupil's forms start with this query: its SQL is
# built once.
_PUPIL_QUERY = PreparedQuery(
    lambda pupil, school: Pupil.objects.filter(school_id=school, uuid=pupil)[:1]
)


def get_pupil_for_user(request, pupil_uuid) -> Pupil:
    """Find a pupil of the user's school (else 404), as pupils_for_user would."""
    membership = get_membership(request)
    found = _PUPIL_QUERY(pupil=parse_uuid(pupil_uuid), school=membership.school_id)
    if not found:
        raise Http404("no such pupil")
    pupil = found[0]
    # The request has the school's row already.
    pupil.school = membership.school
    return pupil


class Access:
    """Levels of access to a growth document, from least to most."""

    READ = "read"
    WRITE = "write"
    MANAGE = "manage"


def document_access(membership, document) -> set[str]:
    """Return the accesses membership's user has to a document it can read.

    The rule of GrowthDocumentQuerySet.editable_by and managed_by, for one
    document already found through visible_to: its holder and the school's
    care coordinators have every access, a colleague what their share grants.
    tests/test_sharing.py checks that both give the same result.
    """
    if membership.sees_all_documents or document.coach_id == membership.user_id:
        return {Access.READ, Access.WRITE, Access.MANAGE}
    shares = document.shares.filter(user=membership.user, access=ShareAccess.WRITE)
    if shares.exists():
        return {Access.READ, Access.WRITE}
    return {Access.READ}


def _require(request, document, needed):
    if needed == Access.READ:
        return
    if needed in document_access(get_membership(request), document):
        return
    # The 403 page shows this reason, with a link back to the document.
    request.access_denied_document = document
    if needed == Access.WRITE:
        request.access_denied_reason = _(
            "This growth document is shared with you to read. Only its coach, "
            "colleagues with write access and care coordinators can change it."
        )
    else:
        request.access_denied_reason = _(
            "Only the coach who holds this growth document and the care "
            "coordinators can close, reopen, hand over or share it."
        )
    raise PermissionDenied(f"{needed} access needed")


def _document_query(related):
    return ScopedQuery(
        lambda membership, document: (
            GrowthDocument.objects.visible_to(membership)
            .select_related(*related)
            .filter(uuid=document)
            .order_by()[:1]
        )
    )


# Every page of a document starts with this query: its SQL is built once for
# each role and each set of related rows.
_DOCUMENT_QUERIES = {
    False: _document_query(["pupil"]),
    True: _document_query(["pupil", "coach"]),
}


def get_document_for_user(
    request, document_uuid, needed=Access.READ, *, with_coach=False
):
    """Find a document the user may read (else 404) and check needed (else 403).

    The pupil is loaded with the document. The holder is loaded too when
    with_coach is set, for the pages that name them.
    """
    membership = get_membership(request)
    found = _DOCUMENT_QUERIES[with_coach](
        membership, document=parse_uuid(document_uuid)
    )
    if not found:
        raise Http404("no such growth document")
    document = found[0]
    _require(request, document, needed)
    return document


# Each step of the conversation mode, and each autosave, starts with this
# query: its SQL is built once for each role.
_CONVERSATION_QUERY = ScopedQuery(
    lambda membership, conversation: (
        Conversation.objects.visible_to(membership)
        .select_related("document__pupil", "starter")
        .filter(uuid=conversation)
        .order_by()[:1]
    )
)


def get_conversation_for_user(request, conversation_uuid, needed=Access.READ):
    """Find a conversation of a document the user may read, and check needed."""
    membership = get_membership(request)
    found = _CONVERSATION_QUERY(membership, conversation=parse_uuid(conversation_uuid))
    if not found:
        raise Http404("no such conversation")
    conversation = found[0]
    # The scope only finds conversations of the user's school, and the request
    # has that school's row already: no need to join it again.
    conversation.document.pupil.school = membership.school
    _require(request, conversation.document, needed)
    return conversation
