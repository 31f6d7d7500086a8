"""Login with an optional second step, two-factor setup and the school's security."""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from groeidocument.accounts import twofactor
from groeidocument.accounts.forms import CodeForm, LoginForm, SchoolSecurityForm
from groeidocument.accounts.middleware import SIGNED_OUT_REASON_KEY
from groeidocument.accounts.models import Role, User
from groeidocument.scopes import get_membership

# The user whose password was right and who still has to type a code.
PENDING_LOGIN_KEY = "pending_login"


def posted_data(request):
    """Return the form data of a POST, even an empty one, else None."""
    return request.POST if request.method == "POST" else None


def signed_out_message(request) -> str | None:
    reason = request.session.pop(SIGNED_OUT_REASON_KEY, None)
    if reason == "idle":
        minutes = settings.SESSION_IDLE_TIMEOUT // 60
        return ngettext(
            "You were signed out because nothing happened for %(minutes)d minute. "
            "Log in again to go on.",
            "You were signed out because nothing happened for %(minutes)d minutes. "
            "Log in again to go on.",
            minutes,
        ) % {"minutes": minutes}
    return None


class PasswordLoginView(auth_views.LoginView):
    """The password step; a user with two-factor login goes on to the code step."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signed_out_message"] = signed_out_message(self.request)
        return context

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.has_two_factor(user):
            return super().form_valid(form)

        return start_code_step(self.request, user, self.get_success_url())


def start_code_step(request, user, next_url):
    """Send user, whose password was right, on to the step with the code."""
    # The user is not logged in yet. A new session key keeps a key that
    # someone planted before the password step from reaching the login.
    request.session.cycle_key()
    request.session[PENDING_LOGIN_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "started_at": timezone.now().timestamp(),
        "next": next_url,
    }
    return redirect("login_code")


def pending_user(request) -> User | None:
    """Return the user waiting for the code step, unless that step expired."""
    pending = request.session.get(PENDING_LOGIN_KEY)
    if not pending:
        return None
    age = timezone.now().timestamp() - pending["started_at"]
    if age > twofactor.PENDING_LOGIN_LIFETIME.total_seconds():
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def code_error(check: twofactor.CodeCheck) -> str:
    if check.wait_seconds:
        return ngettext(
            "Too many wrong codes. Wait %(seconds)d second and try again.",
            "Too many wrong codes. Wait %(seconds)d seconds and try again.",
            check.wait_seconds,
        ) % {"seconds": check.wait_seconds}
    return _(
        "This code is not correct. Type the 6 digits your app shows now (they "
        "change every 30 seconds), or one of your backup codes."
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def login_code(request):
    user = pending_user(request)
    if user is None:
        request.session.pop(PENDING_LOGIN_KEY, None)
        messages.info(
            request,
            _("Log in again: the step with the code took longer than 5 minutes."),
        )
        return redirect("login")

    form = CodeForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        check = twofactor.check_code(user, form.cleaned_data["code"])
        if check.device is not None:
            pending = request.session.pop(PENDING_LOGIN_KEY)
            # auth_login gives the session a new key again.
            auth_login(request, user, backend=pending["backend"])
            django_otp.login(request, check.device)
            return redirect(pending["next"])
        form.add_error("code", code_error(check))

    return render(request, "accounts/login_code.html", {"form": form})


def locked_out(request, original_response=None, credentials=None):
    """Show the login page with the lockout message (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many wrong passwords for this user name. Logging in with it from "
        "here is locked for %(minutes)d minute. Try again later, or ask your "
        "school's IT staff to unlock it.",
        "Too many wrong passwords for this user name. Logging in with it from "
        "here is locked for %(minutes)d minutes. Try again later, or ask your "
        "school's IT staff to unlock it.",
        minutes,
    ) % {"minutes": minutes}
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": form,
        "locked_message": message,
        "next": request.POST.get("next", ""),
    }
    return render(request, "accounts/login.html", context, status=429)


@require_http_methods(["GET", "POST"])
def two_factor(request):
    membership = request.membership
    required = membership is not None and membership.requires_two_factor
    if twofactor.has_two_factor(request.user):
        return two_factor_on(request, required)
    return two_factor_setup(request, required)


def two_factor_setup(request, required):
    device = twofactor.unconfirmed_device(request.user)

    form = CodeForm(posted_data(request))
    # Backup codes come after this step, so the hint leaves them out.
    form.fields["code"].help_text = _("The 6 digits your app shows now.")
    if request.method == "POST" and form.is_valid():
        check = twofactor.check_code(
            request.user, form.cleaned_data["code"], devices=[device]
        )
        if check.device is not None:
            codes = twofactor.confirm_device(device)
            django_otp.login(request, device)
            request.session.cycle_key()
            return render(request, "accounts/two_factor_codes.html", {"codes": codes})
        form.add_error("code", code_error(check))

    # segno writes the SVG from the device's own link; no user text goes in.
    qr_code = mark_safe(twofactor.qr_code_svg(device, _("QR code for your app")))  # noqa: S308
    context = {
        "form": form,
        "qr_code": qr_code,
        "key": twofactor.readable_key(device),
        "required": required,
    }
    return render(request, "accounts/two_factor_setup.html", context)


def two_factor_on(request, required):
    form = CodeForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        check = twofactor.check_code(request.user, form.cleaned_data["code"])
        if check.device is None:
            form.add_error("code", code_error(check))
        elif request.POST.get("action") == "new_codes":
            codes = twofactor.replace_backup_codes(request.user)
            return render(request, "accounts/two_factor_codes.html", {"codes": codes})
        else:
            twofactor.remove_two_factor(request.user)
            request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
            if required:
                messages.info(
                    request,
                    _(
                        "Two-factor login is off. Your school requires it for "
                        "your role: set it up again now, for example on a new phone."
                    ),
                )
            else:
                messages.success(request, _("Two-factor login is off."))
            return redirect("two_factor")

    context = {
        "form": form,
        "required": required,
        "backup_codes_left": twofactor.remaining_backup_codes(request.user),
    }
    return render(request, "accounts/two_factor_on.html", context)


@require_http_methods(["GET", "POST"])
def security_settings(request):
    membership = get_membership(request)
    if membership.role != Role.ADMIN:
        raise PermissionDenied("school administrators only")

    form = SchoolSecurityForm(posted_data(request), instance=membership.school)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The security settings were saved."))
        return redirect("security_settings")

    return render(request, "accounts/security_settings.html", {"form": form})
