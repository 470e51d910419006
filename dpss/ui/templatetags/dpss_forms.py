"""Template helpers for GOV.UK forms."""

from django import forms, template
from django.contrib.auth.password_validation import password_validators_help_text_html

register = template.Library()


@register.filter
def focus_target(bound_field: forms.BoundField) -> str:
    """The id of the input an error-summary link should move focus to.

    crispy-forms-gds links radios, checkboxes and date inputs to `id_<name>`,
    which no input has, so focus never moves (docs/gotchas.md#gotcha-error-summary-focus). The first radio
    or checkbox is `id_<name>_1`; the first part of a date is `<id>_0`.
    """
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return str(bound_field.auto_id)


@register.filter
def first_focus_target(form: forms.BaseForm) -> str:
    fields = form.visible_fields()
    return focus_target(fields[0]) if fields else ""


# allauth's words, and ours (docs/domain.md#words: plain English, say what to do).
ALLAUTH_LABELS = {
    "Email": "Email address",
    "Current Password": "Current password",
    "New Password": "New password",
    "New Password (again)": "Type the new password again",
    "Password (again)": "Type the password again",
    "Authenticator code": "Code from your authenticator app",
}
ALLAUTH_MESSAGES = {
    "The email address and/or password you specified are not correct.": "The email address or password is not right. Check them and try again.",
    "Incorrect code.": "The code is not right. Check the code in your app and try again.",
    "Incorrect password.": "The password is not right. Check it and try again.",
    "Please type your current password.": "Enter your current password",
    "You must type the same password each time.": "The two passwords do not match. Type the same password twice.",
    "Too many failed login attempts. Try again later.": "You have tried to sign in too many times. Wait a few minutes, then try again.",
    "Be patient, you are sending too many requests.": "You have tried too many times. Wait a few minutes, then try again.",
    "Enter a valid email address.": "Enter an email address in the correct format, like name@example.com",
}
REQUIRED_MESSAGES = {
    "login": "Enter your email address",
    "email": "Enter your email address",
    "full_name": "Enter your full name",
    "password": "Enter your password",
    "oldpassword": "Enter your current password",
    "password1": "Enter a password",
    "password2": "Type the password again",
    "code": "Enter the code from your authenticator app",
}
PASSWORD_HINT = "Use at least 12 characters. Three random words work well."


@register.filter
def gds_tidy(form: forms.BaseForm) -> forms.BaseForm:
    """Put a third-party form (allauth's) in GOV.UK patterns and our words; return it.

    Labels and error messages in plain English; no placeholders (they vanish
    as people type); password boxes get the red error border crispy-forms-gds
    only gives text inputs; one-time code boxes are short and not spell-checked.
    Safe to apply more than once (the error summary and the fields both do).
    """
    for bound in form:  # the form's cached bound fields, which templates render
        name, field = bound.name, bound.field
        field.label = bound.label = ALLAUTH_LABELS.get(str(bound.label), bound.label)
        if field.help_text and str(field.help_text) == str(password_validators_help_text_html()):
            field.help_text = bound.help_text = PASSWORD_HINT
        attrs = field.widget.attrs
        attrs.pop("placeholder", None)
        classes = attrs.get("class", "").split()
        if isinstance(field.widget, forms.PasswordInput) and form.is_bound and form.errors.get(name):
            classes.append("govuk-input--error")
        if name == "code":
            classes.append("govuk-input--width-10")
            attrs.update({"spellcheck": "false", "autocapitalize": "none", "autocomplete": "one-time-code"})
            if type(form).__name__ == "ActivateTOTPForm":
                attrs["inputmode"] = "numeric"
        if classes:
            attrs["class"] = " ".join(dict.fromkeys(classes))
    if form.is_bound:
        for name, errors in form.errors.items():
            required = str(form.fields[name].error_messages.get("required", "")) if name in form.fields else ""
            reworded = [
                REQUIRED_MESSAGES.get(name, message) if message == required else ALLAUTH_MESSAGES.get(message, message)
                for message in map(str, errors)
            ]
            if reworded != list(errors):
                errors.data[:] = reworded  # in place: keeps the list's class and field id
    return form
