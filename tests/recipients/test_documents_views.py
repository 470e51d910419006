"""The documents page, downloads, statements on request, and signing the agreement online."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from recipients.models import AgreementSignature, DirectPayment, Document, DocumentVersion, Representative
from recipients.services.agreements import agreement_prepare
from tests.recipients.factories import (
    DirectPaymentFactory,
    DocumentFactory,
    DocumentVersionFactory,
    RecipientFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db

NASTY = ["", "a" * 10_240, "nul\x00byte", "<script>alert(1)</script>", "′ OR 1=1 --", "-1", "99999999999999999999"]


@pytest.fixture
def margaret(make_user):
    user = make_user(Role.RECIPIENT, full_name="Margaret Ellis", email="margaret@example.com")
    recipient = RecipientFactory(user=user, full_name="Margaret Ellis")
    DirectPaymentFactory(recipient=recipient, outcomes="To get out to my choir on Tuesdays.")
    return recipient


def url(name, recipient, **kwargs):
    return reverse(f"recipients:{name}", kwargs={"pk": recipient.pk, **kwargs})


def text_of(response) -> str:
    return " ".join(response.text.split())


def as_user(client, user):
    client.force_login(user)
    return client


def carer_of(make_user, recipient, **authority):
    user = make_user(Role.REPRESENTATIVE, full_name="David Okafor")
    return RepresentativeFactory(user=user, recipient=recipient, **authority).user


# --- The documents page ----------------------------------------------------------


def test_each_document_shows_its_ready_version_with_size_and_earlier_versions_under_details(client, margaret):
    agreement = DocumentFactory(recipient=margaret, kind=Document.Kind.AGREEMENT, title="Your direct payment agreement")
    old = DocumentVersionFactory(document=agreement, number=1)
    new = DocumentVersionFactory(document=agreement, number=2)

    page = text_of(as_user(client, margaret.user).get(url("documents", margaret)))

    assert "Your documents" in page
    assert (
        f'href="{url("document_download", margaret, version_pk=new.pk)}" download>Download the PDF (38 bytes)' in page
    )
    assert "of Your direct payment agreement, version 2</span>" in page
    assert "Version 2, made on" in page
    details = page[page.index('<details class="govuk-details') :]
    assert f'{url("document_download", margaret, version_pk=old.pk)}" download>Version 1' in details


def test_a_version_being_prepared_says_it_takes_about_a_minute_with_a_check_again_link(client, margaret):
    version = DocumentVersionFactory(document__recipient=margaret, status=DocumentVersion.Status.PENDING, file=None)
    page = text_of(as_user(client, margaret.user).get(url("documents", margaret)))
    assert "Being prepared" in page
    assert "This usually takes about a minute." in page
    assert f'href="{url("documents", margaret)}">Check again' in page
    assert url("document_download", margaret, version_pk=version.pk) not in page


def test_a_version_that_could_not_be_prepared_says_we_have_been_told(client, margaret):
    DocumentVersionFactory(document__recipient=margaret, status=DocumentVersion.Status.FAILED, file=None)
    page = text_of(as_user(client, margaret.user).get(url("documents", margaret)))
    assert "could not be prepared. We have been told and will sort it out." in page


def test_only_the_person_s_own_documents_are_listed(client, margaret):
    DocumentVersionFactory(document__recipient=margaret, document__title="Margaret's statement")
    DocumentVersionFactory(document__title="Somebody else's statement")
    page = as_user(client, margaret.user).get(url("documents", margaret)).text
    assert "Margaret&#x27;s statement" in page and "Somebody else" not in page


def test_each_view_of_the_documents_page_writes_one_audit_entry(client, margaret):
    as_user(client, margaret.user)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client.get(url("documents", margaret))
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1


def test_the_documents_page_costs_the_same_queries_with_3_and_60_documents(client, margaret, queries_of):
    def add(count):
        for _ in range(count):
            document = DocumentFactory(recipient=margaret)
            DocumentVersionFactory(document=document, number=1)
            DocumentVersionFactory(document=document, number=2, status=DocumentVersion.Status.PENDING, file=None)

    as_user(client, margaret.user)
    add(3)
    client.get(url("documents", margaret))
    small = queries_of(lambda: client.get(url("documents", margaret)))
    add(57)
    assert queries_of(lambda: client.get(url("documents", margaret))) == small


def test_your_direct_payment_links_to_the_documents(client, margaret):
    page = as_user(client, margaret.user).get(url("direct_payment", margaret)).text
    assert f'href="{url("documents", margaret)}">Your agreement, statements and letters' in page


# --- Downloads -------------------------------------------------------------------


def test_a_ready_version_downloads_as_a_pdf_attachment_and_the_download_is_recorded(client, margaret):
    version = DocumentVersionFactory(document__recipient=margaret, document__title="Statement, 1 March 2025")
    response = as_user(client, margaret.user).get(url("document_download", margaret, version_pk=version.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="statement-1-march-2025-version-{version.number}.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.actor == margaret.user and entry.object_pk == str(margaret.pk)
    assert entry.additional_data == {
        "document": "Statement, 1 March 2025",
        "document_version": version.pk,
        "action": "download",
    }


def test_documents_are_stored_under_media_outside_the_web_root():
    # The project's own setting, not the temporary folder the tests swap in.
    from pathlib import Path

    from dpss import settings as project

    media = Path(project.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    served = [Path(project.STATIC_ROOT).resolve(), *(Path(folder).resolve() for folder in project.STATICFILES_DIRS)]
    assert media.name == "media"
    assert not any(media == folder or folder in media.parents or media in folder.parents for folder in served)
    assert not getattr(project, "MEDIA_URL", "")  # no public address: files go out only through the checked view


def test_a_version_not_ready_or_of_someone_else_is_not_found(client, margaret, make_user):
    pending = DocumentVersionFactory(document__recipient=margaret, status=DocumentVersion.Status.PENDING, file=None)
    failed = DocumentVersionFactory(document__recipient=margaret, status=DocumentVersion.Status.FAILED, file=None)
    someone_else = RecipientFactory(user=make_user(Role.RECIPIENT))
    theirs = DocumentVersionFactory(document__recipient=someone_else)
    mine = DocumentVersionFactory(document__recipient=margaret)
    as_user(client, margaret.user)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()

    for version in (pending, failed, theirs):
        assert client.get(url("document_download", margaret, version_pk=version.pk)).status_code == 404
    # Margaret's document through someone else's record: that record is not hers to see.
    assert client.get(url("document_download", someone_else, version_pk=mine.pk)).status_code == 404
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before  # nothing was downloaded


# --- Statements on request ---------------------------------------------------------


def test_someone_who_can_only_see_the_record_can_ask_for_a_statement_of_the_last_3_months(client, margaret, make_user):
    carer = carer_of(make_user, margaret)
    response = as_user(client, carer).post(url("documents", margaret), {"period": "3"})
    assert response.status_code == 302
    statement = Document.objects.get(kind=Document.Kind.STATEMENT)
    today = timezone.localdate()
    assert statement.period_end == today and (today - statement.period_start).days in range(88, 93)
    assert statement.created_by == carer
    followed = text_of(client.get(response["Location"]))
    assert "We are preparing the statement. It usually takes about a minute." in followed


def test_chosen_dates_are_checked_with_messages_that_link_to_their_fields(client, margaret):
    as_user(client, margaret.user)
    cases = [
        ({"period": "chosen"}, "Enter the start date", "id_period_start_0"),
        ({}, "Choose which period the statement should cover", "id_period_1"),
        (
            {"period": "chosen", "period_start_0": "31", "period_start_1": "2", "period_start_2": "2025"},
            "Enter the start date as a real date, like 27 3 2025",
            "id_period_start_0",
        ),
        (
            {"period": "chosen", "period_start_0": "1", "period_start_1": "5", "period_start_2": "2025"},
            "Enter the end date",
            "id_period_end_0",
        ),
        (
            {
                "period": "chosen",
                **{"period_start_0": "1", "period_start_1": "5", "period_start_2": "2025"},
                **{"period_end_0": "1", "period_end_1": "4", "period_end_2": "2025"},
            },
            "The end date must be the same as or after the start date",
            "id_period_end_0",
        ),
    ]
    for data, message, target in cases:
        response = client.post(url("documents", margaret), data)
        assert response.status_code == 200, data
        page = text_of(response)
        assert "There is a problem" in page
        assert f'<a href="#{target}">{message}</a>' in page, data
        assert f'id="{target}"' in page
    assert not Document.objects.exists()


@pytest.mark.parametrize("value", NASTY, ids=["empty", "10kB", "nul", "html", "sqlish", "negative", "huge"])
def test_the_statement_form_answers_hostile_input_with_a_message_never_an_error(client, margaret, value):
    fields = ["period", *(f"period_{end}_{part}" for end in ("start", "end") for part in range(3))]
    response = as_user(client, margaret.user).post(url("documents", margaret), dict.fromkeys(fields, value))
    assert response.status_code == 200
    assert "There is a problem" in response.text


@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    period=st.sampled_from(["3", "12", "chosen", "x"]),
    parts=st.lists(st.text(max_size=12), min_size=6, max_size=6),
)
def test_generated_statement_requests_never_crash(client, margaret, period, parts):
    fields = [f"period_{end}_{part}" for end in ("start", "end") for part in range(3)]
    response = as_user(client, margaret.user).post(
        url("documents", margaret), {"period": period, **dict(zip(fields, parts, strict=True))}
    )
    assert response.status_code in (200, 302)


# --- The agreement page and signing ----------------------------------------------------


@pytest.fixture
def awaiting(margaret, manager, django_capture_on_commit_callbacks):
    """Margaret's direct payment being set up, with version 1 of its agreement ready to sign."""
    dp = margaret.direct_payments.get()
    dp.status = DirectPayment.Status.DRAFT
    dp.save()
    with django_capture_on_commit_callbacks(execute=True):
        version = agreement_prepare(direct_payment=dp, actor=manager)
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.READY
    return version


