"""Policy for queries/urls/requester.py: a person's own queries, the link without an account, the survey.

Query A was raised by recipient A about A; query B by recipient B. The
matrix's representative of A may see A's record but not act for A
(`can_act` is off): they read A's queries and files (200) but may not
withdraw one for A (403). The representative whose authority ended, the PA
and the practitioners get 404, as anyone does for another person's query.
Staff see every query read-only and are sent to the queue from "Your queries".
"""

from tests.authz_policy import Case, expect

NOT_A_TOKEN = "not-a-real-token"

POLICY: dict = {
    "queries:my_queries": Case(expect(200, anonymous=302, staff=302)),
    "queries:query_detail": [
        Case(
            expect(404, anonymous=302, recipient_a=200, representative_of_a=200, staff=200),
            kwargs={"reference": "{query_a}"},
            label="A's",
        ),
        Case(expect(404, anonymous=302, recipient_b=200, staff=200), kwargs={"reference": "{query_b}"}, label="B's"),
    ],
    "queries:query_withdraw": Case(
        expect(404, anonymous=302, recipient_a=200, representative_of_a=403, staff=403),
        kwargs={"reference": "{query_a}"},
    ),
    "queries:attachment": [
        Case(
            expect(404, anonymous=302, recipient_a=200, representative_of_a=200, staff=200),
            kwargs={"reference": "{query_a}", "pk": "{attachment_a}"},
            label="A's file",
        ),
        Case(
            expect(404, anonymous=302),
            kwargs={"reference": "{query_b}", "pk": "{attachment_a}"},
            label="A's file under B's query",
        ),
    ],
    # Without an account: only through the token; anyone holding the link sees the query.
    "queries:query_link": [
        Case(expect(200), kwargs={"token": "{query_token}"}, label="the link"),
        Case(expect(404), kwargs={"token": NOT_A_TOKEN}, label="unknown token"),
    ],
    "queries:query_link_withdraw": [
        Case(expect(200, staff=403), kwargs={"token": "{query_token}"}, label="the link"),
        Case(expect(404), kwargs={"token": NOT_A_TOKEN}, label="unknown token"),
    ],
    "queries:attachment_link": Case(
        expect(404), kwargs={"token": "{query_token}", "pk": "{attachment_a}"}, label="another query's file"
    ),
    "queries:survey": [
        Case(expect(200), kwargs={"token": "{survey_token}"}, label="waiting"),
        Case(expect(404), kwargs={"token": NOT_A_TOKEN}, label="unknown token"),
    ],
    "queries:survey_thanks": Case(expect(200)),
}
