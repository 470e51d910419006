"""Queries and the help centre. One module per part; import from here."""

from .calendar import ClosureDay
from .help import Article, ArticleFeedback, HelpOffer, HelpOfferArticle, Team, Topic, TopicRule
from .query import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    PUBLIC_EVENT_KINDS,
    SHARED_RAISED_AS,
    TERMINAL_STATUSES,
    CannedReply,
    Query,
    QueryAttachment,
    QueryEvent,
    ReferenceCounter,
    SatisfactionSurvey,
    SlaAlert,
)

__all__ = [
    "FINISHED_STATUSES",
    "OPEN_STATUSES",
    "PUBLIC_EVENT_KINDS",
    "SHARED_RAISED_AS",
    "TERMINAL_STATUSES",
    "Article",
    "ArticleFeedback",
    "CannedReply",
    "ClosureDay",
    "HelpOffer",
    "HelpOfferArticle",
    "Query",
    "QueryAttachment",
    "QueryEvent",
    "ReferenceCounter",
    "SatisfactionSurvey",
    "SlaAlert",
    "Team",
    "Topic",
    "TopicRule",
]