def test_the_person_reads_the_main_points_downloads_the_pdf_and_sees_who_must_sign(
    client, margaret, awaiting, make_user
):
    carer_of(
        make_user,
        margaret,
        kind=Representative.Kind.AUTHORISED_PERSON,
        legal_basis="attorney",
        can_sign=True,
        can_act=True,
    )
    page = text_of(as_user(client, margaret.user).get(url("agreement_sign", margaret)))

    assert "Your direct payment agreement" in page
    assert "£420.00 a week" in page and "£35.50 a week" in page and "£384.50 a week" in page
    assert "£1,538.00 every 4 weeks" in page
    assert "To get out to my choir on Tuesdays." in page
    assert (
        f'{url("document_download", margaret, version_pk=awaiting.pk)}" download>Download the full agreement, version 1'
        in page
    )
    assert "Margaret Ellis (the person the direct payment is for)" in page
    assert "David Okafor (lasting power of attorney)" in page
    assert "I, Margaret Ellis, have read version 1 of the direct payment agreement." in page
    assert "Sign the agreement</button>" in page
    assert "sign on paper" in page


def test_someone_who_may_see_but_not_sign_reads_the_agreement_without_the_form_and_cannot_post(
    client, margaret, awaiting, make_user
):
    carer = carer_of(make_user, margaret)
    as_user(client, carer)
    page = text_of(client.get(url("agreement_sign", margaret)))
    assert "£384.50 a week" in page
    assert "Sign the agreement</button>" not in page
    assert "you cannot sign it for Margaret Ellis" in page

    response = client.post(url("agreement_sign", margaret), {"version": awaiting.pk, "declaration": "on"})
    assert response.status_code == 403
    assert not AgreementSignature.objects.exists()


