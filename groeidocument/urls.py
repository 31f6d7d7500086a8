from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from groeidocument.accounts import login_views
from groeidocument.growth.views import calendar_feed, calendar_settings, overview

urlpatterns = [
    path("", overview, name="overview"),
    path("login/", login_views.PasswordLoginView.as_view(), name="login"),
    path("login/code/", login_views.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", login_views.two_factor, name="two_factor"),
    path(
        "settings/security/",
        login_views.security_settings,
        name="security_settings",
    ),
    path("language/", login_not_required(set_language), name="set_language"),
    path("calendar/", calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("", include("groeidocument.accounts.urls")),
    path("pupils/import/", include("groeidocument.imports.urls")),
    path("", include("groeidocument.exports.urls")),
    path("", include("groeidocument.audit.urls")),
    path("pupils/", include("groeidocument.pupils.urls")),
    path("documents/", include("groeidocument.growth.urls")),
    path("conversations/", include("groeidocument.conversations.urls")),
]
