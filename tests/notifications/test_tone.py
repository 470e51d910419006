"""Recipient-facing words (docs/domain.md#words): no template or message may use them."""

from pathlib import Path

import pytest
from django.conf import settings

from dpss.notifications.services import render_message
from dpss.notifications.tone import unwelcome_words

TEMPLATE_ROOTS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]


def all_templates():
    for root in TEMPLATE_ROOTS:
        yield from (p for p in root.rglob("*") if p.suffix in {".html", ".txt"})


def test_the_tone_check_catches_the_words_it_should():
    found = unwelcome_words(
        "Following an audit of your account, the service user must repay misspent funds (clawback)."
    )
    assert {word.lower() for word, _ in found} == {"audit", "service user", "misspent", "clawback"}
    assert unwelcome_words("Your financial check-up is due. We will talk with you first.") == []


@pytest.mark.parametrize("path", sorted(all_templates()), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_uses_unwelcome_words(path):
    assert unwelcome_words(path.read_text()) == []


def test_every_message_template_renders_in_plain_words():
    message_dirs = sorted((Path(settings.BASE_DIR) / "templates" / "notifications").glob("*/body.txt"))
    assert message_dirs, "no message templates found"
    for body in message_dirs:
        subject, text = render_message(template=body.parent.name, context={"full_name": "Margaret Ellis"})
        assert subject and text.strip()
        assert unwelcome_words(subject + text) == []
