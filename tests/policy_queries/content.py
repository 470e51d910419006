"""Policy for queries/urls/content.py: managers only (queries.manage)."""

from tests.authz_policy import Case, expect

MANAGERS_ONLY = expect(403, anonymous=302, manager=200)
POST_ONLY = expect(405)

POLICY: dict = {
    "queries:content_review": Case(MANAGERS_ONLY),
    "queries:content_articles": Case(MANAGERS_ONLY),
    "queries:content_article_add": Case(MANAGERS_ONLY),
    # Drafts too: "{article}" is a published article's slug.
    "queries:content_article_change": Case(MANAGERS_ONLY, kwargs={"slug": "{article}"}),
    # "Reviewed: next review by ..." is a POST.
    "queries:content_article_reviewed": Case(POST_ONLY, kwargs={"slug": "{article}"}),
    "queries:canned_replies": Case(MANAGERS_ONLY),
    "queries:canned_reply_add": Case(MANAGERS_ONLY),
    "queries:canned_reply_change": Case(MANAGERS_ONLY, kwargs={"pk": "{canned_reply}"}),
    # Switching a canned reply on or off is a POST.
    "queries:canned_reply_switch": Case(POST_ONLY, kwargs={"pk": "{canned_reply}"}),
    "queries:topic_rules": Case(MANAGERS_ONLY),
    # Removing a phrase is a POST.
    "queries:topic_rule_remove": Case(POST_ONLY, kwargs={"pk": "{topic_rule}"}),
}
