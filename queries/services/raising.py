"""Raising a query: who may ask, about whom, how we reply, the topic, the reference and the acknowledgement.

Anyone may ask (the issue's "raising a query"): a recipient about their own
direct payment, a representative about a person they act for today
(docs/domain.md#roles: only within the authority recorded), a practitioner,
a personal assistant, or someone without an account, who leaves a name, a
way to reply and their consent to our keeping those details (UK GDPR).
Staff logging a call or a letter raise it for someone without an account.

The topic is suggested from the words used (services/topics.py) and staff
see why; the query goes to that topic's team. The person gets a reference
like DPSS-2026-000123 at once, and an acknowledgement through the outbox
saying what happens next. Someone without an account reaches their query
only through a link with a random token; only its SHA-256 hash is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import Role, User
from dpss.accounts.types import AnyUser
from dpss.text import clean_text, text_checked
from dpss.tokens import link_token_hash, link_token_new
from recipients.models import Recipient
from recipients.rules import can_act_for

from ..models import HelpOffer, Query, QueryEvent, Topic
from . import attachments as files
from .help import help_offer_asked
from .messages import message_to_requester
from .timeline import event_add, query_reference_next
from .topics import TopicSuggestion, topic_default, topic_suggest

SUBJECT_MOST = 150
DESCRIPTION_MOST = 5000
NAME_MOST = 200
PHONE_MOST = 30
AREA_MOST = 64
FIRST_CONTACT_PROMISE = "We aim to contact you within one working day."


@dataclass(frozen=True)
class RaisedQuery:
    query: Query
    # For someone without an account: the link to their query. Shown once and emailed; never stored.
    link_token: str = ""


def _signed_in(user: AnyUser | None) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


@dataclass
class _Who:
    requester: User | None
    role: str
    about: Recipient | None
    # Who the requester is to `about` now (docs/domain.md#queries-about-a-person).
    raised_as: str = Query.RaisedAs.THIRD_PARTY


@transaction.atomic
def query_raise(
    *,
    actor: AnyUser | None,
    subject: str,
    description: str,
    about: Recipient | None = None,
    requester_name: str = "",
    requester_email: str = "",
    requester_phone: str = "",
    reply_by: str = Query.ReplyBy.EMAIL,
    consent: bool = False,
    area: str = "",
    attachments: Sequence[UploadedFile] = (),
    help_offer: HelpOffer | None = None,
    channel: str = Query.Channel.PORTAL,
) -> RaisedQuery:
    """Record a new query, put it on its timeline and acknowledge it. All problems are reported at once."""
    errors: dict[str, list[str]] = {}
    user = _signed_in(actor)
    text = _text(subject=subject, description=description, errors=errors)
    who = _who(user=user, about=about, channel=channel, errors=errors)
    contact = _contact(
        who=who,
        user=user,
        name=requester_name,
        email=requester_email,
        phone=requester_phone,
        reply_by=reply_by,
        consent=consent,
        errors=errors,
    )
    try:
        files.attachments_check(attachments)
    except ValidationError as error:
        errors_merge(errors, error)
    if errors:
        raise ValidationError(errors)

    query = _create(text=text, who=who, contact=contact, area=area, channel=channel, help_offer=help_offer)
    link_token = link_token_give(query) if query.requester_id is None else ""
    raised = event_add(query=query, kind=QueryEvent.Kind.RAISED, actor=user, body=query.description, is_public=True)
    files.attachments_save(event=raised, files=attachments)
    acknowledgement_send(query=query, link_token=link_token)
    return RaisedQuery(query=query, link_token=link_token)


def link_token_give(query: Query) -> str:
    """A new link for someone without an account to reach `query`: only its hash is kept; the token is
    returned once, for the acknowledgement (services/intake.py uses it too, for queries staff log)."""
    link_token = link_token_new()
    query.access_token_hash = link_token_hash(link_token)
    query.save(update_fields=["access_token_hash"])
    return link_token


def query_link_path(query: Query, link_token: str = "") -> str:
    """Where the person sees their query: their account's page, or the link with the token."""
    if query.requester_id is None and link_token:
        return reverse("queries:query_link", kwargs={"token": link_token})
    return reverse("queries:query_detail", kwargs={"reference": query.reference})


