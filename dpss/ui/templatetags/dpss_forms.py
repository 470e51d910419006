"""Template helpers for GOV.UK forms."""

from django import forms, template

register = template.Library()


@register.filter
def focus_target(bound_field) -> str:
    """The id of the input an error-summary link should move focus to.

    crispy-forms-gds links radios, checkboxes and date inputs to `id_<name>`,
    which no input has, so focus never moves (GOTCHAS.md). The first radio
    or checkbox is `id_<name>_1`; the first part of a date is `<id>_0`.
    """
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def first_focus_target(form) -> str:
    fields = form.visible_fields()
    return focus_target(fields[0]) if fields else ""
