from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Check both and try again; "
            "the password is case-sensitive."
        ),
        "inactive": _("This account is switched off. Ask your school administrator."),
    }
