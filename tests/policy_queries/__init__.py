"""The authorisation policy for the queries app, one module per part (urls/<part>.py).

Each module defines POLICY, a dict like tests/authz_policy.POLICY. Sample
values the matrix test creates for queries: "{query_a}" (raised by recipient
A about A: its reference), "{query_a_pk}" (its pk), "{query_b}" / "{query_b_pk}"
(raised by recipient B), "{query_token}" (the link token of a query raised
without an account), "{survey_token}" (a survey waiting on query A),
"{article}" (a published article's slug), "{topic}" (a topic slug),
"{attachment_a}" (a file on query A), "{closure_day}", "{topic_rule}",
"{canned_reply}" (the pk of an active canned reply linking to "{article}").
Queries about A that are not all A's to see (tests/queries/matrix_data.py):
"{query_third_party}" (a neighbour's call staff logged), "{query_by_practitioner}",
"{query_safeguarding}" (A's own, flagged), "{query_ended}" (raised by the
representative whose authority ended), with "{attachment_ended_before}" and
"{attachment_ended_after}" (files from before and after it ended).
"""

from . import calendar, content, help, raising, reports, requester, staff

POLICY: dict = {}
for part in (help, raising, requester, staff, content, calendar, reports):
    POLICY.update(part.POLICY)
