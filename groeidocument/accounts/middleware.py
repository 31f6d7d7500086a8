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

    A user with several schools works in the one stored in the session, or else
    in the first by name. A user without any school gets request.membership None
    and the views return a page that says so.
    """

    session_key = "membership_id"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        if request.user.is_authenticated:
            memberships = request.user.memberships.select_related("school")
            chosen_id = request.session.get(self.session_key)
            request.membership = (
                memberships.filter(id=chosen_id).first() if chosen_id else None
            ) or memberships.first()

        response = self.get_response(request)

        if request.user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response
