from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
