from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_default_password_validators,
)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from groeidocument.accounts.models import Invitation, Role, School, User
from groeidocument.pupils.classes import CLASS_NAME_MAX_LENGTH


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Check both and try again; "
            "the password is case-sensitive."
        ),
        "inactive": _("This account is switched off. Ask your school administrator."),
    }

    def get_invalid_login_error(self):
        """Return the inactive error when the password is right but the account is off.

        Django's backend rejects a deactivated user like a wrong password, but
        a person with the right password may learn the reason instead.
        """
        user = User.objects.filter(
            username=self.cleaned_data.get("username"), is_active=False
        ).first()
        if user and user.check_password(self.cleaned_data.get("password")):
            return forms.ValidationError(
                self.error_messages["inactive"], code="inactive"
            )
        return super().get_invalid_login_error()


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


class InvitationForm(forms.ModelForm):
    """The details an administrator fills in to invite someone to the school."""

    class Meta:
        model = Invitation
        fields = ["first_name", "last_name", "email", "role"]
        help_texts = {
            "email": _("Only kept as a note: the application sends no e-mail."),
        }
        error_messages = {
            "first_name": {"required": _("Fill in the first name of the person.")},
            "email": {"invalid": _("This e-mail address is not valid. Check it.")},
            "role": {"invalid_choice": _("Choose one of the roles in the list.")},
        }

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        error_messages={"invalid_choice": _("Choose one of the roles in the list.")},
    )


# Django 6.1.3's Dutch catalogue lacks the minimum-length validator's message
# (its msgid changed in 6.1). Naming it here puts it into our catalogue, which
# Django searches before its own.
MINIMUM_LENGTH_MESSAGE = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)


def _minimum_password_length() -> int:
    for validator in get_default_password_validators():
        if isinstance(validator, MinimumLengthValidator):
            return validator.min_length
    return 0


class SignupForm(UserCreationForm):
    """The username and password an invitee chooses.

    The name and e-mail address come from the invitation, not from this form.
    """

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username"]
        help_texts = {
            "username": _(
                "You log in with this name. Letters, digits and . @ + - _ only."
            ),
        }
        error_messages = {"username": {"required": _("Choose a user name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own list of the password rules addresses the reader
        # formally in Dutch, so one informal line replaces it.
        self.fields["password1"].help_text = _(
            "At least %(min_length)d characters, not only digits, not a common "
            "password and not like your name."
        ) % {"min_length": _minimum_password_length()}
        self.fields["password2"].help_text = _("Type the same password again.")

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if username and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("This user name is taken. Choose another one."), code="unique"
            )
        return username


class ClassRenameForm(forms.Form):
    new_name = forms.CharField(
        label=_("New name"),
        max_length=CLASS_NAME_MAX_LENGTH,
        help_text=_("For example 5A. The pupils of this class move along."),
        error_messages={
            "required": _("Fill in the new name of the class, for example 5A."),
            "max_length": _("A class name has at most %(limit_value)d characters."),
        },
    )
