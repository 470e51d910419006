"""The authorisation policy: every URL, the status each actor should get on GET.

Every URL the project serves must be listed here (tests/test_authz_matrix.py
walks the resolver and fails on a route that is missing). Statuses:
200 shown, 302 sent elsewhere (anonymous: to sign in), 403 refused,
404 not found (also for another person's object), 405 POST only.

Actors are those of docs/quality.md#authorisation-matrix. The test gives them real records: recipient
A and B each have a direct payment (A's practitioner is "practitioner of A",
B's is "practitioner other"); "representative of A" acts for A today and
"representative ended" did until yesterday. "{recipient_a}" in a case's
kwargs is A's record. The practitioner of A also looked after two people
whose direct payments have ended: "{ended_recently}" 10 days ago and
"{ended_long_ago}" 120 days ago (docs/domain.md#rule-14-access: 90 days).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
RECIPIENT_A = "recipient_a"
RECIPIENT_B = "recipient_b"
REPRESENTATIVE_OF_A = "representative_of_a"
REPRESENTATIVE_ENDED = "representative_ended"
PA = "personal_assistant"
PRACTITIONER_OF_A = "practitioner_of_a"
PRACTITIONER_OTHER = "practitioner_other"
ADVISER = "adviser"
MANAGER = "manager"
COPRODUCTION = "coproduction"

ACTORS = (
    ANONYMOUS,
    RECIPIENT_A,
    RECIPIENT_B,
    REPRESENTATIVE_OF_A,
    REPRESENTATIVE_ENDED,
    PA,
    PRACTITIONER_OF_A,
    PRACTITIONER_OTHER,
    ADVISER,
    MANAGER,
    COPRODUCTION,
)
SIGNED_IN = ACTORS[1:]
PRACTITIONERS = (PRACTITIONER_OF_A, PRACTITIONER_OTHER)
STAFF = (ADVISER, MANAGER)


def expect(default: int, *, anonymous: int | None = None, **by_group: int) -> dict[str, int]:
    """A row of the matrix: `default` for everyone, then named exceptions.

    Exceptions are given per actor (`adviser=200`) or for a group
    (`signed_in=302`, `staff=200`, `practitioners=403`).
    """
    groups = {"signed_in": SIGNED_IN, "staff": STAFF, "practitioners": PRACTITIONERS}
    row = dict.fromkeys(ACTORS, default)
    for name, status in by_group.items():
        for actor in groups.get(name, (name,)):
            assert actor in row, f"unknown actor {actor}"
            row[actor] = status
    if anonymous is not None:
        row[ANONYMOUS] = anonymous
    return row


@dataclass(frozen=True)
class Case:
    expected: dict[str, int]
    kwargs: dict[str, str] = field(default_factory=dict)
    label: str = ""


# Sample values for URL parameters. "{invitation}" and similar are filled in
# by the test with objects it creates.
DEFAULT_KWARGS = {
    "token": "{invitation_token}",
    "uidb36": "0",
    "key": "not-a-real-key",
    "app_label": "accounts",
    "object_id": "1",
    "content_type_id": "1",
}

PUBLIC = expect(200)
SIGNED_IN_ONLY = expect(200, anonymous=302)
ANONYMOUS_ONLY = expect(302, anonymous=200)


def dashboard(role: str, *holders: str) -> Case:
    return Case(expect(403, anonymous=302, **dict.fromkeys(holders, 200)), kwargs={"role": role}, label=role)


POLICY: dict[str, Case | list[Case]] = {
    # Public pages
    "ui:home": Case(expect(302, anonymous=200)),
    "ui:accessibility": Case(PUBLIC),
    "ui:privacy": Case(PUBLIC),
    "ui:contact": Case(PUBLIC),
    "ui:cookies": Case(PUBLIC),
    "ui:healthz": Case(PUBLIC),
    # Landing and dashboards
    "accounts:home": Case(expect(302)),
    "accounts:dashboard": [
        dashboard("recipient", RECIPIENT_A, RECIPIENT_B),
        dashboard("representative", REPRESENTATIVE_OF_A, REPRESENTATIVE_ENDED),
        dashboard("practitioner", *PRACTITIONERS),
        dashboard("personal_assistant", PA),
        dashboard("adviser", ADVISER),
        dashboard("manager", MANAGER),
        dashboard("coproduction", COPRODUCTION),
        Case(expect(404, anonymous=302), kwargs={"role": "no-such-role"}, label="unknown role"),
    ],
    # Invitations: managers invite staff and practitioners; advisers invite
    # co-production members.
    "accounts:invitation_list": Case(expect(403, anonymous=302, staff=200)),
    "accounts:invitation_withdraw": Case(expect(405)),
    "accounts:invitation_accept": Case(expect(200)),
    # "Your direct payment": a recipient goes to their own page (302); a
    # representative chooses whose to see, or is told there is none yet.
    "recipients:my_direct_payment": Case(
        expect(403, anonymous=302, recipient_a=302, recipient_b=302, representative_of_a=200, representative_ended=200)
    ),
    # A's record: A, who acts for A today, A's practitioner and DPSS staff.
    # Everyone else gets 404, as if it did not exist.
    "recipients:direct_payment": [
        Case(
            expect(404, anonymous=302, recipient_a=200, representative_of_a=200, practitioner_of_a=200, staff=200),
            kwargs={"pk": "{recipient_a}"},
        ),
        # A practitioner keeps seeing a person for 90 days after their direct payment ends, then not.
        Case(
            expect(404, anonymous=302, practitioner_of_a=200, staff=200),
            kwargs={"pk": "{ended_recently}"},
            label="ended 10 days ago",
        ),
        Case(expect(404, anonymous=302, staff=200), kwargs={"pk": "{ended_long_ago}"}, label="ended 120 days ago"),
    ],
    # A's payments and balances, on screen and as CSV: the same people as the record.
    "recipients:money_history": Case(
        expect(404, anonymous=302, recipient_a=200, representative_of_a=200, practitioner_of_a=200, staff=200),
        kwargs={"pk": "{recipient_a}"},
    ),
    "recipients:money_history_csv": Case(
        expect(404, anonymous=302, recipient_a=200, representative_of_a=200, practitioner_of_a=200, staff=200),
        kwargs={"pk": "{recipient_a}"},
    ),
    # Documents, statements and the agreement (issue 3, documents): the same
    # people as the record. A's ready PDF downloads for them; 404 for others.
    # Signing is a POST, refused (403) to those who may see but not sign:
    # tests/recipients/test_documents_views.py walks those.
    "recipients:documents": Case(
        expect(404, anonymous=302, recipient_a=200, representative_of_a=200, practitioner_of_a=200, staff=200),
        kwargs={"pk": "{recipient_a}"},
    ),
    "recipients:document_download": Case(
        expect(404, anonymous=302, recipient_a=200, representative_of_a=200, practitioner_of_a=200, staff=200),
        kwargs={"pk": "{recipient_a}", "version_pk": "{document_a}"},
    ),
    "recipients:agreement_sign": Case(
        expect(404, anonymous=302, recipient_a=200, representative_of_a=200, practitioner_of_a=200, staff=200),
        kwargs={"pk": "{recipient_a}"},
    ),
    # Staff prepare an agreement: POST only.
    "recipients:agreement_prepare": Case(expect(405), kwargs={"pk": "{recipient_a}"}),
    # --- Financial check-ups -------------------------------------------------
    # A's check-up (waiting for A) and a statement A added: everyone who may
    # see A's record sees them; answering is for A and who may act for A
    # (the representative of A here may only see: 403); the "sent" page sends
    # people back to the check-up while it is still waiting (302).
    "recipients:checkup": Case(
        expect(404, anonymous=302, recipient_a=200, representative_of_a=200, practitioner_of_a=200, staff=200),
        kwargs={"pk": "{recipient_a}", "checkup_pk": "{checkup_a}"},
    ),
    "recipients:checkup_check": Case(
        expect(404, anonymous=302, recipient_a=200, representative_of_a=403, practitioner_of_a=403, staff=403),
        kwargs={"pk": "{recipient_a}", "checkup_pk": "{checkup_a}"},
    ),
    "recipients:checkup_sent": Case(
        expect(404, anonymous=302, recipient_a=302, representative_of_a=302, practitioner_of_a=302, staff=302),
        kwargs={"pk": "{recipient_a}", "checkup_pk": "{checkup_a}"},
    ),
    "recipients:checkup_evidence": Case(
        expect(404, anonymous=302, recipient_a=200, representative_of_a=200, practitioner_of_a=200, staff=200),
        kwargs={"pk": "{recipient_a}", "checkup_pk": "{checkup_a}", "evidence_pk": "{evidence_a}"},
    ),
    "recipients:checkup_evidence_remove": Case(
        expect(405), kwargs={"pk": "{recipient_a}", "checkup_pk": "{checkup_a}", "evidence_pk": "{evidence_a}"}
    ),
    # Advisers' pages: DPSS staff only.
    "recipients:checkup_start": Case(expect(403, anonymous=302, staff=200), kwargs={"pk": "{recipient_a}"}),
    "recipients:checkup_queue": Case(expect(403, anonymous=302, staff=200)),
    "recipients:checkup_review": Case(expect(403, anonymous=302, staff=200), kwargs={"pk": "{checkup_a}"}),
    # --- Staff record (issue 3, staff area) ---
    # A's whole record: DPSS staff and A's practitioner; another practitioner
    # gets 404, everyone else 403 (no staff or practitioner role).
    "recipients:staff_record": [
        Case(
            expect(403, anonymous=302, practitioner_of_a=200, practitioner_other=404, staff=200),
            kwargs={"pk": "{recipient_a}"},
        ),
        Case(
            expect(403, anonymous=302, practitioner_of_a=200, practitioner_other=404, staff=200),
            kwargs={"pk": "{ended_recently}"},
            label="ended 10 days ago",
        ),
        Case(
            expect(403, anonymous=302, practitioners=404, staff=200),
            kwargs={"pk": "{ended_long_ago}"},
            label="ended 120 days ago",
        ),
    ],
    # What staff do on the record: DPSS staff only (recipients.manage).
    **{
        f"recipients:staff_{name}": Case(
            expect(403, anonymous=302, staff=200), kwargs={"pk": "{recipient_a}", "dp_pk": "{direct_payment_a}"}
        )
        for name in ("payment_new", "balance_new", "verify_account", "pause", "restart", "end")
    },
    "recipients:staff_representative_add": Case(expect(403, anonymous=302, staff=200), kwargs={"pk": "{recipient_a}"}),
    "recipients:staff_representative_change": Case(
        expect(403, anonymous=302, staff=200), kwargs={"pk": "{recipient_a}", "rep_pk": "{representative_of_a}"}
    ),
    "recipients:staff_representative_end": Case(
        expect(403, anonymous=302, staff=200), kwargs={"pk": "{recipient_a}", "rep_pk": "{representative_of_a}"}
    ),
    "recipients:staff_recipient_invite": Case(expect(403, anonymous=302, staff=200), kwargs={"pk": "{recipient_a}"}),
    # Check-ins: DPSS staff; deciding on asking for money back: managers only.
    "recipients:staff_check_ins": Case(expect(403, anonymous=302, staff=200)),
    "recipients:staff_check_in": Case(expect(403, anonymous=302, staff=200), kwargs={"pk": "{check_in_a}"}),
    "recipients:staff_recovery_propose": Case(expect(403, anonymous=302, staff=200), kwargs={"pk": "{check_in_a}"}),
    # Staff see a request for money back (the adviser proposed this one); only a manager who did not propose
    # it gets the decision form (tests/recipients/test_check_ins.py).
    "recipients:staff_recovery_decide": Case(expect(403, anonymous=302, staff=200), kwargs={"pk": "{recovery_a}"}),
    # Finding people (staff search): DPSS staff see everyone, practitioners their
    # caseload; the same page for both. Nobody else.
    "recipients:staff_search": Case(expect(403, anonymous=302, staff=200, practitioners=200)),
    # Bulk imports: DPSS staff only. "{import_run}" is a finished run with rejected rows.
    "recipients:import_list": Case(expect(403, anonymous=302, staff=200)),
    "recipients:import_detail": Case(expect(403, anonymous=302, staff=200), kwargs={"pk": "{import_run}"}),
    "recipients:import_rejected_csv": Case(expect(403, anonymous=302, staff=200), kwargs={"pk": "{import_run}"}),
    # Undelivered messages: managers only
    "notifications:dead_letter_list": Case(expect(403, anonymous=302, manager=200)),
    "notifications:dead_letter_retry": Case(expect(405), kwargs={"pk": "1"}),
    # allauth
    "account_login": Case(ANONYMOUS_ONLY),
    "account_logout": Case(expect(200, anonymous=302)),
    "account_inactive": Case(PUBLIC),
    "account_signup": Case(ANONYMOUS_ONLY),
    "account_reauthenticate": Case(SIGNED_IN_ONLY),
    "account_email": Case(SIGNED_IN_ONLY),
    "account_email_verification_sent": Case(PUBLIC),
    "account_change_password": Case(SIGNED_IN_ONLY),
    "account_set_password": Case(expect(302)),
    "account_reset_password": Case(PUBLIC),
    "account_confirm_login_code": Case(expect(302)),  # sign-in by code is off
    "account_confirm_email": Case(PUBLIC),
    "account_reset_password_from_key_done": Case(PUBLIC),
    "account_reset_password_from_key": Case(PUBLIC),
    "account_reset_password_done": Case(PUBLIC),
    "mfa_index": Case(SIGNED_IN_ONLY),
    "mfa_authenticate": Case(expect(302)),
    # Only people with an authenticator re-authenticate with it; others are
    # sent to re-enter their password.
    "mfa_reauthenticate": Case(expect(302, practitioners=200, staff=200)),
    "mfa_activate_totp": Case(expect(302)),
    # Turning the authenticator off asks for the password again first; there
    # is nothing to turn off (404) for someone without one.
    "mfa_deactivate_totp": Case(expect(404, anonymous=302, practitioners=302, staff=302)),
    # The test actors have no recovery codes yet: nothing to show (404).
    "mfa_view_recovery_codes": Case(expect(404, anonymous=302)),
    "mfa_generate_recovery_codes": Case(expect(302)),
    "mfa_download_recovery_codes": Case(expect(404, anonymous=302)),
    # ... which sends anonymous people to the portal's sign-in (with its rate
    # limits and MFA) and refuses anyone signed in without is_staff.
    "admin:login": Case(expect(403, anonymous=302)),
}

# Whole namespaces with one rule. The Django admin is for technical
# superusers only: no DPSS role opens it.
NAMESPACE_POLICY: dict[str, Case] = {
    # Every admin page sends people to the admin sign-in ...
    "admin": Case(expect(302)),
}

# The queries app keeps its policy beside its parts (tests/policy_queries/).
from tests.policy_queries import POLICY as QUERIES_POLICY  # noqa: E402

POLICY.update(QUERIES_POLICY)
