"""Policy for queries/urls/raising.py: anyone may ask, signed in or not (staff too, as a normal person).

The later steps need a draft in the session: without one they send the
person back to the first step (302), which is what a fresh client gets.
"""

from tests.authz_policy import Case, expect

POLICY: dict = {
    "queries:ask": Case(expect(200)),
    "queries:ask_suggestions": Case(expect(200)),
    "queries:ask_check": Case(expect(302)),
    "queries:ask_details": Case(expect(302)),
    "queries:ask_done": Case(expect(302)),
}
