"""The staff search form: one box and filters, sent with GET so it works without JavaScript."""

from __future__ import annotations

from django import forms

from dpss.ui.forms import ANY, choice_field, text_field, valid_filters

from ..models import CareGroup, Directorate, DirectPayment
from ..selectors.search import PeopleSearch


class PeopleSearchForm(forms.Form):
    q = text_field(
        "Name, council reference or postcode",
        most=100,
        required=False,
        help_text="For example, Margaret Ellis, HCC0000101 or SO23. Part of a name or postcode works.",
        error_messages={"max_length": "Enter 100 characters or fewer"},
        attrs={"spellcheck": "false", "autocomplete": "off", "type": "search"},
    )
    directorate = choice_field("Directorate", ANY + list(Directorate.choices), what="a directorate")
    care_group = choice_field("Care group", ANY + list(CareGroup.choices), what="a care group")
    area = choice_field("Area (district)", ANY, what="an area")
    status = choice_field("Direct payment status", ANY + list(DirectPayment.Status.choices), what="a status")
    payment_method = choice_field(
        "How it is paid", ANY + list(DirectPayment.PaymentMethod.choices), what="a payment method"
    )
    checkup_due = forms.BooleanField(label="A financial check-up is due", required=False)
    surplus_flagged = forms.BooleanField(label="Surplus above the threshold", required=False)

    def __init__(self, *args, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        if not isinstance(area_field, forms.ChoiceField):  # made by choice_field above
            raise TypeError("The area filter must be a ChoiceField")
        area_field.choices = ANY + [(area, area) for area in areas]

    def search(self) -> PeopleSearch:
        """What to search for: the values that are valid (a wrong one is reported, the rest still apply)."""
        return valid_filters(self, PeopleSearch, renames={"q": "text"})
