"""School administration ("Beheer"), invitations and the choice of school.

The administration pages are for school administrators of the current school
only: anyone else gets 403 before any lookup. Members, invitations and classes
are looked up within request.membership.school, so another school's objects
are not found (404).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from groeidocument.accounts import services, twofactor
from groeidocument.accounts.forms import (
    ClassRenameForm,
    InvitationForm,
    LoginForm,
    RoleForm,
    SignupForm,
)
from groeidocument.accounts.login_views import start_code_step
from groeidocument.accounts.middleware import MembershipMiddleware
from groeidocument.accounts.models import Invitation, Membership, User
from groeidocument.audit import services as audit
from groeidocument.audit.models import Action
from groeidocument.pupils.classes import (
    class_groups,
    normalise_class_name,
    rename_class,
)
from groeidocument.pupils.models import Pupil
from groeidocument.scopes import get_membership, parse_uuid

# The session key under which a new invitation's link waits to be shown once.
NEW_INVITATION_KEY = "new_invitation"
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _admin_membership(request) -> Membership:
    membership = get_membership(request)
    if not membership.administers_school:
        raise PermissionDenied("school administration is for school administrators")
    return membership


def _get_member(request, user_uuid) -> Membership:
    school = _admin_membership(request).school
    return get_object_or_404(
        Membership.objects.select_related("user", "school"),
        school=school,
        user__uuid=parse_uuid(user_uuid),
    )


@require_safe
def user_list(request):
    school = _admin_membership(request).school
    members = (
        Membership.objects.filter(school=school)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    invitations = Invitation.objects.open().filter(school=school)

    # The link of an invitation made just now is shown once, then forgotten.
    new_invitation = request.session.pop(NEW_INVITATION_KEY, None)
    if new_invitation:
        new_invitation["url"] = request.build_absolute_uri(
            reverse("accounts:accept_invitation", args=[new_invitation["token"]])
        )

    return render(
        request,
        "accounts/user_list.html",
        {
            "members": members,
            "invitations": invitations,
            "new_invitation": new_invitation,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def invite(request):
    school = _admin_membership(request).school
    form = InvitationForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        invitation, token = Invitation.create(
            school=school,
            created_by=request.user,
            **{field: form.cleaned_data[field] for field in InvitationForm.Meta.fields},
        )
        request.session[NEW_INVITATION_KEY] = {
            "token": token,
            "name": invitation.full_name,
        }
        return redirect("accounts:users")

    return render(request, "accounts/invite.html", {"form": form})


@require_POST
def invitation_withdraw(request, invitation_uuid):
    school = _admin_membership(request).school
    invitation = get_object_or_404(
        Invitation, school=school, uuid=parse_uuid(invitation_uuid)
    )
    services.withdraw_invitation(invitation)
    messages.success(
        request,
        _("The invitation for %(name)s was withdrawn; its link no longer works.")
        % {"name": invitation.full_name},
    )
    return redirect("accounts:users")


@require_http_methods(["GET", "HEAD", "POST"])
def member_edit(request, user_uuid):
    member = _get_member(request, user_uuid)
    form = RoleForm(request.POST or None, initial={"role": member.role})

    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(member, form.cleaned_data["role"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": member.user, "role": member.get_role_display()},
            )
            return redirect("accounts:users")

    return render(
        request,
        "accounts/member_edit.html",
        {"member": member, "form": form, "is_self": member.user_id == request.user.pk},
    )


@require_POST
def member_deactivate(request, user_uuid):
    member = _get_member(request, user_uuid)
    try:
        services.deactivate_membership(member, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("accounts:member", user_uuid=member.user.uuid)
    messages.success(
        request,
        _(
            "%(name)s is deactivated in this school and was logged out. Their "
            "growth documents stay; the care coordinator can hand them over."
        )
        % {"name": member.user},
    )
    return redirect("accounts:users")


@require_POST
def member_reactivate(request, user_uuid):
    member = _get_member(request, user_uuid)
    services.reactivate_membership(member)
    messages.success(
        request, _("%(name)s can work in this school again.") % {"name": member.user}
    )
    return redirect("accounts:users")


@require_safe
def class_list(request):
    school = _admin_membership(request).school
    return render(
        request, "accounts/class_list.html", {"classes": class_groups(school)}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def class_rename(request, school_year, class_name):
    school = _admin_membership(request).school
    pupils = Pupil.objects.filter(
        school=school, school_year=school_year, class_name=class_name
    )
    if not pupils.exists():
        raise Http404("no such class")
    form = ClassRenameForm(request.POST or None, initial={"new_name": class_name})

    if request.method == "POST" and form.is_valid():
        new_name = form.cleaned_data["new_name"]
        members = list(pupils.only("uuid"))
        try:
            moved = rename_class(school, school_year, class_name, new_name)
        except ValidationError as error:
            form.add_error("new_name", error)
        else:
            audit.record_many(request, Action.CLASS_RENAMED, pupils=members)
            messages.success(
                request,
                _("Class %(old)s is now called %(new)s (%(count)d pupils).")
                % {
                    "old": class_name,
                    "new": normalise_class_name(new_name),
                    "count": moved,
                },
            )
            return redirect("accounts:classes")

    return render(
        request,
        "accounts/class_rename.html",
        {
            "form": form,
            "school_year": school_year,
            "class_name": class_name,
            "pupil_count": pupils.count(),
        },
    )


@require_POST
def choose_school(request):
    """Switch to another school among the user's own active memberships."""
    school_uuid = request.POST.get("school", "")
    chosen = [
        membership
        for membership in request.memberships
        if str(membership.school.uuid) == school_uuid
    ]
    if not chosen:
        messages.error(request, _("Choose one of your schools from the list."))
        return redirect("overview")

    request.session[MembershipMiddleware.session_key] = chosen[0].id
    messages.success(
        request, _("You now work in %(school)s.") % {"school": chosen[0].school}
    )
    # Start from the overview: the page the user was on belongs to the other
    # school, and would now be not found.
    return redirect("overview")


