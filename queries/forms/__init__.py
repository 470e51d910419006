"""Forms of the queries app: one module per part. They check the shape of what was typed; rules are in services."""

from django import forms


def choice_field_of(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, declared as a choice field, whose choices are set when the form is made."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field
