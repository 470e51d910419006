"""Council references are checked on every way in, and file names are built from safe parts only.

A reference with a new line, a quote, a slash or a formula used to be
imported, and then broke the history download (500 BadHeaderError) and the
statement of that person (SuspiciousFileOperation, retried for ever).
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from dpss.accounts.models import Role
from dpss.exports import attachment_disposition, safe_filename
from dpss.notifications.models import OutboxMessage
from recipients import tasks
from recipients.models import Document, DocumentVersion, ImportRun, Recipient
from recipients.services import imports
from recipients.services.documents import document_request, document_version_render
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, statement_context
from tests.recipients.import_files import PAYMENTS_HEADER, PEOPLE_HEADER, csv_bytes, payment, person_row

pytestmark = pytest.mark.django_db

BAD_REFERENCES = [
    "HCC\n0000101",
    'HCC"0000101',
    "HCC'1",
    "../../etc",
    "=cmd|' /C calc'!A0",
    "HCC 0000101",
    "HCC/1",
    "HCC--1",
]
REFERENCE_RULE = "council_reference: A council reference is letters and digits"


def run_import(kind, content: bytes, **kwargs) -> ImportRun:
    run = imports.import_run_create(kind=kind, name="file.csv", content=content, actor=None, publish=False, **kwargs)
    imports.import_run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize("reference", BAD_REFERENCES)
def test_an_import_row_with_an_unsafe_council_reference_is_rejected_saying_how_to_fix_it(reference):
    rows = [person_row("HCC0000101"), person_row(reference, name="Someone Else")]
    run = run_import(ImportRun.Kind.RECIPIENTS, csv_bytes(PEOPLE_HEADER, rows), skip_invalid=True)
    assert run.status == ImportRun.Status.DONE
    assert [e["row"] for e in run.errors] == [3]
    assert run.errors[0]["reason"].startswith(REFERENCE_RULE)
    assert "Remove any spaces, slashes, quotes or other signs" in run.errors[0]["reason"]
    assert list(Recipient.objects.values_list("council_reference", flat=True)) == ["HCC0000101"]


def test_a_payments_row_naming_an_unsafe_council_reference_is_rejected_too():
    DirectPaymentFactory(recipient=RecipientFactory(council_reference="HCC0000101"))
    row = payment()
    row[0] = "../../etc"
    run = run_import(ImportRun.Kind.PAYMENTS, csv_bytes(PAYMENTS_HEADER, [row]), skip_invalid=False)
    assert run.status == ImportRun.Status.REJECTED
    assert run.errors[0]["reason"].startswith(REFERENCE_RULE)


@pytest.mark.parametrize("reference", BAD_REFERENCES)
def test_the_model_refuses_an_unsafe_reference_for_every_form_and_the_admin(reference):
    person = RecipientFactory.build(council_reference=reference)
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "council_reference" in refused.value.message_dict


def test_the_admin_form_for_a_person_refuses_an_unsafe_reference_with_the_rule(admin_user):
    person = RecipientFactory(council_reference="HCC0000101")
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = admin.site._registry[Recipient].get_form(request, person)
    data = {**model_to_dict(person), "council_reference": "../../etc"}
    form = form_class(data=data, instance=person)
    assert not form.is_valid()
    assert form.errors["council_reference"] == [
        "A council reference is letters and digits, with single hyphens between them if you need them, like "
        "HCC0000101. Remove any spaces, slashes, quotes or other signs."
    ]


@pytest.mark.parametrize("reference", ["HCC0000101", "A1", "HCC-2024-0001"])
def test_ordinary_references_are_accepted(reference):
    RecipientFactory.build(council_reference=reference).full_clean(exclude=["user"])


@pytest.mark.parametrize("reference", ["HCC\n0000101", 'HCC"1', "../../etc"])
def test_the_history_download_of_a_person_with_an_older_unsafe_reference_works(client, make_user, reference):
    direct_payment = DirectPaymentFactory(recipient=RecipientFactory(council_reference=reference))  # before the check
    client.force_login(make_user(Role.ADVISER))
    response = client.get(reverse("recipients:money_history_csv", kwargs={"pk": direct_payment.recipient.pk}))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="direct-payment-HCC') or "etc" in disposition
    assert "\n" not in disposition and "/" not in disposition and disposition.count('"') == 2


@pytest.fixture
def broker(monkeypatch):
    handed: list[int] = []
    monkeypatch.setattr(
        tasks.document_version_render, "apply_async", lambda args, kwargs=None, **kw: handed.append(args[0])
    )
    return handed


def ask(recipient: Recipient, template: str = "recipients/pdf/statement.html") -> DocumentVersion:
    return document_request(
        recipient=recipient,
        kind=Document.Kind.STATEMENT,
        title="Statement",
        template=template,
        context=statement_context(recipient),
    )


def test_a_statement_for_an_older_unsafe_reference_is_stored_under_a_safe_name(broker):
    version = ask(RecipientFactory(council_reference="../../etc"))
    assert document_version_render(version_id=version.pk) is True
    version.refresh_from_db()
    assert version.is_ready
    assert version.file.name.startswith("documents/")
    assert ".." not in version.file.name and version.file.name.count("/") == 3  # documents/yyyy/mm/name


def test_a_render_that_can_never_succeed_fails_at_once_and_the_team_is_told(broker):
    version = ask(RecipientFactory(council_reference="HCC0000101"), template="recipients/pdf/no-such-template.html")
    assert document_version_render(version_id=version.pk) is False
    version.refresh_from_db()
    assert version.has_failed  # not retried every few minutes for ever
    assert version.attempts == 1
    assert "TemplateDoesNotExist" in version.last_error
    assert OutboxMessage.objects.filter(key=f"document-failed:{version.pk}").count() == 1


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("direct-payment-HCC0000101", "direct-payment-HCC0000101.csv"),
        ("direct-payment-HCC\n1", "direct-payment-HCC-1.csv"),
        ('statement-a"b', "statement-a-b.csv"),
        ("statement-../../etc-v1", "statement-.-.-etc-v1.csv"),
        ("=cmd|' /C calc'!A0", "cmd- -C calc-A0.csv"),
        ("..", "download.csv"),
        ("March statement", "March statement.csv"),
    ],
)
def test_file_names_are_built_from_safe_parts_only(stem, expected):
    assert safe_filename(stem, "csv") == expected


def test_a_content_disposition_never_carries_a_new_line_or_a_stray_quote():
    assert attachment_disposition('evil"\r\nSet-Cookie: a=b.pdf') == 'attachment; filename="evil-Set-Cookie- a-b.pdf"'
    assert attachment_disposition("Zoë’s receipt.pdf").startswith("attachment; filename*=utf-8''Zo")