def test_nobody_but_the_person_or_a_representative_who_may_sign_can_post_a_signature(
    client, margaret, awaiting, make_user, adviser
):
    today = timezone.localdate()
    ended = carer_of(make_user, margaret, can_act=True, can_sign=True, valid_from=today - timedelta(days=30))
    ended.representations.update(valid_to=today - timedelta(days=1))
    practitioner = make_user(Role.PRACTITIONER)
    DirectPayment.objects.filter(recipient=margaret).update(practitioner=practitioner)
    stranger = RecipientFactory(user=make_user(Role.RECIPIENT)).user
    expected = {practitioner: 403, adviser: 403, ended: 404, stranger: 404}
    for user, status in expected.items():
        response = as_user(client, user).post(
            url("agreement_sign", margaret), {"version": awaiting.pk, "declaration": "on"}
        )
        assert response.status_code == status, user
    assert not AgreementSignature.objects.exists()


def test_the_person_signs_online_and_the_page_then_shows_who_signed_and_when(client, margaret, awaiting):
    as_user(client, margaret.user)
    response = client.post(url("agreement_sign", margaret), {"version": awaiting.pk, "declaration": "on"})
    assert response.status_code == 302
    signature = AgreementSignature.objects.get()
    assert signature.ip_address == "127.0.0.1"
    assert signature.version == awaiting and signature.document_sha256 == awaiting.sha256

    page = text_of(client.get(response["Location"]))
    assert "Thank you. You have signed the agreement." in page
    assert "Version 1 was signed by Margaret Ellis (the person themselves) on" in page
    assert "Sign the agreement</button>" not in page

    again = client.post(url("agreement_sign", margaret), {"version": awaiting.pk, "declaration": "on"})
    assert "already signed by Margaret Ellis" in text_of(client.get(again["Location"]))
    assert AgreementSignature.objects.count() == 1


