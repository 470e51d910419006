"""Forms for sign-up, invitations and accepting them."""

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.fields import EmailField, PasswordField
from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from dpss.text import UNUSUAL_CHARACTER, too_long_message

from .models import Role, User
from .services import password_reset_request

# The longest email address an account can have (the `User.email` column).
EMAIL_MOST = User._meta.get_field("email").max_length or 254


class PersonalAssistantSignupForm(SignupForm):
    """Open sign-up: only personal assistants register themselves."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "We will send you a link to confirm it."
        self.fields["password1"].label = "Create a password"
        self.fields["password1"].help_text = "Use at least 12 characters. Three random words work well."
        self.fields["password2"].label = "Type the password again"
        for name in ("email", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)


def _refuse_unusual(value: object, *, what: str, most: int | None) -> None:
    """A NUL character, or more than `most` characters, is refused first, with one message in our words."""
    if not isinstance(value, str):
        return
    if "\x00" in value:
        raise ValidationError(UNUSUAL_CHARACTER, code="null_characters_not_allowed")
    if most is not None and len(value) > most:
        raise ValidationError(too_long_message(what, most), code="max_length")


class SignInEmailField(EmailField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="Email address",
            error_messages={
                "required": "Enter your email address",
                "invalid": "Enter your email address in the right format, like name@example.com",
            },
            **kwargs,
        )
        self.widget.attrs.pop("placeholder", None)

    def clean(self, value: Any) -> str:
        _refuse_unusual(value, what="your email address", most=EMAIL_MOST)
        return str(super().clean(value))


class SignInPasswordField(PasswordField):
    def clean(self, value: Any) -> str:
        _refuse_unusual(value, what="your password", most=None)
        return str(super().clean(value))


class SignInForm(LoginForm):
    """allauth's sign-in form (ACCOUNT_FORMS), refusing what was typed in our words, never Django's.

    Nothing is checked against the accounts, and no attempt is counted, until both boxes pass.
    The password has no length limit: the sign-up form sets none.
    """

    password = SignInPasswordField(
        label="Password",
        show_reset_help=True,
        autocomplete="current-password",
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"] = SignInEmailField()
        self.order_fields(["login", "password"])
        self.fields["password"].widget.attrs.pop("placeholder", None)


class PasswordResetForm(ResetPasswordForm):
    """allauth's “forgotten password” form, with the link sent by the worker (ACCOUNT_FORMS).

    The page does the same work for any address, known or not: it writes one request for the worker,
    which looks the address up and sends the link (`password_reset_request`). allauth's own form
    looks the accounts up here and writes the email, so a known address took longer.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"] = SignInEmailField()

    def clean_email(self) -> str:
        self.users: list[User] = []  # looked up by the worker
        return str(get_adapter().clean_email(self.cleaned_data["email"].lower()))

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        email = str(self.cleaned_data["email"])
        password_reset_request(email=email)
        return email


class InvitationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email address", max_length=254)
    role = forms.ChoiceField(label="What will they do in the portal?", widget=forms.RadioSelect)

    def __init__(self, *args: Any, roles: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(role, Role(role).label) for role in roles]
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="Use at least 12 characters. Three random words work well.",
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Type the password again",
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            raise ValidationError({"password2": "The two passwords do not match. Type the same password twice."})
        return cleaned
