"""Supportive check-ins when money builds up, and asking for unspent money back (docs/domain.md#rule-9)."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import strip_tags
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from dpss.notifications.tone import unwelcome_words
from recipients.models import AdviserTask, Payment, Recovery
from recipients.services.check_ins import check_in_close, recovery_decide, recovery_propose
from recipients.services.money_records import balance_record, payment_record
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

CHECK_INS = reverse("recipients:staff_check_ins")


def text_of(response) -> str:
    return " ".join(html.unescape(strip_tags(response.text)).split())


def weekly_100(**recipient):
    """A direct payment of £100 a week: 8 weeks of support is £800."""
    return DirectPaymentFactory(
        recipient=RecipientFactory(**recipient),
        personal_budget_weekly=Decimal("100.00"),
        contribution_weekly=Decimal("0.00"),
        amount_per_period=Decimal("400.00"),
    )


def open_tasks(dp):
    return AdviserTask.objects.filter(direct_payment=dp, status=AdviserTask.Status.OPEN)


class TestABalanceAboveTheThreshold:
    def test_opens_one_supportive_check_in_never_a_recovery(self):
        dp = weekly_100()
        balance_record(direct_payment=dp, taken_on=date(2026, 1, 5), balance=Decimal("800.00"))
        assert not open_tasks(dp).exists() and not dp.surplus_flagged
        snapshot = balance_record(direct_payment=dp, taken_on=date(2026, 2, 2), balance=Decimal("800.01"))
        assert dp.surplus_flagged
        assert open_tasks(dp).get().balance == snapshot
        assert not Recovery.objects.exists()

    def test_a_second_high_balance_adds_no_second_check_in(self):
        dp = weekly_100()
        balance_record(direct_payment=dp, taken_on=date(2026, 1, 5), balance=Decimal("2000"))
        balance_record(direct_payment=dp, taken_on=date(2026, 2, 2), balance=Decimal("3000"))
        assert open_tasks(dp).count() == 1

    def test_liabilities_and_contingency_are_taken_off_first(self):
        dp = weekly_100()
        balance_record(
            direct_payment=dp,
            taken_on=date(2026, 1, 5),
            balance=Decimal("1500"),
            known_liabilities=Decimal("500"),
            allowed_contingency=Decimal("200"),
        )
        assert not open_tasks(dp).exists()  # surplus £800 is exactly 8 weeks: not above

    def test_the_flag_follows_the_newest_balance_not_an_older_one_recorded_late(self):
        dp = weekly_100()
        balance_record(direct_payment=dp, taken_on=date(2026, 2, 2), balance=Decimal("100"))
        balance_record(direct_payment=dp, taken_on=date(2026, 1, 5), balance=Decimal("5000"))  # older, recorded late
        dp.refresh_from_db()
        assert not dp.surplus_flagged and not open_tasks(dp).exists()

        balance_record(direct_payment=dp, taken_on=date(2026, 3, 2), balance=Decimal("5000"))
        balance_record(direct_payment=dp, taken_on=date(2026, 3, 30), balance=Decimal("300"))
        dp.refresh_from_db()
        assert not dp.surplus_flagged  # the newest balance is fine again
        assert open_tasks(dp).count() == 1  # the conversation already planned still happens

    def test_a_one_off_payment_has_no_weeks_to_measure_and_opens_nothing(self):
        dp = weekly_100()
        dp.personal_budget_weekly = Decimal("0")
        dp.save()
        snapshot = balance_record(direct_payment=dp, taken_on=date(2026, 1, 5), balance=Decimal("9000"))
        assert snapshot.weeks_of_support is None and not open_tasks(dp).exists()


@pytest.fixture
def task(adviser):
    dp = weekly_100(full_name="Ravi Patel", email="ravi@example.com")
    balance_record(direct_payment=dp, taken_on=date(2026, 1, 5), balance=Decimal("3000"))
    return open_tasks(dp).get()


@pytest.fixture
def done(task, adviser):
    return check_in_close(task=task, note="Saving for a holiday with his PA; agreed to use some.", actor=adviser)


class TestTheCheckInsList:
    def test_lists_open_check_ins_oldest_first_with_surplus_weeks_and_since(self, client, adviser, task):
        newer_dp = weekly_100(full_name="Anna Zed")
        balance_record(direct_payment=newer_dp, taken_on=date(2026, 2, 2), balance=Decimal("1000"))
        client.force_login(adviser)
        text = text_of(client.get(CHECK_INS))
        assert text.index("Ravi Patel") < text.index("Anna Zed")
        reference = task.direct_payment.recipient.council_reference
        assert f"{reference} £3,000.00 30 {task.created_at:%-d %b %Y}" in text  # surplus, weeks, since
        assert "Asking for unspent money back: waiting for a manager" not in text  # advisers do not decide

    def test_done_check_ins_leave_the_list(self, client, adviser, done):
        client.force_login(adviser)
        assert "There are no check-ins to do." in text_of(client.get(CHECK_INS))

    def test_costs_the_same_queries_at_2_and_40_check_ins(self, client, manager, queries_of, adviser):
        def add(count):
            for _ in range(count):
                dp = weekly_100()
                balance_record(direct_payment=dp, taken_on=date(2026, 1, 5), balance=Decimal("3000"))
                check_in_close(task=open_tasks(dp).get(), note="Talked.", actor=adviser)
                recovery_propose(
                    check_in=AdviserTask.objects.get(direct_payment=dp),
                    amount=Decimal("5"),
                    reason="Unspent for a year.",
                    actor=adviser,
                )
                balance_record(direct_payment=weekly_100(), taken_on=date(2026, 1, 5), balance=Decimal("3000"))

        client.force_login(manager)
        add(2)
        client.get(CHECK_INS)
        small = queries_of(lambda: client.get(CHECK_INS))
        add(38)
        page = client.get(CHECK_INS)
        assert "Page 1 of 2" in page.text
        assert queries_of(lambda: client.get(CHECK_INS)) == small

    def test_adviser_and_manager_dashboards_link_to_it(self, client, adviser, manager):
        for user, role in ((adviser, "adviser"), (manager, "manager")):
            client.force_login(user)
            assert CHECK_INS in client.get(reverse("accounts:dashboard", kwargs={"role": role})).text


class TestRecordingACheckIn:
    def test_the_adviser_records_what_was_said_and_closes_it(self, client, adviser, task):
        client.force_login(adviser)
        url = reverse("recipients:staff_check_in", kwargs={"pk": task.pk})
        refused = client.post(url, {"outcome_note": ""})
        assert "Enter what you talked about and agreed" in refused.text
        response = client.post(url, {"outcome_note": "Saving for a new hoist."})
        text = text_of(client.get(response["Location"]))
        assert "The check-in with Ravi Patel is recorded." in text
        assert "Saving for a new hoist." in text
        assert "Propose asking for unspent money back" in text
        task.refresh_from_db()
        assert task.status == AdviserTask.Status.DONE and task.closed_by == adviser

    def test_a_check_in_closes_once(self, adviser, done):
        with pytest.raises(ValidationError, match="already been closed"):
            check_in_close(task=done, note="Again", actor=adviser)

    def test_money_back_cannot_be_proposed_before_talking(self, client, adviser, task):
        with pytest.raises(ValidationError, match="Talk with the person first"):
            recovery_propose(check_in=task, amount=Decimal("10"), reason="Unspent.", actor=adviser)
        client.force_login(adviser)
        response = client.get(reverse("recipients:staff_recovery_propose", kwargs={"pk": task.pk}))
        assert response["Location"] == reverse("recipients:staff_check_in", kwargs={"pk": task.pk})


class TestProposingToAskForMoneyBack:
    def test_the_amount_cannot_be_more_than_the_surplus(self, adviser, done):
        with pytest.raises(ValidationError, match=r"cannot be more than the surplus of £3,000\.00"):
            recovery_propose(check_in=done, amount=Decimal("3000.01"), reason="Unspent.", actor=adviser)
        with pytest.raises(ValidationError, match="more than £0"):
            recovery_propose(check_in=done, amount=Decimal("0"), reason="Unspent.", actor=adviser)

    def test_a_reason_is_needed_in_plain_words(self, adviser, done):
        with pytest.raises(ValidationError, match="Explain why"):
            recovery_propose(check_in=done, amount=Decimal("10"), reason="  ", actor=adviser)
        with pytest.raises(ValidationError, match="asking for unspent money back"):
            recovery_propose(check_in=done, amount=Decimal("10"), reason="Clawback of funds.", actor=adviser)

    def test_one_proposal_waits_at_a_time(self, adviser, done):
        recovery_propose(check_in=done, amount=Decimal("10"), reason="Unspent.", actor=adviser)
        with pytest.raises(ValidationError, match="already waiting"):
            recovery_propose(check_in=done, amount=Decimal("10"), reason="Unspent.", actor=adviser)

    def test_the_page_shows_the_surplus_and_sends_the_proposal_to_a_manager(self, client, adviser, done):
        client.force_login(adviser)
        url = reverse("recipients:staff_recovery_propose", kwargs={"pk": done.pk})
        assert "leaves a surplus of £3,000.00" in text_of(client.get(url))
        refused = client.post(url, {"amount": "5000", "reason": "Unspent for a year."})
        assert "There is a problem" in refused.text and 'href="#id_amount"' in refused.text
        response = client.post(url, {"amount": "1,200.50", "reason": "Not needed for the support plan this year."})
        assert "waiting for a manager to decide" in text_of(client.get(response["Location"]))
        assert Recovery.objects.get().amount == Decimal("1200.50")
        assert not OutboxMessage.objects.filter(template="money_back").exists()


@pytest.fixture
def proposal(done, adviser):
    return recovery_propose(
        check_in=done,
        amount=Decimal("1200.00"),
        reason="The account has held this money for over a year and the support plan does not need it.",
        actor=adviser,
    )


class TestDeciding:
    def test_the_proposer_cannot_approve_their_own(self, make_user, done):
        manager = make_user(Role.MANAGER)
        recovery = recovery_propose(check_in=done, amount=Decimal("10"), reason="Unspent.", actor=manager)
        with pytest.raises(ValidationError, match="another manager must decide"):
            recovery_decide(recovery=recovery, approve=True, note="", actor=manager)
        assert not Payment.objects.filter(kind=Payment.Kind.RECOVERED).exists()

    def test_approval_records_money_paid_back_and_sends_a_kind_email(self, manager, proposal):
        recovery_decide(recovery=proposal, approve=True, note="", actor=manager)
        proposal.refresh_from_db()
        assert proposal.status == Recovery.Status.APPROVED and proposal.decided_by == manager
        payment = proposal.payment
        assert payment.kind == Payment.Kind.RECOVERED and payment.amount == Decimal("1200.00")
        message = OutboxMessage.objects.get(template="money_back")
        assert message.to == "ravi@example.com"
        body = message.body
        assert body.startswith("Dear Ravi,")
        assert "What stays the same" in body and "carries on as it is: £400.00 every 4 weeks" in body
        assert body.index("What stays the same") < body.index("What we are asking")
        assert "£1,200.00 of unspent money back" in body
        assert "the support plan does not need it" in body  # why
        assert "01632 960 100" in body and "make a complaint" in body  # how to talk to us
        assert unwelcome_words(message.subject + body) == []
        for threat in ("suspend", "stop your", "commissioned", "legal action", "must repay"):
            assert threat not in body.lower()

    def test_approval_is_decided_once_and_the_email_goes_once(self, manager, make_user, proposal):
        recovery_decide(recovery=proposal, approve=True, note="", actor=manager)
        with pytest.raises(ValidationError, match="already been decided"):
            recovery_decide(recovery=proposal, approve=True, note="", actor=make_user(Role.MANAGER))
        assert OutboxMessage.objects.filter(template="money_back").count() == 1
        assert Payment.objects.filter(kind=Payment.Kind.RECOVERED).count() == 1

    def test_declining_needs_a_note_and_changes_nothing_for_the_person(self, manager, proposal):
        with pytest.raises(ValidationError, match="Say why"):
            recovery_decide(recovery=proposal, approve=False, note="", actor=manager)
        recovery_decide(recovery=proposal, approve=False, note="He plans to use it.", actor=manager)
        proposal.refresh_from_db()
        assert proposal.status == Recovery.Status.DECLINED and proposal.payment is None
        assert not Payment.objects.filter(kind=Payment.Kind.RECOVERED).exists()
        assert not OutboxMessage.objects.filter(template="money_back").exists()

    def test_a_person_without_email_is_told_through_whoever_may_act_for_them(self, manager, make_user, proposal):
        recipient = proposal.direct_payment.recipient
        recipient.email = ""
        recipient.save()
        carer = make_user(Role.REPRESENTATIVE, full_name="David Okafor", email="david@example.com")
        RepresentativeFactory(recipient=recipient, user=carer, can_act=True)
        RepresentativeFactory(recipient=recipient, user=make_user(Role.REPRESENTATIVE))  # may only see
        recovery_decide(recovery=proposal, approve=True, note="", actor=manager)
        message = OutboxMessage.objects.get(template="money_back")
        assert message.to == "david@example.com"
        assert "because you help Ravi Patel with their direct payment" in message.body
        assert message.subject == "The money in Ravi Patel's direct payment account"

    def test_only_money_back_approved_this_way_is_recorded_as_paid_back(self, adviser):
        with pytest.raises(ValidationError, match="approved request"):
            payment_record(
                direct_payment=weekly_100(),
                kind=Payment.Kind.RECOVERED,
                amount=Decimal("10"),
                due_date=date(2026, 1, 5),
            )

    def test_the_amount_is_checked_again_against_a_newer_balance(self, manager, proposal):
        balance_record(direct_payment=proposal.direct_payment, taken_on=date(2026, 3, 2), balance=Decimal("500"))
        with pytest.raises(ValidationError, match=r"cannot be more than the surplus of £500\.00"):
            recovery_decide(recovery=proposal, approve=True, note="", actor=manager)


class TestTheDecisionPages:
    def test_managers_see_proposals_waiting_and_decide(self, client, manager, proposal):
        client.force_login(manager)
        text = text_of(client.get(CHECK_INS))
        assert "Asking for unspent money back: waiting for a manager" in text and "£1,200.00" in text
        url = reverse("recipients:staff_recovery_decide", kwargs={"pk": proposal.pk})
        assert "the support plan does not need it" in text_of(client.get(url))
        refused = client.post(url, {"note": ""})
        assert 'href="#id_decision_1"' in refused.text
        response = client.post(url, {"decision": "approve", "note": ""})
        assert response["Location"] == CHECK_INS
        text = text_of(client.get(CHECK_INS))
        assert "Approved. £1,200.00 is recorded as money paid back, and we have emailed Ravi Patel" in text
        assert "No proposals are waiting." in text

    def test_the_proposer_sees_the_page_without_the_form(self, client, make_user, done):
        manager = make_user(Role.MANAGER)
        recovery = recovery_propose(check_in=done, amount=Decimal("10"), reason="Unspent.", actor=manager)
        client.force_login(manager)
        url = reverse("recipients:staff_recovery_decide", kwargs={"pk": recovery.pk})
        page = client.get(url)
        assert "You proposed this, so another manager must decide." in page.text
        assert 'name="decision"' not in page.text
        client.post(url, {"decision": "approve"})
        recovery.refresh_from_db()
        assert recovery.status == Recovery.Status.PROPOSED

    def test_the_adviser_who_proposed_it_sees_it_read_only(self, client, adviser, make_user, proposal, done):
        url = reverse("recipients:staff_recovery_decide", kwargs={"pk": proposal.pk})
        client.force_login(adviser)
        check_in = text_of(client.get(reverse("recipients:staff_check_in", kwargs={"pk": done.pk})))
        assert "£1,200.00 proposed by" in check_in
        assert url in client.get(reverse("recipients:staff_check_in", kwargs={"pk": done.pk})).text
        page = client.get(url)
        assert page.status_code == 200
        text = text_of(page)
        assert "the support plan does not need it" in text
        assert "You proposed this. A manager decides it; nothing is sent to the person until then." in text
        assert 'name="decision"' not in page.text
        client.post(url, {"decision": "approve", "note": ""})
        proposal.refresh_from_db()
        assert proposal.status == Recovery.Status.PROPOSED
        client.force_login(make_user(Role.ADVISER))  # another adviser sees it too, and cannot decide it either
        text = text_of(client.get(url))
        assert "A manager decides this; nothing is sent to the person until then." in text
        client.force_login(make_user(Role.PRACTITIONER))
        assert client.get(url).status_code == 403

    def test_approval_with_nobody_to_email_asks_staff_to_write_or_phone(self, client, manager, proposal):
        recipient = proposal.direct_payment.recipient
        recipient.contact_by_email = False
        recipient.save()
        client.force_login(manager)
        url = reverse("recipients:staff_recovery_decide", kwargs={"pk": proposal.pk})
        response = client.post(url, {"decision": "approve"})
        assert "We could not email anyone for Ravi Patel: please write to them or phone them." in text_of(
            client.get(response["Location"])
        )

    @pytest.mark.parametrize("value", ["a" * 10_240, "nul\x00byte", "<b>x</b>", "-1e999", ""])
    def test_the_decision_and_proposal_forms_answer_bad_input_with_a_message(self, client, manager, done, value):
        client.force_login(manager)
        propose = reverse("recipients:staff_recovery_propose", kwargs={"pk": done.pk})
        response = client.post(propose, {"amount": value, "reason": value})
        assert response.status_code == 200 and "There is a problem" in response.text
        proposal = recovery_propose(check_in=done, amount=Decimal("1"), reason="Unspent.", actor=done.closed_by)
        decide = reverse("recipients:staff_recovery_decide", kwargs={"pk": proposal.pk})
        response = client.post(decide, {"decision": value, "note": value})
        assert response.status_code == 200 and "There is a problem" in response.text
        assert not Payment.objects.filter(kind=Payment.Kind.RECOVERED).exists()

    @pytest.mark.parametrize("value", ["a" * 10_240, "nul\x00byte", "", "   "])
    def test_the_check_in_form_refuses_bad_notes_with_a_message(self, client, adviser, task, value):
        client.force_login(adviser)
        response = client.post(reverse("recipients:staff_check_in", kwargs={"pk": task.pk}), {"outcome_note": value})
        assert response.status_code == 200 and "There is a problem" in response.text
        task.refresh_from_db()
        assert task.status == AdviserTask.Status.OPEN

    def test_viewing_a_check_in_writes_one_entry_the_person_can_see(self, client, adviser, task):
        from auditlog.models import LogEntry

        client.force_login(adviser)
        before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
        client.get(reverse("recipients:staff_check_in", kwargs={"pk": task.pk}))
        entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
        assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1
        assert entry.object_pk == str(task.direct_payment.recipient_id) and entry.actor == adviser


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    note=st.text(max_size=300),
    reason=st.text(max_size=300),
    amount=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9, places=2),
)
def test_generated_input_to_the_check_in_services_is_refused_with_a_message_or_kept(adviser, note, reason, amount):
    dp = weekly_100()
    balance_record(direct_payment=dp, taken_on=date(2026, 1, 5), balance=Decimal("3000"))
    task = open_tasks(dp).get()
    try:
        task = check_in_close(task=task, note=note, actor=adviser)
    except ValidationError as error:
        assert error.messages
        return
    assert "\x00" not in task.outcome_note and task.outcome_note == note.strip()
    try:
        recovery = recovery_propose(check_in=task, amount=amount, reason=reason, actor=adviser)
    except ValidationError as error:
        assert error.messages
        return
    assert Decimal("0") < recovery.amount <= Decimal("3000") and "\x00" not in recovery.reason
