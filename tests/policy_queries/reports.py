"""Policy for queries/urls/reports.py: the query reports are for managers only."""

from tests.authz_policy import MANAGER, Case, expect

MANAGERS_ONLY = expect(403, anonymous=302, **{MANAGER: 200})

POLICY: dict = {
    "queries:reports": Case(MANAGERS_ONLY),
    "queries:reports_csv": Case(MANAGERS_ONLY),
}
