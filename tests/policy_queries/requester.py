"""Policy for queries/urls/requester.py: a person's own queries, the link without an account, the survey.

Query A was raised by recipient A about A; query B by recipient B. The
matrix's representative of A may see A's record but not act for A
(`can_act` is off): they read A's queries and files (200) but may not
withdraw one for A (403). The representative whose authority ended, the PA
and the practitioners get 404, as anyone does for another person's query.
Staff see every query read-only and are sent to the queue from "Your queries".

Queries about A (docs/domain.md#queries-about-a-person): one someone else
raised (a neighbour's call staff logged, A's practitioner's question) is the
requester's alone, never A's or A's representatives'; A's own safeguarding
concern is hidden from A's representatives. A query is its requester's: only
they withdraw it (403 for anyone else who sees it). The representative whose
authority ended (yesterday) still reads the query they raised a month ago,
with the file from then, but not the file on today's reply, and they can no
longer withdraw it.
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
        Case(
            expect(404, anonymous=302, staff=200),
            kwargs={"reference": "{query_third_party}"},
            label="a neighbour's call about A",
        ),
        Case(
            expect(404, anonymous=302, practitioner_of_a=200, staff=200),
            kwargs={"reference": "{query_by_practitioner}"},
            label="a practitioner's query about A",
        ),
        Case(
            expect(404, anonymous=302, recipient_a=200, staff=200),
            kwargs={"reference": "{query_safeguarding}"},
            label="A's safeguarding concern",
        ),
        Case(
            expect(404, anonymous=302, recipient_a=200, representative_of_a=200, representative_ended=200, staff=200),
            kwargs={"reference": "{query_ended}"},
            label="raised by the representative whose authority ended",
        ),
    ],
    "queries:query_withdraw": [
        Case(
            expect(404, anonymous=302, recipient_a=200, representative_of_a=403, staff=403),
            kwargs={"reference": "{query_a}"},
            label="A's",
        ),
        Case(
            expect(404, anonymous=302, staff=403),
            kwargs={"reference": "{query_third_party}"},
            label="a neighbour's call about A",
        ),
        Case(
            expect(404, anonymous=302, practitioner_of_a=200, staff=403),
            kwargs={"reference": "{query_by_practitioner}"},
            label="a practitioner's query about A",
        ),
        Case(
            expect(404, anonymous=302, recipient_a=200, staff=403),
            kwargs={"reference": "{query_safeguarding}"},
            label="A's safeguarding concern",
        ),
        Case(
            expect(404, anonymous=302, recipient_a=403, representative_of_a=403, representative_ended=403, staff=403),
            kwargs={"reference": "{query_ended}"},
            label="raised by the representative whose authority ended",
        ),
    ],
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
        Case(
            expect(404, anonymous=302, recipient_a=200, representative_of_a=200, representative_ended=200, staff=200),
            kwargs={"reference": "{query_ended}", "pk": "{attachment_ended_before}"},
            label="a file from before the representative's authority ended",
        ),
        Case(
            expect(404, anonymous=302, recipient_a=200, representative_of_a=200, staff=200),
            kwargs={"reference": "{query_ended}", "pk": "{attachment_ended_after}"},
            label="a file from after the representative's authority ended",
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
