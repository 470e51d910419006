"""The staff search form: one box and filters, sent with GET so it works without JavaScript."""

from __future__ import annotations

from django import forms

from ..models import CareGroup, Directorate, DirectPayment
from ..selectors.search import PeopleSearch

ANY = [("", "Any")]


def _choice(label: str, choices, what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=ANY + list(choices),
        error_messages={"invalid_choice": f"Choose {what} from the list"},
    )


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, council reference or postcode",
        help_text="For example, Margaret Ellis, HCC0000101 or SO23. Part of a name or postcode works.",
        required=False,
        max_length=100,
        error_messages={"max_length": "Enter 100 characters or fewer"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off", "type": "search"}),
    )
    directorate = _choice("Directorate", Directorate.choices, "a directorate")
    care_group = _choice("Care group", CareGroup.choices, "a care group")
    area = _choice("Area (district)", [], "an area")
    status = _choice("Direct payment status", DirectPayment.Status.choices, "a status")
    payment_method = _choice("How it is paid", DirectPayment.PaymentMethod.choices, "a payment method")
    checkup_due = forms.BooleanField(label="A financial check-up is due", required=False)
    surplus_flagged = forms.BooleanField(label="Surplus above the threshold", required=False)

    def __init__(self, *args, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = ANY + [(area, area) for area in areas]

    def search(self) -> PeopleSearch:
        """What to search for: the values that are valid (a wrong one is reported, the rest still apply)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PeopleSearch(
            text=data.get("q", ""),
            directorate=data.get("directorate", ""),
            care_group=data.get("care_group", ""),
            area=data.get("area", ""),
            status=data.get("status", ""),
            payment_method=data.get("payment_method", ""),
            checkup_due=data.get("checkup_due", False),
            surplus_flagged=data.get("surplus_flagged", False),
        )
