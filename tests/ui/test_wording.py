"""One way to write a time or date everywhere (dpss.formatting, the `when` and `clock` filters), and the
helpers that put words into sentences (docs/domain.md#words)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone

from dpss.formatting import clock_time, date_and_time
from dpss.text import UNUSUAL_CHARACTER, too_long_message, unusual_character_message
from dpss.ui.forms import text_field
from queries.forms.raising import ProblemForm
from recipients.models import DirectPayment

LONDON_WINTER = datetime(2026, 12, 2, 6, 5, tzinfo=UTC)  # 6:05am in London (GMT)
LONDON_SUMMER = datetime(2026, 7, 1, 5, 14, tzinfo=UTC)  # 6:14am in London (BST)


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (time(6, 5), "6:05am"),
        (time(18, 30), "6:30pm"),
        (time(12, 0), "midday"),
        (time(0, 0), "midnight"),
        (time(0, 1), "12:01am"),
        (time(12, 45), "12:45pm"),
        (LONDON_SUMMER, "6:14am"),
        (None, ""),
    ],
)
def test_clock_time_is_gov_uk_style(moment, words):
    assert clock_time(moment) == words


def test_date_and_time_in_each_style():
    with timezone.override("Europe/London"):
        assert date_and_time(LONDON_WINTER) == "2 December 2026 at 6:05am"
        assert date_and_time(LONDON_WINTER, style="short") == "2 Dec 2026 at 6:05am"
        assert date_and_time(LONDON_WINTER, style="weekday") == "Wednesday 2 December 2026 at 6:05am"
        assert date_and_time(None) == ""


def test_the_template_filters_say_the_same():
    rendered = Template(
        '{% load dpss_dates %}{{ m|when }}|{{ m|when:"short" }}|{{ m|clock }}|{{ nothing|when }}'
    ).render(Context({"m": LONDON_WINTER, "nothing": None}))
    assert rendered == "2 December 2026 at 6:05am|2 Dec 2026 at 6:05am|6:05am|"


def _templates():
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    for root in roots:
        yield from (p for p in root.rglob("*") if p.suffix in {".html", ".txt"})


def test_no_template_writes_a_time_its_own_way():
    """ "g:ia" gives "6:05a.m.", "H:i" gives "06:05": times go through `when` or `clock`."""
    own_way = re.compile(r"\|(date|time):\s*[\"'][^\"']*[gGhHiaAP][^\"']*[\"']")
    found = [
        str(p.relative_to(settings.BASE_DIR))
        for p in _templates()
        for match in own_way.finditer(p.read_text())
        if match.group(0) not in ('|date:"c"', "|date:'c'")
    ]
    assert found == []


def test_too_long_message_names_the_text_in_a_sentence():
    assert too_long_message("your question", 5000) == "Your question must be 5,000 characters or fewer"


def test_no_form_names_its_text_with_a_label_or_question():
    """`what` goes into “Enter …” and “… must be 5,000 characters or fewer”: never “What do you need help with?”."""
    sources = [p for p in Path(settings.BASE_DIR).glob("*/forms/*.py")] + list(
        Path(settings.BASE_DIR).glob("*/forms.py")
    )
    sources += list(Path(settings.BASE_DIR).glob("dpss/*/forms.py"))
    bad = [
        f"{p.name}: {match.group(0)}"
        for p in sources
        for match in re.finditer(r"what=\"([A-Z][^\"]*|[^\"]*\?)\"", p.read_text())
    ]
    assert bad == []


def test_a_question_form_says_your_question_is_too_long():
    form = ProblemForm(data={"subject": "Holiday pay", "description": "x" * 5001})
    assert not form.is_valid()
    assert form.errors["description"] == ["Your question must be 5,000 characters or fewer"]


def test_the_nul_character_has_one_wording():
    assert unusual_character_message() == UNUSUAL_CHARACTER
    assert unusual_character_message("the full_name cell").startswith("Remove the unusual character from ")
    field = text_field("Your name", what="your name")
    with pytest.raises(ValidationError) as refused:
        field.clean("Sam\x00")
    assert refused.value.messages == [UNUSUAL_CHARACTER]


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("ongoing", "Ongoing direct payment"),
        ("one_off", "One-off direct payment"),
        ("carer", "Carer's direct payment"),
        ("children", "Children's direct payment"),
    ],
)
def test_the_kind_of_direct_payment_is_named_once(kind, name):
    assert DirectPayment(kind=kind).kind_name == name


@pytest.mark.parametrize(
    ("method", "words"),
    [("bank_account", "bank account"), ("prepaid_card", "prepaid card"), ("virtual_wallet", "Virtual Wallet")],
)
def test_the_payment_method_reads_in_a_sentence(method, words):
    assert DirectPayment(payment_method=method).payment_method_words == words
