"""Every message about a query goes out through the outbox from here, in the person's preferred format.

Each message template lives in `templates/notifications/<template>/` with
`subject.txt` and `body.txt`; a template may also have `body_easy_read.txt`,
used for someone whose format preference is Easy Read. Large print has no
meaning for an email, so it gets the standard body. Someone who asked to be
replied to by phone or letter gets no email: staff see that on the query page.
Nor does someone who asked as a person's representative once that authority
has ended: what we say about the person after that is not theirs to read
(docs/domain.md#queries-about-a-person).
"""

from __future__ import annotations

from typing import Any

from dpss.notifications.services import outbox_enqueue_email, outbox_enqueue_rendered, render_message
from recipients.models import FormatPreference, Representative

from ..models import Query


def requester_email(query: Query) -> str:
    """Where we write to the person who asked, or "" when they asked us not to email."""
    if query.reply_by != Query.ReplyBy.EMAIL:
        return ""
    requester = query.requester
    if requester is not None and requester.is_active:
        return "" if _authority_ended(query) else requester.email
    return query.requester_email


def _authority_ended(query: Query) -> bool:
    """The requester asked as the person's representative and may no longer see the person."""
    if query.raised_as != Query.RaisedAs.REPRESENTATIVE or query.about_id is None:
        return False
    authority = Representative.objects.in_force().filter(
        user_id=query.requester_id, recipient_id=query.about_id, can_see=True
    )
    return not authority.exists()


def wants_easy_read(query: Query) -> bool:
    """The person who asked, or the person the query is about when they asked themselves, prefers Easy Read."""
    about = query.about
    if about is not None and about.format_preference == FormatPreference.EASY_READ:
        asked_themselves = query.requester_id is not None and about.user_id == query.requester_id
        return asked_themselves or query.requester_id is None
    return False


def message_to_requester(*, query: Query, template: str, key: str, context: dict[str, Any] | None = None) -> bool:
    """Write one message to the person who asked; the same key twice is one message. False if we cannot email."""
    to = requester_email(query)
    if not to:
        return False
    name = query.requester.get_short_name() if query.requester is not None else query.requester_name
    subject, body = render_message(
        template=template,
        context={"query": query, "name": name, **(context or {})},
        easy_read=wants_easy_read(query),
    )
    outbox_enqueue_rendered(key=key, to=to, template=template, subject=subject, body=body)
    return True


def message_to_staff(*, to: str, template: str, key: str, context: dict[str, Any]) -> None:
    """An alert to a member of staff (a team lead, a manager)."""
    outbox_enqueue_email(key=key, to=to, template=template, context=context)
