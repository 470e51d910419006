"""Policy for queries/urls/staff.py: the queue and query pages are for DPSS staff (queries.triage) only.

Everyone else is refused (403), whoever's query it is; anonymous people are
sent to sign in. Every action is a POST to its own URL; a GET of it is sent to the query page (302), which
then answers as above.
"""

from tests.authz_policy import Case, expect

STAFF_ONLY = expect(403, anonymous=302, staff=200)

POLICY: dict = {
    "queries:staff_queue": Case(STAFF_ONLY),
    "queries:staff_bulk_assign": Case(expect(405)),
    # Logging a query that came by phone, email, letter or in person (views/intake.py).
    "queries:staff_log_query": Case(STAFF_ONLY),
    "queries:staff_query": [
        Case(STAFF_ONLY, kwargs={"pk": "{query_a_pk}"}, label="a recipient's query about themselves"),
        Case(STAFF_ONLY, kwargs={"pk": "{query_b_pk}"}, label="another recipient's query"),
        Case(STAFF_ONLY, kwargs={"pk": "{query_anonymous_pk}"}, label="a query raised without an account"),
        Case(expect(403, anonymous=302, staff=404), kwargs={"pk": "999999999"}, label="no such query"),
    ],
    # A reference in the address sends staff on to the query's page (views/queue.py).
    "queries:staff_query_by_reference": [
        Case(expect(403, anonymous=302, staff=302), kwargs={"reference": "{query_a}"}, label="a recipient's query"),
        Case(expect(403, anonymous=302, staff=404), kwargs={"reference": "DPSS-1999-999999"}, label="no such query"),
    ],
    **{
        f"queries:staff_{action}": Case(expect(302), kwargs={"pk": "{query_a_pk}"})
        for action in (
            "reply",
            "note",
            "contact",
            "status",
            "priority",
            "topic",
            "team",
            "assign",
            "merge",
            "complaint",
            "safeguarding",
            "redirect",
        )
    },
}
