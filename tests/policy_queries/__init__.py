"""The authorisation policy for the queries app, one module per part (urls/<part>.py).

Each module defines POLICY, a dict like tests/authz_policy.POLICY. Sample
values the matrix test creates for queries: "{query_a}" (raised by recipient
A about A: its reference), "{query_a_pk}" (its pk), "{query_b}" / "{query_b_pk}"
(raised by recipient B), "{query_token}" (the link token of a query raised
without an account), "{survey_token}" (a survey waiting on query A),
"{article}" (a published article's slug), "{topic}" (a topic slug),
"{attachment_a}" (a file on query A), "{closure_day}", "{topic_rule}",
"{canned_reply}" (the pk of an active canned reply linking to "{article}").
"""

from . import calendar, content, help, raising, reports, requester, staff

POLICY: dict = {}
for part in (help, raising, requester, staff, content, calendar, reports):
    POLICY.update(part.POLICY)
