"""The check-up outcome letters and emails: plain English, what stays the same first, Easy Read when asked."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from dpss.notifications.services import render_message
from dpss.notifications.tone import unwelcome_words
from recipients.models import FinancialCheckup
from recipients.pdf import render_pdf
from recipients.services.checkups import LETTER_TEMPLATE, LETTER_TEMPLATE_EASY_READ
from tests.recipients.pdfcheck import font_sizes_pt

OUTCOMES = FinancialCheckup.Outcome.values
FACTS = {
    "title": "Your financial check-up",
    "date": "2 March 2026",
    "name": "Joan",
    "address": ["Joan Price", "1 High Street", "Winchester", "SO23 8UJ"],
    "reference": "HCC0000001",
    "period_start": "5 January 2026",
    "period_end": "23 February 2026",
    "note": "Please send the March bank statement.",
    "adviser": "Sian Morgan",
}


def letter_html(template: str, outcome: str) -> str:
    return render_to_string(
        template, {**FACTS, "outcome": outcome, "service": settings.SERVICE, "font_size_pt": 12, "large_print": False}
    )


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("template", [LETTER_TEMPLATE, LETTER_TEMPLATE_EASY_READ])
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_letter_starts_with_what_stays_the_same_and_offers_help_and_the_way_to_complain(template, outcome):
    text = plain(letter_html(template, outcome))
    assert unwelcome_words(text) == []
    assert text.index("What stays the same") < text.index("What we found")
    assert "complaint" in text
    assert settings.SERVICE["phone"] in text
    assert "Please send the March bank statement." in text


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_the_easy_read_letter_has_one_short_sentence_per_line(outcome):
    html = letter_html(LETTER_TEMPLATE_EASY_READ, outcome)
    body = html.split('<div class="easy-read">')[1].split("</div>")[0]
    lines = [plain(p) for p in re.findall(r"<p>(.*?)</p>", body, re.DOTALL)]
    sentences = [line for line in lines if line.endswith(".")]
    assert len(sentences) >= 8
    for line in sentences:
        if line == FACTS["note"] or line.startswith(FACTS["address"][0]):
            continue  # the adviser's own words, and the address
        assert line.count(". ") == 0, f"more than one sentence: {line}"
        assert len(line.split()) <= 12, f"too long for Easy Read: {line}"


@pytest.mark.parametrize("event", ["opened", "sent", "outcome"])
@pytest.mark.parametrize("online", [True, False])
@pytest.mark.parametrize("on_behalf", [True, False])
def test_every_check_up_email_is_friendly_and_offers_help(event, online, on_behalf):
    context = {
        "name": "David" if on_behalf else "Joan",
        "on_behalf": on_behalf,
        "person_name": "Joan Price",
        "period_start": date(2026, 1, 5),
        "period_end": date(2026, 2, 23),
        "due_date": date(2026, 3, 9),
        "online": online,
        "account": "Virtual Wallet",
        "receipts_over": 10,
        "path": "/direct-payment/1/check-up/1/",
        "outcome": "talk_about_spending",
        "outcome_note": "About the gym membership.",
    }
    subject, body = render_message(template=f"checkup_{event}", context=context)
    text = " ".join(body.split())
    assert unwelcome_words(subject + body) == []
    assert settings.SERVICE["phone"] in text
    assert ("Joan Price" in text) is on_behalf
    assert "/direct-payment/1/check-up/1/" in text


@pytest.mark.parametrize("template", [LETTER_TEMPLATE, LETTER_TEMPLATE_EASY_READ])
def test_the_letters_render_as_pdfs_in_large_print(template):
    pdf = render_pdf(template=template, context={**FACTS, "outcome": "talk_about_spending"}, large_print=True)
    assert pdf.startswith(b"%PDF-")
    assert min(font_sizes_pt(pdf)) >= 16  # docs/quality.md#large-print: at least 16 pt, page numbers included
