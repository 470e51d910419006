"""Every message about a query goes out through the outbox from here, in the person's preferred format.

Each message template lives in `templates/notifications/<template>/` with
`subject.txt` and `body.txt`; a template may also have `body_easy_read.txt`,
used for someone whose format preference is Easy Read. Large print has no
meaning for an email, so it gets the standard body. Someone who asked to be
replied to by phone or letter gets no email: staff see that on the query page.
"""

from __future__ import annotations

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from dpss.notifications.services import outbox_enqueue_rendered
from recipients.models import FormatPreference

from ..models import Query, ReplyBy


def requester_email(query: Query) -> str:
    """Where we write to the person who asked, or "" when they asked us not to email."""
    if query.reply_by != ReplyBy.EMAIL:
        return ""
    if query.requester_id and query.requester.is_active:
        return query.requester.email
    return query.requester_email


def wants_easy_read(query: Query) -> bool:
    """The person who asked, or the person the query is about when they asked themselves, prefers Easy Read."""
    about = query.about
    if about is not None and about.format_preference == FormatPreference.EASY_READ:
        asked_themselves = query.requester_id is not None and about.user_id == query.requester_id
        return asked_themselves or query.requester_id is None
    return False


def message_to_requester(*, query: Query, template: str, key: str, context: dict | None = None) -> bool:
    """Write one message to the person who asked; the same key twice is one message. False if we cannot email."""
    to = requester_email(query)
    if not to:
        return False
    full_context = {
        "service": settings.SERVICE,
        "site_url": settings.SITE_URL,
        "query": query,
        "name": query.requester.get_short_name() if query.requester_id else query.requester_name,
        **(context or {}),
    }
    body_template = f"notifications/{template}/body.txt"
    if wants_easy_read(query):
        try:
            get_template(f"notifications/{template}/body_easy_read.txt")
            body_template = f"notifications/{template}/body_easy_read.txt"
        except TemplateDoesNotExist:
            pass
    subject = " ".join(render_to_string(f"notifications/{template}/subject.txt", full_context).split())
    body = render_to_string(body_template, full_context).strip() + "\n"
    outbox_enqueue_rendered(key=key, to=to, template=template, subject=subject, body=body)
    return True


def message_to_staff(*, to: str, template: str, key: str, context: dict) -> None:
    """An alert to a member of staff (a team lead, a manager)."""
    from dpss.notifications.services import outbox_enqueue_email

    outbox_enqueue_email(key=key, to=to, template=template, context=context)
