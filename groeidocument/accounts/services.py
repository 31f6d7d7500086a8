"""School administration: roles, deactivation and invitations.

Each function validates before it writes and writes in one transaction. A
rule that is broken raises ValidationError with a message for the
administrator, and nothing changes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groeidocument.accounts.models import (
    Invitation,
    Membership,
    Role,
    User,
    hash_token,
)
from groeidocument.accounts.sessions import end_sessions


def _check_other_admin_remains(membership: Membership):
    """Raise unless the school keeps an active administrator besides membership.

    The school's administrator rows are locked first, so two administrators
    who demote each other at the same moment cannot both succeed.
    """
    school_admins = Membership.objects.filter(school=membership.school_id)
    list(school_admins.select_for_update().filter(role=Role.ADMIN))
    if not school_admins.active_admins().exclude(pk=membership.pk).exists():
        raise ValidationError(
            _(
                "%(name)s is the last active school administrator of this "
                "school. Make another member school administrator first."
            )
            % {"name": membership.user}
        )


@transaction.atomic
def change_role(membership: Membership, role: str, *, by: User) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Choose one of the roles in the list."))
    if membership.user_id == by.pk:
        raise ValidationError(
            _("You cannot change your own role. Ask another school administrator.")
        )
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN and membership.is_active:
        _check_other_admin_remains(membership)

    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def deactivate_membership(membership: Membership, *, by: User) -> Membership:
    """Switch a member off in this school and end all their sessions.

    A user left without any active membership is switched off altogether
    (User.is_active False), so they cannot log in at all. Their growth
    documents stay with them, and the care coordinator can read them and hand
    them over to a colleague.
    """
    if membership.user_id == by.pk:
        raise ValidationError(
            _("You cannot deactivate yourself. Ask another school administrator.")
        )
    if not membership.is_active:
        return membership
    if membership.role == Role.ADMIN:
        _check_other_admin_remains(membership)

    membership.is_active = False
    membership.save(update_fields=["is_active"])
    user = membership.user
    if not user.memberships.filter(is_active=True).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
    end_sessions(user)
    return membership


@transaction.atomic
def reactivate_membership(membership: Membership) -> Membership:
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    user = membership.user
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return membership


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("school")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def withdraw_invitation(invitation: Invitation) -> Invitation:
    if invitation.is_open:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
    return invitation


class InvitationNotOpen(Exception):
    """The invitation was used, withdrawn or expired in the meantime."""


def _claim(invitation: Invitation, user: User):
    """Mark the invitation used by user, unless another request was first."""
    claimed = (
        Invitation.objects.open()
        .filter(pk=invitation.pk)
        .update(used_at=timezone.now(), used_by=user)
    )
    if claimed != 1:
        raise InvitationNotOpen


@transaction.atomic
def accept_with_new_account(invitation: Invitation, user: User) -> Membership:
    """Save the new, still unsaved user and give them the invited role.

    Raises InvitationNotOpen, and saves nothing, when the link can no longer
    be used.
    """
    user.first_name = invitation.first_name
    user.last_name = invitation.last_name
    user.email = invitation.email
    user.save()
    _claim(invitation, user)
    return Membership.objects.create(
        user=user, school=invitation.school, role=invitation.role
    )


@transaction.atomic
def accept_with_existing_account(invitation: Invitation, user: User) -> Membership:
    """Add the invited role in the invitation's school to an existing account."""
    if Membership.objects.filter(user=user, school=invitation.school).exists():
        raise ValidationError(
            _(
                "Your account already belongs to %(school)s. Log in as usual; "
                "if your account is switched off there, ask the school "
                "administrator to switch it on again."
            )
            % {"school": invitation.school}
        )
    _claim(invitation, user)
    return Membership.objects.create(
        user=user, school=invitation.school, role=invitation.role
    )
