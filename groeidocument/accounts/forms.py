from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from groeidocument.accounts.models import School


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Check both and try again; "
            "the password is case-sensitive."
        ),
        "inactive": _("This account is switched off. Ask your school administrator."),
    }


class CodeForm(forms.Form):
    """A one-time code from the authenticator app, or a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6 digits your app shows now, or one of your backup codes."),
        error_messages={
            "required": _("Type the code from your app, or a backup code."),
            "max_length": _(
                "This code is too long: type the 6 digits from your app, or a "
                "backup code of 8 characters."
            ),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )


class SchoolSecurityForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["two_factor_required"]