def test_signing_without_ticking_the_box_shows_an_error_that_moves_focus_to_the_box(client, margaret, awaiting):
    response = as_user(client, margaret.user).post(url("agreement_sign", margaret), {"version": awaiting.pk})
    page = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert '<a href="#id_declaration">Tick the box to say you have read the agreement and agree to it' in page
    assert 'id="id_declaration"' in page
    assert not AgreementSignature.objects.exists()


def test_signing_a_version_superseded_since_the_page_was_opened_is_refused(
    client, margaret, awaiting, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        agreement_prepare(direct_payment=awaiting.document.direct_payment, actor=manager)
    response = as_user(client, margaret.user).post(
        url("agreement_sign", margaret), {"version": awaiting.pk, "declaration": "on"}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "A newer version of this agreement has been prepared since you opened this page." in page
    assert not AgreementSignature.objects.exists()
    # The form shown again signs version 2, and the box must be ticked again for it.
    newest = DocumentVersion.objects.get(document=awaiting.document, number=2)
    assert f'name="version" value="{newest.pk}"' in page
    assert 'name="declaration" class="govuk-checkboxes__input" id="id_declaration">' in page  # not checked


@pytest.mark.parametrize(
    "value", [*NASTY, "0"], ids=["empty", "10kB", "nul", "html", "sqlish", "negative", "huge", "zero"]
)
def test_the_signing_form_answers_hostile_input_with_a_message_never_an_error(client, margaret, awaiting, value):
    response = as_user(client, margaret.user).post(
        url("agreement_sign", margaret), {"version": value, "declaration": value}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not AgreementSignature.objects.exists()


def test_someone_else_s_agreement_version_cannot_be_signed_through_this_record(client, margaret, awaiting, make_user):
    other = DocumentVersionFactory(document__kind=Document.Kind.AGREEMENT)
    response = as_user(client, margaret.user).post(
        url("agreement_sign", margaret), {"version": other.pk, "declaration": "on"}
    )
    assert "This agreement cannot be found." in text_of(response)
    assert not AgreementSignature.objects.exists()


def test_the_agreement_page_costs_the_same_queries_with_1_and_6_versions_and_signers(
    client, margaret, awaiting, make_user, manager, queries_of, django_capture_on_commit_callbacks
):
    as_user(client, margaret.user)
    client.get(url("agreement_sign", margaret))
    small = queries_of(lambda: client.get(url("agreement_sign", margaret)))
    for _ in range(5):
        carer_of(make_user, margaret, can_act=True, can_sign=True)
        with django_capture_on_commit_callbacks(execute=True):
            agreement_prepare(direct_payment=awaiting.document.direct_payment, actor=manager)
    as_user(client, margaret.user)
    assert queries_of(lambda: client.get(url("agreement_sign", margaret))) == small


def test_with_no_agreement_yet_the_page_says_so(client, margaret):
    page = text_of(as_user(client, margaret.user).get(url("agreement_sign", margaret)))
    assert "There is no agreement to read yet." in page


# --- "Things to do" on "Your direct payment" ------------------------------------------


def test_your_direct_payment_asks_those_who_can_sign_to_sign_until_it_is_signed(client, margaret, awaiting, make_user):
    link = f'href="{url("agreement_sign", margaret)}">Read and sign your agreement'
    assert link in as_user(client, margaret.user).get(url("direct_payment", margaret)).text
    carer = carer_of(make_user, margaret)
    assert "Things to do" not in as_user(client, carer).get(url("direct_payment", margaret)).text

    as_user(client, margaret.user).post(url("agreement_sign", margaret), {"version": awaiting.pk, "declaration": "on"})
    assert "Things to do" not in client.get(url("direct_payment", margaret)).text


# --- Staff prepare the agreement ----------------------------------------------------------


def test_staff_prepare_the_agreement_and_return_to_the_documents_page(client, margaret, adviser):
    DirectPayment.objects.filter(recipient=margaret).update(status=DirectPayment.Status.DRAFT)
    as_user(client, adviser)
    assert "Prepare the agreement</button>" in client.get(url("documents", margaret)).text

    response = client.post(url("agreement_prepare", margaret))
    assert response["Location"] == url("documents", margaret)
    assert DirectPayment.objects.get(recipient=margaret).status == DirectPayment.Status.AWAITING_SIGNATURE
    version = DocumentVersion.objects.get(document__kind=Document.Kind.AGREEMENT)
    assert version.document.created_by == adviser
    assert "Version 1 of the agreement is being prepared." in text_of(client.get(response["Location"]))


def test_an_agreement_for_a_direct_payment_already_running_is_not_prepared(client, margaret, adviser):
    response = as_user(client, adviser).post(url("agreement_prepare", margaret))
    assert "no direct payment being set up" in text_of(client.get(response["Location"]))
    assert not Document.objects.exists()


def test_only_staff_may_prepare_an_agreement_and_only_by_post(client, margaret, make_user):
    practitioner = make_user(Role.PRACTITIONER)
    DirectPayment.objects.filter(recipient=margaret).update(
        practitioner=practitioner, status=DirectPayment.Status.DRAFT
    )
    assert as_user(client, practitioner).post(url("agreement_prepare", margaret)).status_code == 403
    assert as_user(client, margaret.user).post(url("agreement_prepare", margaret)).status_code == 403
    assert "Prepare the agreement" not in client.get(url("documents", margaret)).text
    assert not Document.objects.exists()


def test_each_view_of_the_agreement_and_each_download_writes_exactly_one_audit_entry(client, margaret, awaiting):
    as_user(client, margaret.user)
    accesses = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    before = accesses.count()
    client.get(url("agreement_sign", margaret))
    assert accesses.count() == before + 1
    response = client.get(url("document_download", margaret, version_pk=awaiting.pk))
    b"".join(response.streaming_content)
    assert accesses.count() == before + 2


def test_while_the_agreement_is_being_prepared_the_page_says_so_and_offers_no_form(client, margaret, manager):
    dp = margaret.direct_payments.get()
    dp.status = DirectPayment.Status.DRAFT
    dp.save()
    agreement_prepare(direct_payment=dp, actor=manager)  # no commit in this test: the worker never runs
    page = text_of(as_user(client, margaret.user).get(url("agreement_sign", margaret)))
    assert "The agreement is being prepared. This usually takes about a minute." in page
    assert f'href="{url("agreement_sign", margaret)}">Check again' in page
    assert "£420.00 a week" in page  # the facts are frozen already
    assert "Sign the agreement</button>" not in page
    response = client.post(url("agreement_sign", margaret), {"version": "1", "declaration": "on"})
    assert "still being prepared" in text_of(client.get(response["Location"]))