def _text(*, subject: str, description: str, errors: dict[str, list[str]]) -> dict[str, str]:
    return {
        "subject": text_collect(
            subject,
            field="subject",
            what="a short subject, like “Paying my PA for a bank holiday”",
            most=SUBJECT_MOST,
            errors=errors,
        ),
        "description": text_collect(
            description, field="description", what="what you need help with", most=DESCRIPTION_MOST, errors=errors
        ),
    }


def errors_merge(errors: dict[str, list[str]], error: ValidationError) -> None:
    """Add a service's refusal to the `errors` collected so far, field by field."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    else:
        errors.setdefault("__all__", []).extend(error.messages)


def text_collect(
    value: object, *, field: str, what: str, most: int, errors: dict[str, list[str]], required: bool = True
) -> str:
    """`text_checked`, its refusal added to `errors` (and "" returned) so every field is checked at once."""
    try:
        return text_checked(value, field=field, what=what, most=most, required=required)
    except ValidationError as error:
        errors_merge(errors, error)
        return ""


def _who(*, user: User | None, about: Recipient | None, channel: str, errors: dict[str, list[str]]) -> _Who:
    """Who is asking (their role, for the reports) and whom the query is about."""
    if user is None:
        if about is not None:
            errors.setdefault("about", []).append(
                "Sign in to ask about a person's direct payment, or leave out whose it is."
            )
        return _Who(requester=None, role=Query.RequesterRole.PUBLIC, about=None)
    if about is not None:
        if about.user_id == user.pk:
            return _Who(
                requester=user, role=Query.RequesterRole.RECIPIENT, about=about, raised_as=Query.RaisedAs.PERSON
            )
        if can_act_for(user, about):
            return _Who(
                requester=user,
                role=Query.RequesterRole.REPRESENTATIVE,
                about=about,
                raised_as=Query.RaisedAs.REPRESENTATIVE,
            )
        errors.setdefault("about", []).append(
            "You can only ask about yourself or a person you act for today. Choose a person from the list, "
            "or ask a general question. If you should be able to act for this person, call us."
        )
        return _Who(requester=user, role=Query.RequesterRole.PUBLIC, about=None)
    own = Recipient.objects.filter(user=user).first() if Role.RECIPIENT in user.roles else None
    if own is not None:
        return _Who(requester=user, role=Query.RequesterRole.RECIPIENT, about=own, raised_as=Query.RaisedAs.PERSON)
    return _Who(requester=user, role=_role_of(user), about=None)


def _role_of(user: User) -> str:
    for role, requester_role in (
        (Role.RECIPIENT, Query.RequesterRole.RECIPIENT),
        (Role.REPRESENTATIVE, Query.RequesterRole.REPRESENTATIVE),
        (Role.PRACTITIONER, Query.RequesterRole.PRACTITIONER),
        (Role.PERSONAL_ASSISTANT, Query.RequesterRole.PERSONAL_ASSISTANT),
    ):
        if role in user.roles:
            return requester_role
    return Query.RequesterRole.PUBLIC


def _contact(
    *,
    who: _Who,
    user: User | None,
    name: str,
    email: str,
    phone: str,
    reply_by: str,
    consent: bool,
    errors: dict[str, list[str]],
) -> dict[str, Any]:
    """The name and the way to reply; for someone without an account, with their consent."""
    try:
        name, email, phone = (
            clean_text(name, field="requester_name"),
            clean_text(email, field="requester_email"),
            clean_text(phone, field="requester_phone"),
        )
    except ValidationError as error:
        errors_merge(errors, error)
        return {}
    if reply_by not in Query.ReplyBy.values:
        errors.setdefault("reply_by", []).append("Choose how you would like us to reply: by email or by phone")
    elif reply_by == Query.ReplyBy.LETTER and who.about is None:
        errors.setdefault("reply_by", []).append("We need an address to write to. Choose email or phone instead.")
    if who.requester is not None:
        # `_who` names a requester only when someone is signed in: it is this user.
        assert user is not None
        name = str(user)
        email = email or user.email
    else:
        _check_name_and_consent(name=name, consent=consent, errors=errors)
        if reply_by == Query.ReplyBy.EMAIL or email:
            email_check(email, errors=errors)
    if reply_by == Query.ReplyBy.PHONE:
        phone_check(phone, errors=errors)
    elif not phone_is_valid(phone):
        # Not the way they chose to hear from us: a number they typed and then left is not checked, and a
        # bad one is not kept, so it cannot stop them sending (issue 11, item 18).
        phone = ""
    return {"name": name[:NAME_MOST], "email": email, "phone": phone, "reply_by": reply_by, "consent": bool(consent)}


def _check_name_and_consent(*, name: str, consent: bool, errors: dict[str, list[str]]) -> None:
    if not name:
        errors.setdefault("requester_name", []).append("Enter your name, so we know who to reply to")
    elif len(name) > NAME_MOST:
        errors.setdefault("requester_name", []).append(f"Your name must be {NAME_MOST} characters or fewer")
    if consent is not True:
        errors.setdefault("consent", []).append(
            "Tick the box to say we may keep your name and contact details to answer you. "
            "If you would rather not, call us instead."
        )


def email_check(email: str, *, errors: dict[str, list[str]]) -> None:
    if not email:
        errors.setdefault("requester_email", []).append(
            "Enter your email address, so we can reply. Or choose to be called instead."
        )
        return
    try:
        validate_email(email)
    except ValidationError:
        errors.setdefault("requester_email", []).append(
            "Enter an email address in the correct format, like name@example.com"
        )
    else:
        if len(email) > 254:
            errors.setdefault("requester_email", []).append("Enter an email address of 254 characters or fewer")


def phone_is_valid(phone: str) -> bool:
    """At least 10 digits, written with digits, spaces, "+", brackets and hyphens only."""
    digits = [ch for ch in phone if ch.isdigit()]
    return len(phone) <= PHONE_MOST and len(digits) >= 10 and all(ch in "0123456789 +()-" for ch in phone)


def phone_check(phone: str, *, errors: dict[str, list[str]]) -> None:
    if not phone:
        errors.setdefault("requester_phone", []).append("Enter a phone number, so we can call you back")
    elif not phone_is_valid(phone):
        errors.setdefault("requester_phone", []).append("Enter a phone number, like 01632 960 001 or 07700 900 982")


def _create(
    *, text: dict[str, str], who: _Who, contact: dict[str, Any], area: str, channel: str, help_offer: HelpOffer | None
) -> Query:
    topic, suggestion = topic_for_text(f"{text['subject']}\n{text['description']}")
    if channel not in Query.Channel.values:
        raise ValidationError({"channel": "Choose how the query reached us."})
    query = Query(
        reference=query_reference_next(),
        channel=channel,
        requester=who.requester,
        requester_role=who.role,
        requester_name=contact["name"],
        requester_email=contact["email"],
        requester_phone=contact["phone"],
        reply_by=contact["reply_by"],
        consent_given_at=timezone.now() if who.requester is None else None,
        about=who.about,
        raised_as=who.raised_as,
        area=(who.about.area if who.about is not None else clean_text(area, field="area"))[:AREA_MOST],
        subject=text["subject"],
        description=text["description"],
        topic=topic,
        suggested_topic=suggestion.topic if suggestion else None,
        topic_reason=(suggestion.reason if suggestion else "")[:300],
        team=topic.team,
        help_offer=_unused(help_offer),
    )
    query.full_clean(exclude=["requester", "about", "topic", "suggested_topic", "team", "help_offer"])
    query.save()
    if query.help_offer is not None:
        help_offer_asked(offer=query.help_offer)
    return query


def topic_for_text(text: str) -> tuple[Topic, TopicSuggestion | None]:
    suggestion = topic_suggest(text=text)
    if suggestion is not None:
        return suggestion.topic, suggestion
    return topic_default(), None


def _unused(offer: HelpOffer | None) -> HelpOffer | None:
    """The help offer, unless another query already took it (a form sent twice)."""
    if offer is None or Query.objects.filter(help_offer=offer).exists():
        return None
    return offer


def acknowledgement_send(*, query: Query, link_token: str) -> None:
    """The acknowledgement: on the timeline (it is not first contact) and, if we may email, in the outbox."""
    path = query_link_path(query, link_token)
    sent = message_to_requester(
        query=query,
        template="query_acknowledged",
        key=f"query-acknowledged:{query.pk}",
        context={"reference": query.reference, "path": path, "promise": FIRST_CONTACT_PROMISE},
    )
    how = "We sent an acknowledgement by email." if sent else "We showed the reference on screen."
    event_add(
        query=query,
        kind=QueryEvent.Kind.ACKNOWLEDGED,
        body=f"We have your query. Your reference is {query.reference}. {FIRST_CONTACT_PROMISE} {how}",
        is_public=True,
    )