def _open_invitation_or_page(request, token):
    """Return (invitation, None) for an open token, else (None, an error page)."""
    invitation = services.find_invitation(token)
    if invitation is None:
        reason, status = "unknown", 404
    elif invitation.used_at:
        reason, status = "used", 410
    elif invitation.withdrawn_at:
        reason, status = "withdrawn", 410
    elif invitation.is_expired:
        reason, status = "expired", 410
    else:
        return invitation, None
    response = render(
        request,
        "accounts/invitation_closed.html",
        {"reason": reason, "invitation": invitation},
        status=status,
    )
    return None, response


def _start_in_school(request, user, membership):
    """Log user in with a fresh session, working in membership's school.

    A user with two-factor login still types their code first.
    """
    if twofactor.has_two_factor(user):
        request.session[MembershipMiddleware.session_key] = membership.id
        return start_code_step(request, user, reverse("overview"))
    login(request, user, backend=getattr(user, "backend", PASSWORD_BACKEND))
    request.session[MembershipMiddleware.session_key] = membership.id
    messages.success(
        request,
        _("Welcome to %(school)s. You are logged in.") % {"school": membership.school},
    )
    return redirect("overview")


# never_cache: the page of an anonymous visitor carries the token, and no proxy
# or browser cache may keep it.
@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request, token):
    invitation, closed_page = _open_invitation_or_page(request, token)
    if closed_page:
        return closed_page

    invitee = User(
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        email=invitation.email,
    )
    form = SignupForm(request.POST or None, instance=invitee)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        try:
            membership = services.accept_with_new_account(invitation, user)
        except services.InvitationNotOpen:
            _invitation, closed_page = _open_invitation_or_page(request, token)
            return closed_page
        return _start_in_school(request, user, membership)

    return render(
        request,
        "accounts/accept_invitation.html",
        {"invitation": invitation, "form": form, "token": token},
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation_existing(request, token):
    invitation, closed_page = _open_invitation_or_page(request, token)
    if closed_page:
        return closed_page

    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        try:
            membership = services.accept_with_existing_account(invitation, user)
        except ValidationError as error:
            form.add_error(None, error)
        except services.InvitationNotOpen:
            _invitation, closed_page = _open_invitation_or_page(request, token)
            return closed_page
        else:
            return _start_in_school(request, user, membership)

    return render(
        request,
        "accounts/accept_invitation_existing.html",
        {"invitation": invitation, "form": form, "token": token},
    )
