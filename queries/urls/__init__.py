"""Every URL of the queries app. One module per part; each lists its own patterns."""

from . import calendar, content, help, raising, reports, requester, staff

app_name = "queries"

urlpatterns = [
    *help.urlpatterns,
    *raising.urlpatterns,
    *requester.urlpatterns,
    *staff.urlpatterns,
    *content.urlpatterns,
    *calendar.urlpatterns,
    *reports.urlpatterns,
]
