"""Fixtures the queries tests share. A test file's own fixture of the same name wins over these."""

from __future__ import annotations

import pytest

from dpss.accounts.models import Role
from tests.queries.factories import ArticleFactory, TeamFactory, TopicFactory, TopicRuleFactory
from tests.recipients.factories import RecipientFactory


@pytest.fixture
def topics():
    """The payroll topic (its rules match "payroll" and "payslip") and the default "Getting help"; returns payroll."""
    employer = TeamFactory(name="Employer support")
    payroll = TopicFactory(slug="employing-a-pa", name="Employing a personal assistant", team=employer, order=3)
    TopicRuleFactory(topic=payroll, phrase="payroll", weight=2)
    TopicRuleFactory(topic=payroll, phrase="payslip")
    TopicFactory(slug="getting-help", name="Getting help", team=TeamFactory(name="Direct payments advice"), order=90)
    return payroll


@pytest.fixture
def margaret(make_user):
    """A person with a direct payment, signed in as herself: (user, recipient record)."""
    user = make_user(Role.RECIPIENT, full_name="Margaret Ellis")
    record = RecipientFactory(user=user, full_name="Margaret Ellis", area="Winchester")
    return user, record


@pytest.fixture
def holiday_article(topics):
    """A help article the holiday-pay question (PROBLEM in test_raising_views) should be offered."""
    return ArticleFactory(
        slug="holiday-pay",
        title="Working out holiday pay for your PA",
        summary="How much holiday your PA gets, and what to pay.",
        keywords="holiday leave",
        topic=topics,
    )
