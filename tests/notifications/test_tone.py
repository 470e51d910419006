"""Recipient-facing words (docs/domain.md#words): no template or message may use them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from dpss.notifications.services import render_message
from dpss.notifications.tone import kinder_words, unwelcome_words, words_check

TEMPLATE_ROOTS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]


def all_templates():
    for root in TEMPLATE_ROOTS:
        yield from (p for p in root.rglob("*") if p.suffix in {".html", ".txt"})


@pytest.mark.parametrize(
    ("text", "word", "kinder"),
    [
        ("We suspect fraud.", "fraud", "a question about how the money was spent"),
        ("This was unauthorised.", "unauthorised", "not in your support plan"),
        ("Misspending of the budget", "Misspending", "spending that is not in your support plan"),
        ("Any misuse of funds", "misuse", "spending that is not in your support plan"),
        ("Each service-user must", "service-user", "the person's name, or “you”"),
        ("We will refer your case to the council.", "refer your case", "we will talk with you about what happens next"),
        ("We may suspend the payments.", "suspend", "pause"),
        (
            "You may be moved to commissioned care.",
            "commissioned care",
            "care and support the council arranges for you",
        ),
    ],
)
def test_the_tone_check_catches_the_words_of_the_old_letters(text, word, kinder):
    assert unwelcome_words(text) == [(word, kinder)]
    offered = kinder if "“" in kinder else f"“{kinder}”"
    assert kinder_words(text) == [f"The person will read this: instead of “{word}”, write {offered}"]


def test_words_check_refuses_on_each_field_unless_staff_keep_their_words():
    with pytest.raises(ValidationError) as refused:
        words_check(body="An audit.", note="Fine.", reason="We may suspend it.")
    assert set(refused.value.message_dict) == {"body", "reason"}
    words_check(keep=True, body="An audit.")
    words_check(body="Your financial check-up is due.")


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
