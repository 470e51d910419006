"""How a statement is laid out on paper: a letterhead that names the service once, rows that stay on one line
each, and no heading or caption left at the foot of a page away from its table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from weasyprint.formatting_structure import boxes

from recipients.pdf import laid_out, letterhead_address

STATEMENT = "recipients/pdf/statement.html"

# A typical demo person's three-month statement: three payments made every four weeks, one to come, one balance.
TYPICAL: dict[str, Any] = {
    "person": {"full_name": "Margaret Ellis", "council_reference": "HCC0000001"},
    "period": {"start": "2 September 2026", "end": "1 December 2026"},
    "direct_payment": {"kind": "Ongoing", "payment_method": "Virtual Wallet", "council_amount_weekly": "£385.00"},
    "payments": [
        {"date": date, "what": what, "counted": counted, "reference": f"DEMO-HCC0000001-{n:02d}", "amount": "£1,540.00"}
        for n, (date, what, counted) in enumerate(
            [
                ("9 September 2026", "Paid", True),
                ("7 October 2026", "Paid", True),
                ("4 November 2026", "Paid", True),
                ("2 December 2026", "Scheduled", False),
            ],
            start=5,
        )
    ],
    "totals": {
        "paid": "£4,620.00",
        "adjusted": "£0.00",
        "recovered": "£0.00",
        "received": "£4,620.00",
        "received_weeks": "12",
    },
    "balances": [{"date": "1 December 2026", "balance": "£2,310.00", "weeks": "6"}],
    "made_on": "2 December 2026",
}


def lines(box, tags: tuple[str, ...] = ()) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each line drawn, with its text and the tags of the elements it sits in."""
    tags = (*tags, box.element_tag) if getattr(box, "element_tag", None) else tags
    if isinstance(box, boxes.LineBox):
        yield " ".join(text for text in texts(box) if text.strip()), tags
        return
    for child in getattr(box, "children", None) or []:
        yield from lines(child, tags)


def texts(box) -> Iterator[str]:
    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", None) or []:
        yield from texts(child)


def pages(*, large_print: bool) -> list[list[tuple[str, tuple[str, ...]]]]:
    document = laid_out(template=STATEMENT, context=TYPICAL, large_print=large_print)
    return [list(lines(page._page_box)) for page in document.pages]


def test_the_letterhead_names_the_service_once():
    first_page = " ".join(text for text, _ in pages(large_print=False)[0])
    assert first_page.count(settings.SERVICE["name"]) == 1
    assert letterhead_address(settings.SERVICE) in first_page


def test_the_address_keeps_a_name_that_is_not_the_services():
    service = {"name": "Direct Payments Support Service", "address": "The Castle, Winchester SO23 8UJ"}
    assert letterhead_address(service) == "The Castle, Winchester SO23 8UJ"
    assert letterhead_address({**service, "address": f"{service['name']}, {service['address']}"}) == service["address"]


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large-print"])
def test_each_payment_is_one_line_and_no_heading_ends_a_page(large_print):
    laid = pages(large_print=large_print)
    for page in laid:
        # The page number is drawn in the margin, after the body: the body's last line is the one before.
        body = [(text, tags) for text, tags in page if "body" in tags]
        last_text, last_tags = body[-1]
        assert not {"h1", "h2", "caption", "th"} & set(last_tags), f"{last_text!r} ends a page"
    drawn = [text for page in laid for text, tags in page if "td" in tags]
    for payment in TYPICAL["payments"]:
        assert payment["date"] in drawn and payment["reference"] in drawn
    # About a page and a third of content at 12 pt (a page and a half at 18 pt): what spills over is whole
    # sections, the balances and the help, not a stray heading or half a row.
    assert len(laid) <= (3 if large_print else 2)
