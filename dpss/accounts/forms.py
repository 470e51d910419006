"""Forms for sign-up, invitations and accepting them."""

from typing import Any

from allauth.account.forms import SignupForm
from django import forms
from django.core.exceptions import ValidationError

from .models import Role


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
