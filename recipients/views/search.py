"""Finding people: the staff search (DPSS staff: everyone; practitioners: their caseload)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dpss.ui.decorators import permission_required

from ..forms.search import PeopleSearchForm
from ..selectors import search as search_selectors

PAGE_SIZE = 25


@permission_required("recipients.search")
def staff_search(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None, areas=search_selectors.area_choices())
    search = form.search()
    people = Paginator(search_selectors.people_search(fetched_by=request.user, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = search_selectors.direct_payments_shown(people=list(people), search=search)
    context = {
        "form": form,
        "search": search,
        "people": people,
        # Each person on the page with the direct payment their row shows (None: they have none yet).
        "results": [(person, shown.get(person.pk)) for person in people],
        "whole_county": request.user.has_perm("recipients.manage"),
    }
    return render(request, "recipients/search/people.html", context)
