import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Speak Dutch unless the user chose another language.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    a school computer set up in English still shows Dutch until a user picks
    English in the footer, which stores the choice in the language cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

        response = self.get_response(request)

        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class MembershipMiddleware:
    """Attach the signed-in user's current school membership to the request.

    A user with several schools works in the one chosen in the header (its
    membership id stored in the session by accounts.views.choose_school), or
    else in the first by name. Only the user's own active memberships count,
    so a stale or foreign id in the session falls back to the first school.
    A user without an active membership gets request.membership None, and the
    views return a page that explains this. request.memberships lists the choices.
    """

    session_key = "membership_id"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.memberships = []
        if request.user.is_authenticated:
            # One query for all of them: a user belongs to a handful of schools.
            request.memberships = list(
                request.user.memberships.active().select_related("school")
            )
            chosen_id = request.session.get(self.session_key)
            chosen = [m for m in request.memberships if m.id == chosen_id]
            request.membership = (chosen or request.memberships or [None])[0]

        response = self.get_response(request)

        if request.user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response


class PermissionsPolicyMiddleware:
    """Turn off browser features that no page uses, such as the camera.

    Django has no setting for the Permissions-Policy header, so this adds the
    value of settings.PERMISSIONS_POLICY to every response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def client_ip_address(request) -> str | None:
    """Return the address that failed logins are counted for.

    Behind a reverse proxy every request comes from the proxy, so the address
    is the right-most X-Forwarded-For entry, the one the proxy appended. The
    entries left of it come from the client and are not trusted.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR")


SIGNED_OUT_REASON_KEY = "signed_out_reason"
LAST_ACTIVITY_KEY = "last_activity"
# The activity time is written to the session at most once a minute, not on
# every request, so a login can end up to a minute before the timeout.
ACTIVITY_PRECISION_SECONDS = 60


class IdleTimeoutMiddleware:
    """End a login after settings.SESSION_IDLE_TIMEOUT seconds without requests.

    The old session is deleted on the server. The new, empty session stores
    the reason for the login page to show. The request then goes on as
    anonymous, and LoginRequiredMiddleware sends it to the login page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_activity = request.session.get(LAST_ACTIVITY_KEY)
            if (
                last_activity is not None
                and now - last_activity > settings.SESSION_IDLE_TIMEOUT
            ):
                logout(request)
                request.session[SIGNED_OUT_REASON_KEY] = "idle"
            elif (
                last_activity is None
                or now - last_activity >= ACTIVITY_PRECISION_SECONDS
            ):
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Send anonymous users to the login page, or return 401 to htmx requests.

    An autosave from a page whose login has ended must not follow the redirect
    and take the login page for a successful save. The 401 lets the page show
    that the user was signed out, and keep the text.
    """

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(
                _("You are signed out. Log in again."),
                status=401,
                content_type="text/plain; charset=utf-8",
            )
        return super().handle_no_permission(request, view_func)


class TwoFactorRequiredMiddleware:
    """Send care coordinators and school administrators to the two-factor setup.

    Applies when their current school requires two-factor login and the
    session was not verified with a one-time code. The setup page, logging out
    and the language switch stay reachable.
    """

    allowed_routes = {"two_factor", "logout", "set_language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        membership = getattr(request, "membership", None)
        if membership is None or not membership.requires_two_factor:
            return None
        if request.user.is_verified():
            return None
        if request.resolver_match.url_name in self.allowed_routes:
            return None
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=401)
        return redirect("two_factor")
