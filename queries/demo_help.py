"""Demo help centre: teams, topics, topic rules, articles (with Easy Read versions) and canned replies.

Written for this demo in plain English (docs/domain.md#words). Safe to run
again: everything is matched by its name, slug or title and brought back to
what is written here; phrases managers added themselves are left alone.
Figures come from docs/domain.md#rule-7 and #rule-15 and are marked *(check)* there: keep them up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User

from .models import Article, CannedReply, Team, Topic, TopicRule

MANAGER_EMAIL = "manager@example.com"
ADVISER_EMAIL = "adviser@example.com"

ADVICE, EMPLOYER, PA_FINDER = "Direct payments advice", "Employer support", "PA Finder"
TEAMS = (ADVICE, EMPLOYER, PA_FINDER)


@dataclass(frozen=True)
class DemoTopic:
    slug: str
    name: str
    description: str
    order: int
    team: str
    # (phrase, weight)
    rules: tuple[tuple[str, int], ...]


TOPICS = (
    DemoTopic(
        "using-your-direct-payment",
        "Using your direct payment",
        "What the money can pay for, and what to check first.",
        10,
        ADVICE,
        (
            ("what can i spend", 3),
            ("spend", 1),
            ("support plan", 2),
            ("respite", 2),
            ("short break", 2),
            ("day centre", 2),
            ("equipment", 2),
            ("care agency", 2),
            ("family member", 2),
            ("allowed to buy", 3),
        ),
    ),
    DemoTopic(
        "becoming-an-employer",
        "Becoming an employer",
        "What to do before your first personal assistant starts work.",
        20,
        EMPLOYER,
        (
            ("becoming an employer", 4),
            ("become an employer", 4),
            ("employer", 1),
            ("right to work", 3),
            ("references", 2),
            ("job description", 2),
            ("employment allowance", 2),
            ("liability insurance", 3),
            ("first pa", 2),
        ),
    ),
    DemoTopic(
        "employing-a-pa",
        "Employing a personal assistant",
        "Contracts, pay, tax, pensions, holiday and checks for the people you employ.",
        30,
        EMPLOYER,
        (
            ("payroll", 3),
            ("payslip", 3),
            ("hmrc", 3),
            ("tax", 1),
            ("national insurance", 2),
            ("pension", 2),
            ("holiday pay", 3),
            ("contract", 2),
            ("dbs", 2),
            ("insurance", 1),
            ("wages", 2),
            ("sick pay", 2),
            ("living wage", 2),
            ("pa", 1),
            ("personal assistant", 1),
        ),
    ),
    DemoTopic(
        "virtual-wallet-and-cards",
        "Virtual Wallet and payment cards",
        "Your online account, your payment card, and what to do if something goes wrong.",
        40,
        ADVICE,
        (
            ("virtual wallet", 4),
            ("wallet", 2),
            ("payment card", 3),
            ("prepaid card", 3),
            ("card", 1),
            ("pin", 2),
            ("declined", 2),
            ("online account", 2),
            ("log in", 1),
            ("password", 1),
        ),
    ),
    DemoTopic(
        "financial-check-ups",
        "Financial check-ups",
        "How we check together that your direct payment is working for you.",
        50,
        ADVICE,
        (
            ("check-up", 3),
            ("check up", 3),
            ("financial check", 3),
            ("receipts", 2),
            ("bank statement", 2),
            ("statements", 1),
            ("money left over", 2),
            ("unspent", 2),
            ("surplus", 2),
            ("pay back", 2),
        ),
    ),
    DemoTopic(
        "reviews",
        "Reviews",
        "When your care and support is looked at again, and how to ask for a review.",
        60,
        ADVICE,
        (
            ("review", 2),
            ("reassessment", 3),
            ("reassess", 3),
            ("needs have changed", 3),
            ("more hours", 2),
            ("social worker", 1),
            ("budget", 1),
        ),
    ),
    DemoTopic(
        "ending-a-direct-payment",
        "Ending a direct payment",
        "If you want to stop, or your situation changes.",
        70,
        ADVICE,
        (
            ("end my direct payment", 4),
            ("stop my direct payment", 4),
            ("ending", 2),
            ("cancel", 2),
            ("moving away", 2),
            ("passed away", 3),
            ("died", 3),
            ("redundancy", 2),
        ),
    ),
    DemoTopic(
        "finding-a-pa",
        "Finding a personal assistant",
        "Using PA Finder, adverts and interviews.",
        80,
        PA_FINDER,
        (
            ("pa finder", 4),
            ("find a pa", 4),
            ("finding a pa", 4),
            ("looking for a pa", 4),
            ("new pa", 2),
            ("recruit", 2),
            ("advert", 2),
            ("interview", 1),
        ),
    ),
    DemoTopic(
        "getting-help",
        "Getting help",
        "How to ask us, in the way that suits you, and how to complain.",
        90,
        ADVICE,
        (
            ("complaint", 2),
            ("complain", 2),
            ("speak to someone", 2),
            ("easy read", 2),
            ("large print", 2),
            ("interpreter", 2),
            ("bsl", 2),
            ("advocate", 2),
        ),
    ),
)


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    topic: str
    summary: str
    body: str
    owner: str = MANAGER_EMAIL
    # Days from today to the review-by date (negative: overdue).
    review_in_days: int = 180
    audience: str = Article.Audience.EVERYONE
    keywords: str = ""
    easy_read: str = ""


# The articles' words are in demo_data/articles/, one Markdown file each (in order by name): a header of
# "name: value" lines (the fields of DemoArticle), a line "---", the page, and optionally a line
# "--- Easy Read ---" and the Easy Read version.
ARTICLES_FOLDER = Path(__file__).parent / "demo_data" / "articles"
EASY_READ_LINE = "--- Easy Read ---"
NUMBERS = ("review_in_days",)


def article_read(path: Path) -> DemoArticle:
    """One demo article from its file."""
    header, _, text = path.read_text(encoding="utf-8").partition("\n---\n")
    body, _, easy_read = text.partition(f"\n{EASY_READ_LINE}\n")
    fields: dict = {}
    for line in header.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = int(value) if name.strip() in NUMBERS else value.strip()
    return DemoArticle(**fields, body=body, easy_read=easy_read)


ARTICLES = tuple(article_read(path) for path in sorted(ARTICLES_FOLDER.glob("*.md")))


@dataclass(frozen=True)
class DemoCannedReply:
    title: str
    article: str
    body: str


CANNED_REPLIES = (
    DemoCannedReply(
        "Paying a PA through payroll",
        "paying-your-pa-payroll-and-hmrc",
        "Thank you for your question about paying your personal assistant.\n\n"
        "Most people who employ a PA use a payroll service. It registers you with HMRC, works out tax and "
        "National Insurance, and sends you and your PA a payslip. You then pay your PA the amount on the payslip "
        "from your direct payment account.\n\n"
        "Our help page explains each step. If you would like us to suggest a payroll service, reply to this "
        "message and we will send you a list.",
    ),
    DemoCannedReply(
        "Holiday and holiday pay",
        "holiday-and-holiday-pay",
        "Thank you for asking about holiday for your personal assistant.\n\n"
        "Every PA is entitled to 5.6 weeks of paid holiday a year, worked out on the days or hours they work. "
        "Pay them their normal pay while they are on holiday. Your budget already includes money for this.\n\n"
        "Our help page shows how to work it out. Reply to this message if you would like us to check the figures with you.",
    ),
    DemoCannedReply(
        "Workplace pension for a PA",
        "workplace-pensions-for-your-pa",
        "Thank you for your question about pensions.\n\n"
        "If your PA is 22 or over and earns more than £10,000 a year, you need to put them into a workplace "
        "pension. You pay in at least 3% of their qualifying earnings, and your payroll service works out the amounts.\n\n"
        "Our help page explains what to do and by when. Reply to this message if anything is unclear.",
    ),
    DemoCannedReply(
        "Lost or stolen payment card",
        "payment-cards-lost-stolen-or-declined",
        "Thank you for letting us know about your card.\n\n"
        "Please phone the card provider straight away so they can block it. The number is on the letter that "
        "came with your card. Then reply to this message and we will make sure your payments go to your new card.\n\n"
        "If your PA's wages are due in the next few days, tell us today and we will help you pay them.",
    ),
    DemoCannedReply(
        "Your first financial check-up",
        "financial-check-ups-what-happens",
        "Thank you for your question about your financial check-up.\n\n"
        "The check-up is a short look, together, at how your direct payment is going. If you use Virtual Wallet "
        "or a payment card, we can see your account online and you do not need to send statements. We only ask "
        "for receipts for things that cost more than £10.\n\n"
        "Our help page explains what happens. If the date in our letter is hard for you, reply and we will agree a new one.",
    ),
    DemoCannedReply(
        "What a direct payment can pay for",
        "what-your-direct-payment-can-pay-for",
        "Thank you for checking with us first.\n\n"
        "You can use your direct payment for anything in your support plan that meets the outcomes you agreed "
        "with your social worker. It cannot pay for everyday bills such as food or rent.\n\n"
        "Our help page has examples. If you tell us what you would like to buy and how it helps you, we will "
        "let you know whether it fits your plan.",
    ),
    DemoCannedReply(
        "Ending a direct payment",
        "ending-your-direct-payment",
        "Thank you for telling us.\n\n"
        "You can choose to stop your direct payment at any time, and the council will still make sure your needs "
        "are met. If you employ a PA, you will need to give them notice and pay what they are owed. Your budget "
        "can cover this.\n\n"
        "Our help page explains the steps. An adviser can go through them with you: reply to this message with a "
        "good time to phone you.",
    ),
    DemoCannedReply(
        "Employer's liability insurance",
        "employers-liability-insurance",
        "Thank you for your question about insurance.\n\n"
        "If you employ a personal assistant, the law says you must have employer's liability insurance from their "
        "first day. The cost is part of your direct payment budget.\n\n"
        "Our help page explains what to look for. Reply to this message if you would like a list of insurers other "
        "employers use.",
    ),
)


def _user(email: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        raise LookupError(f"The demo account {email} is missing: seed the demo accounts first.")
    return user


@transaction.atomic
def seed_demo_help() -> list[str]:
    manager, adviser = _user(MANAGER_EMAIL), _user(ADVISER_EMAIL)
    owners = {MANAGER_EMAIL: manager, ADVISER_EMAIL: adviser}
    teams = {name: Team.objects.update_or_create(name=name, defaults={"lead": manager})[0] for name in TEAMS}

    topics = {}
    rules = 0
    for demo in TOPICS:
        topic, _ = Topic.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "description": demo.description,
                "order": demo.order,
                "team": teams[demo.team],
            },
        )
        topics[demo.slug] = topic
        for phrase, weight in demo.rules:
            TopicRule.objects.update_or_create(
                topic=topic, phrase=phrase, defaults={"weight": weight, "created_by": manager}
            )
            rules += 1

    today = timezone.localdate()
    articles = {}
    for demo_article in ARTICLES:
        article, _ = Article.objects.update_or_create(
            slug=demo_article.slug,
            defaults={
                "title": demo_article.title,
                "summary": demo_article.summary,
                "topic": topics[demo_article.topic],
                "audience": demo_article.audience,
                "body": demo_article.body.strip(),
                "easy_read_body": demo_article.easy_read.strip(),
                "keywords": demo_article.keywords,
                "owner": owners[demo_article.owner],
                "review_by": today + timedelta(days=demo_article.review_in_days),
                "is_published": True,
            },
        )
        articles[demo_article.slug] = article

    for demo_reply in CANNED_REPLIES:
        article = articles[demo_reply.article]
        CannedReply.objects.update_or_create(
            title=demo_reply.title,
            defaults={"body": demo_reply.body, "article": article, "topic": article.topic, "is_active": True},
        )

    easy_read = sum(1 for demo in ARTICLES if demo.easy_read)
    overdue = sum(1 for demo in ARTICLES if demo.review_in_days < 0)
    return [
        f"Help centre: {len(TEAMS)} teams, {len(TOPICS)} topics with {rules} phrases, "
        f"{len(ARTICLES)} articles ({easy_read} in Easy Read, {overdue} overdue for review), "
        f"{len(CANNED_REPLIES)} canned replies."
    ]
