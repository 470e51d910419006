"""Finding people: the staff search (DPSS staff: everyone; practitioners: their caseload)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dpss.accounts.models import STAFF_ROLES
from dpss.ui.decorators import permission_required

from .. import selectors
from ..forms.search import PeopleSearchForm
from ..models import DirectPayment

# Each result opens the person's whole record, as staff and practitioners see it.
RECORD_URL_NAME = "recipients:staff_record"
PAGE_SIZE = 25
STATUS_LABELS = dict(DirectPayment.Status.choices)
METHOD_LABELS = dict(DirectPayment.PaymentMethod.choices)


@permission_required("recipients.search")
def staff_search(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None, areas=selectors.area_choices())
    search = form.search()
    people = Paginator(selectors.people_search(fetched_by=request.user, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = selectors.direct_payments_shown(people=list(people), search=search)
    for person in people:
        payment = shown.get(person.pk)
        person.dp_status_label = STATUS_LABELS[payment.status] if payment else ""
        person.dp_payment_method_label = METHOD_LABELS[payment.payment_method] if payment else ""
    context = {
        "form": form,
        "search": search,
        "people": people,
        "record_url_name": RECORD_URL_NAME,
        "whole_county": bool(request.user.roles & STAFF_ROLES),
    }
    return render(request, "recipients/search/people.html", context)
