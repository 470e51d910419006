"""Managers edit help content: the rules in queries/services/content.py."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from queries.models import Article, CannedReply
from queries.services.canned_replies import canned_reply_save, canned_reply_switch
from queries.services.content import (
    article_review_done,
    article_save,
    article_slug_suggest,
)
from tests.factories import UserFactory
from tests.queries.factories import ArticleFactory, CannedReplyFactory, TopicFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + timedelta(days=n)


def messages_of(error: ValidationError) -> dict[str, str]:
    return {field: " ".join(messages) for field, messages in error.value.message_dict.items()}


@pytest.fixture
def fields(adviser):
    return {
        "title": "Paying your PA's wages",
        "summary": "How and when to pay your personal assistant.",
        "topic": TopicFactory(slug="employing-a-pa", name="Employing a personal assistant"),
        "body": "## Paying on time\n\nPay your PA on the day your contract says.",
        "owner": adviser,
        "review_by": days(90),
    }


# --- Articles ---------------------------------------------------------------------------------


def test_a_manager_adds_an_article_whose_address_is_made_from_the_title(manager, fields):
    article = article_save(actor=manager, **fields, keywords="payroll, payslip", audience=Article.Audience.EMPLOYERS)
    article.refresh_from_db()
    assert article.slug == "paying-your-pas-wages"
    assert article.owner == fields["owner"] and article.review_by == days(90)
    assert article.is_published and article.audience == Article.Audience.EMPLOYERS
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_a_suggested_address_already_in_use_gets_a_number(manager, fields):
    ArticleFactory(slug="paying-your-pas-wages")
    ArticleFactory(slug="paying-your-pas-wages-2")
    assert article_save(actor=manager, **fields).slug == "paying-your-pas-wages-3"
    assert article_slug_suggest(title="Search") == "search-help"


def test_an_address_typed_that_another_article_uses_is_refused_naming_that_article(manager, fields):
    ArticleFactory(slug="paying-your-pa", title="The other page")
    with pytest.raises(ValidationError) as error:
        article_save(actor=manager, **fields, slug="Paying-Your-PA")
    assert "“The other page” already uses this web address" in messages_of(error)["slug"]
    assert "paying-your-pa-2" in messages_of(error)["slug"]


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("paying your pa", "like “paying-your-pa”"),
        ("pay--pa", "single hyphens"),
        ("-pay", "lower-case letters, numbers"),
        ("search", "used by the help centre itself"),
        ("a" * 101, "100 characters or fewer"),
    ],
)
def test_a_badly_formed_address_is_refused_with_what_to_type(manager, fields, slug, message):
    with pytest.raises(ValidationError) as error:
        article_save(actor=manager, **fields, slug=slug)
    assert message in messages_of(error)["slug"]
    assert not Article.objects.exists()


def test_a_new_article_without_the_required_fields_says_what_is_missing(manager):
    with pytest.raises(ValidationError) as error:
        article_save(actor=manager, title="  ")
    found = messages_of(error)
    assert found["title"] == "Enter a title"
    assert found["topic"] == "Choose a topic"
    assert found["owner"] == "Choose who owns this page"
    assert "checked" in found["review_by"]
    assert set(found) == {"title", "summary", "topic", "body", "owner", "review_by"}


@pytest.mark.parametrize("role", [Role.RECIPIENT, Role.PRACTITIONER, Role.COPRODUCTION])
def test_the_owner_must_be_a_dpss_adviser_or_manager(manager, fields, make_user, role):
    with pytest.raises(ValidationError) as error:
        article_save(actor=manager, **{**fields, "owner": make_user(role)})
    assert messages_of(error)["owner"] == "Choose an owner who is a DPSS adviser or manager"
    former = UserFactory(roles=(Role.ADVISER,), is_active=False)
    with pytest.raises(ValidationError):
        article_save(actor=manager, **{**fields, "owner": former})


def test_a_published_article_needs_a_review_by_date_of_today_or_later(manager, fields):
    with pytest.raises(ValidationError) as error:
        article_save(actor=manager, **{**fields, "review_by": days(-1)})
    assert "must be today or later to publish the page" in messages_of(error)["review_by"]
    assert article_save(actor=manager, **{**fields, "review_by": timezone.localdate()}).review_by == days(0)


def test_a_draft_may_keep_a_past_review_by_date_but_publishing_it_needs_a_new_one(manager, fields):
    draft = article_save(actor=manager, **{**fields, "review_by": days(-10), "is_published": False})
    assert not draft.is_published
    with pytest.raises(ValidationError) as error:
        article_save(article=draft, actor=manager, is_published=True)
    assert "today or later" in messages_of(error)["review_by"]
    published = article_save(article=draft, actor=manager, is_published=True, review_by=days(30))
    assert published.is_published and published.review_by == days(30)


def test_a_review_by_date_years_away_is_taken_for_a_typing_slip(manager, fields):
    with pytest.raises(ValidationError) as error:
        article_save(actor=manager, **{**fields, "review_by": days(365 * 4)})
    assert "within 3 years" in messages_of(error)["review_by"]


@pytest.mark.parametrize(
    ("field", "text", "word", "instead"),
    [
        ("body", "We will audit your account every year.", "audit", "“financial check-up”"),
        ("body", "Every Service User gets a letter.", "Service User", "the person's name, or “you”"),
        ("easy_read_body", "We do a clawback.", "clawback", "“asking for unspent money back”"),
        ("title", "Termination of your payment", "Termination", "“ending your direct payment”"),
    ],
)
def test_unwelcome_words_are_refused_naming_the_word_and_what_to_say(manager, fields, field, text, word, instead):
    with pytest.raises(ValidationError) as error:
        article_save(actor=manager, **{**fields, field: text})
    assert messages_of(error)[field] == f"Do not use “{word}”: use {instead} instead"
    assert not Article.objects.exists()


def test_keywords_may_hold_the_words_people_search_with(manager, fields):
    article = article_save(actor=manager, **fields, keywords="audit, check-up")
    assert article.keywords == "audit, check-up"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "a" * 10_240, "The title must be 150 characters or fewer"),
        ("title", "Pay\x00", "Remove the unusual character"),
        ("body", "b" * 20_001, "The page must be 20,000 characters or fewer"),
        ("easy_read_body", "x\x00", "Remove the unusual character"),
        ("title", ["a list"], "Enter the title as text"),
        ("is_published", "yes", "Choose yes to publish the page"),
        ("audience", "martians", "Choose who the page is for"),
        ("review_by", "2027-01-01", "as a day, month and year"),
        ("topic", "employing-a-pa", "Choose a topic"),
    ],
)
def test_bad_values_are_refused_with_a_message(manager, fields, field, value, message):
    with pytest.raises(ValidationError) as error:
        article_save(actor=manager, **{**fields, field: value})
    assert message in messages_of(error)[field]


def test_changing_an_article_changes_only_the_fields_given(manager, fields):
    article = article_save(actor=manager, **fields)
    changed = article_save(article=article, actor=manager, summary="  A shorter summary.  ")
    changed.refresh_from_db()
    assert changed.summary == "A shorter summary."
    assert changed.title == fields["title"] and changed.slug == article.slug


def test_unpublishing_an_article_that_canned_replies_link_to_is_refused_naming_them(manager, fields):
    article = article_save(actor=manager, **fields)
    CannedReplyFactory(article=article, title="Paying wages")
    CannedReplyFactory(article=article, title="Holiday pay")
    CannedReplyFactory(article=article, title="Old reply", is_active=False)
    with pytest.raises(ValidationError) as error:
        article_save(article=article, actor=manager, is_published=False)
    message = messages_of(error)["is_published"]
    assert "Canned replies link to this page: “Holiday pay” and “Paying wages”" in message
    assert "Old reply" not in message
    article.refresh_from_db()
    assert article.is_published
    CannedReply.objects.update(is_active=False)
    assert not article_save(article=article, actor=manager, is_published=False).is_published


def test_only_managers_change_articles(adviser, fields):
    with pytest.raises(PermissionDenied):
        article_save(actor=adviser, **fields)
    article = ArticleFactory()
    with pytest.raises(PermissionDenied):
        article_review_done(article=article, actor=adviser, review_by=days(30))


def test_a_field_the_service_does_not_know_is_a_programming_error(manager, fields):
    with pytest.raises(TypeError, match="created_at"):
        article_save(actor=manager, **fields, created_at=timezone.now())


def test_marking_an_article_reviewed_sets_its_next_review_by_date(manager):
    article = ArticleFactory(review_by=days(-20), title="Overdue page")
    reviewed = article_review_done(article=article, actor=manager, review_by=days(180))
    article.refresh_from_db()
    assert article.review_by == days(180) == reviewed.review_by
    assert article.title == "Overdue page"


@pytest.mark.parametrize(("when", "message"), [(0, "must be after today"), (-3, "after today"), (2000, "3 years")])
def test_the_next_review_by_date_must_be_after_today_and_within_3_years(manager, when, message):
    article = ArticleFactory(review_by=days(5))
    with pytest.raises(ValidationError) as error:
        article_review_done(article=article, actor=manager, review_by=days(when))
    assert message in messages_of(error)["review_by"]
    article.refresh_from_db()
    assert article.review_by == days(5)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=300), body=st.text(max_size=500), slug=st.text(max_size=120))
def test_generated_text_is_saved_or_refused_with_a_message(manager, fields, title, body, slug):
    try:
        article = article_save(actor=manager, **{**fields, "title": title, "body": body, "slug": slug})
    except ValidationError as error:
        assert error.message_dict
    else:
        assert article.pk and "\x00" not in article.title + article.body
        article.delete()


# --- Canned replies ----------------------------------------------------------------------------


def test_a_canned_reply_links_to_a_published_article(manager):
    article = ArticleFactory(title="Registering with HMRC")
    topic = TopicFactory(slug="employing-a-pa")
    reply = canned_reply_save(
        actor=manager, title=" HMRC registration ", body="Thank you for asking.", article=article, topic=topic
    )
    reply.refresh_from_db()
    assert (reply.title, reply.article, reply.topic, reply.is_active) == ("HMRC registration", article, topic, True)


def test_a_canned_reply_cannot_link_to_a_draft(manager):
    draft = ArticleFactory(title="Not ready yet", is_published=False)
    with pytest.raises(ValidationError) as error:
        canned_reply_save(actor=manager, title="Reply", body="Text", article=draft)
    assert "“Not ready yet” is not published" in messages_of(error)["article"]
    with pytest.raises(ValidationError) as error:
        canned_reply_save(actor=manager, title="Reply", body="Text", article=None)
    assert messages_of(error)["article"] == "Choose the help page this reply links to"
    assert not CannedReply.objects.exists()


def test_changing_a_canned_reply_keeps_its_title_unique(manager):
    article = ArticleFactory()
    CannedReplyFactory(title="Holiday pay", article=article)
    reply = CannedReplyFactory(title="Sick pay", article=article)
    with pytest.raises(ValidationError) as error:
        canned_reply_save(canned_reply=reply, actor=manager, title="holiday PAY", body="Text", article=article)
    assert "Another canned reply is called “holiday PAY”" in messages_of(error)["title"]
    same = canned_reply_save(canned_reply=reply, actor=manager, title="Sick pay", body="New text", article=article)
    assert same.pk == reply.pk and same.body == "New text" and same.topic is None


@pytest.mark.parametrize(
    ("title", "body", "field", "message"),
    [
        ("Reply", "Your audit is due.", "body", "Do not use “audit”: use “financial check-up” instead"),
        ("", "Text", "title", "Enter a title"),
        ("Reply", "  ", "body", "Write the reply"),
        ("a" * 10_240, "Text", "title", "120 characters or fewer"),
        ("Reply", "b\x00", "body", "Remove the unusual character"),
        ("Reply", "b" * 5_001, "body", "5,000 characters or fewer"),
    ],
)
def test_a_canned_reply_with_bad_text_is_refused(manager, title, body, field, message):
    with pytest.raises(ValidationError) as error:
        canned_reply_save(actor=manager, title=title, body=body, article=ArticleFactory())
    assert message in messages_of(error)[field]


def test_switching_a_canned_reply_off_and_on(manager):
    reply = CannedReplyFactory()
    assert not canned_reply_switch(canned_reply=reply, active=False, actor=manager).is_active
    reply.refresh_from_db()
    assert not reply.is_active
    assert canned_reply_switch(canned_reply=reply, active=True, actor=manager).is_active
    with pytest.raises(ValidationError):
        canned_reply_switch(canned_reply=reply, active="off", actor=manager)


def test_a_canned_reply_is_not_switched_on_while_its_article_is_a_draft(manager):
    reply = CannedReplyFactory(is_active=False, title="Old reply", article=ArticleFactory(title="Draft page"))
    Article.objects.update(is_published=False)
    with pytest.raises(ValidationError) as error:
        canned_reply_switch(canned_reply=reply, active=True, actor=manager)
    assert "“Old reply” links to “Draft page”, which is not published" in messages_of(error)["active"]
    reply.refresh_from_db()
    assert not reply.is_active


def test_only_managers_change_canned_replies(adviser):
    reply = CannedReplyFactory()
    with pytest.raises(PermissionDenied):
        canned_reply_switch(canned_reply=reply, active=False, actor=adviser)
    with pytest.raises(PermissionDenied):
        canned_reply_save(actor=adviser, title="T", body="B", article=reply.article)
