"""Policy for queries/urls/content.py: managers only (queries.manage)."""

from tests.authz_policy import Case, expect

MANAGERS_ONLY = expect(403, anonymous=302, manager=200)

POLICY: dict = {
    "queries:content_review": Case(MANAGERS_ONLY),
    "queries:topic_rules": Case(MANAGERS_ONLY),
    # Removing a phrase is a POST.
    "queries:topic_rule_remove": Case(expect(405), kwargs={"pk": "{topic_rule}"}),
}
