"""Policy for queries/urls/calendar.py: the working calendar is for managers only (queries.manage)."""

from tests.authz_policy import Case, expect

MANAGERS_ONLY = expect(403, anonymous=302, manager=200)
# Changing a day is a POST: a GET is refused before anything else.
POST_ONLY = Case(expect(405), kwargs={"pk": "{closure_day}"})

POLICY: dict = {
    "queries:calendar": Case(MANAGERS_ONLY),
    "queries:calendar_day_open": POST_ONLY,
    "queries:calendar_day_close": POST_ONLY,
    "queries:calendar_day_remove": POST_ONLY,
}
