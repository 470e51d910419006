"""Policy for queries/urls/help.py: the help centre is public, for everyone signed in or not."""

from tests.authz_policy import PUBLIC, Case, expect

POLICY: dict = {
    "queries:help_home": Case(PUBLIC),
    "queries:help_search": Case(PUBLIC),
    "queries:help_topic": [
        Case(PUBLIC, kwargs={"slug": "{topic}"}, label="a topic"),
        Case(expect(404), kwargs={"slug": "no-such-topic"}, label="no such topic"),
    ],
    "queries:help_article": [
        Case(PUBLIC, kwargs={"slug": "{article}"}, label="a published article"),
        Case(expect(404), kwargs={"slug": "no-such-article"}, label="no such article"),
    ],
    # "Did this help?" is answered with a POST; a GET is sent to the article.
    "queries:help_feedback": Case(expect(302), kwargs={"slug": "{article}"}),
}
