"""Finding people and importing files, in Chromium: 0 axe violations with JavaScript on and off, 320 px wide."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dpss.accounts.models import Role
from recipients.models import DirectPayment, ImportRun, Payment
from tests.browser.helpers import JS, check_error_summary_links, narrow_screen, page_width
from tests.recipients.factories import DirectPaymentFactory, ImportRunFactory, RecipientFactory
from tests.recipients.import_files import PAYMENTS_HEADER, csv_bytes, payment

pytestmark = pytest.mark.browser


def a_caseload(practitioner=None):
    margaret = RecipientFactory(full_name="Margaret Ellis", council_reference="HCC9000101", postcode="SO23 8UJ")
    DirectPaymentFactory(recipient=margaret, practitioner=practitioner)
    for n in range(30):
        DirectPaymentFactory(
            recipient=RecipientFactory(
                full_name=f"Alex Example {n:02d}", area="Basingstoke and Deane", postcode="RG21 7PJ"
            ),
            status=DirectPayment.Status.SUSPENDED if n % 3 else DirectPayment.Status.ACTIVE,
        )
    return margaret


@JS
def test_an_adviser_finds_a_person_from_the_header(server, open_page, assert_accessible, make_user, js):
    adviser = make_user(Role.ADVISER)
    a_caseload()
    page = open_page(js=js, user=adviser)
    page.goto(server + "/dashboard/adviser/")
    page.get_by_role("link", name="Find a person", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person")
    assert_accessible(page, js=js)
    page.get_by_label("Name, council reference or postcode").fill("so23")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2, name="1 person found")).to_be_visible()
    expect(page.get_by_role("link", name="Margaret Ellis")).to_be_visible()
    assert_accessible(page, js=js)


@JS
def test_filters_pages_and_no_results_have_no_axe_violations(server, open_page, assert_accessible, make_user, js):
    adviser = make_user(Role.ADVISER)
    a_caseload()
    page = open_page(js=js, user=adviser)
    page.goto(server + "/team/people/")
    page.get_by_label("Area (district)").select_option("Basingstoke and Deane")
    page.get_by_label("Direct payment status").select_option(label="Paused")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2, name="20 people found")).to_be_visible()
    page.get_by_label("Direct payment status").select_option("")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"area=Basingstoke\+and\+Deane.*page=2"))
    expect(page.get_by_role("link", name="Alex Example 29")).to_be_visible()
    assert_accessible(page, js=js)
    page.goto(server + "/team/people/?q=Zebedee&checkup_due=on")
    expect(page.get_by_text("check the spelling")).to_be_visible()
    assert_accessible(page, js=js)


def test_a_search_error_links_to_the_box_and_moves_focus_there(server, open_page, assert_accessible, make_user):
    page = open_page(user=make_user(Role.ADVISER))
    page.goto(server + "/team/people/?q=" + "x" * 101)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter 100 characters or fewer")
    assert_accessible(page)
    assert check_error_summary_links(page, press_enter=False) == ["#id_q"]


def test_a_practitioner_searches_their_caseload(server, open_page, assert_accessible, make_user):
    practitioner = make_user(Role.PRACTITIONER)
    a_caseload(practitioner)
    page = open_page(user=practitioner)
    page.goto(server + "/dashboard/practitioner/")
    page.get_by_role("link", name="Find a person on your caseload").click()
    expect(page.get_by_role("heading", level=2, name="1 person")).to_be_visible()
    assert_accessible(page)


@JS
def test_an_adviser_imports_a_payments_file_and_reads_the_report(
    server, open_page, assert_accessible, make_user, tmp_path, js
):
    adviser = make_user(Role.ADVISER)
    DirectPaymentFactory(recipient=RecipientFactory(council_reference="HCC0000101"))
    path = tmp_path / "wallet-april.csv"
    path.write_bytes(csv_bytes(PAYMENTS_HEADER, [payment(), payment("VW-2", when="next tuesday")]))
    page = open_page(js=js, user=adviser)
    page.goto(server + "/dashboard/adviser/")
    page.get_by_role("link", name="Import recipients or payments from a CSV file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import recipients or payments")
    assert_accessible(page, js=js)
    page.get_by_label("Payments: a Virtual Wallet or finance export").check()
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_label("Import the rows that are right").check()
    page.get_by_role("button", name="Upload and check the file").click()
    # The worker runs eagerly in tests: the report is there on arrival.
    expect(page.get_by_role("heading", level=1)).to_have_text("wallet-april.csv")
    expect(page.get_by_text("Imported wallet-april.csv: 1 new, 0 changed, 0 unchanged, 1 rejected.")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("date: “next tuesday” is not a date"))).to_be_visible()
    assert_accessible(page, js=js)
    assert Payment.objects.count() == 1


def test_upload_errors_link_to_their_fields(server, open_page, assert_accessible, make_user):
    page = open_page(user=make_user(Role.MANAGER))
    page.goto(server + "/team/imports/")
    page.get_by_role("button", name="Upload and check the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what the file holds")
    assert_accessible(page)
    assert check_error_summary_links(page, press_enter=False) == ["#id_kind_1", "#id_file"]


@JS
def test_a_running_import_shows_its_progress(server, open_page, assert_accessible, make_user, js):
    run = ImportRunFactory(status=ImportRun.Status.RUNNING, total_rows=50_000, processed_rows=12_000, errors=[])
    page = open_page(js=js, user=make_user(Role.ADVISER))
    page.goto(server + f"/team/imports/{run.pk}/")
    status = page.locator("#import-status")
    expect(status).to_contain_text("12,000 of 50,000 rows checked")
    assert_accessible(page, js=js)
    # Without waiting for htmx's 2-second poll (its swap is tested on the server in
    # test_imports_pages.py): the finished run's report, as the next load shows it.
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.DONE, processed_rows=50_000)
    page.get_by_role("link", name="Check progress").click()
    expect(status).to_contain_text("Imported")
    expect(page.get_by_role("heading", name="Rows that need fixing")).to_be_visible()
    assert_accessible(page, js=js)


def test_search_and_import_pages_fit_a_320px_wide_screen(server, open_page, make_user):
    """WCAG 1.4.10 reflow: at 320 CSS pixels (400% zoom) nothing scrolls sideways."""
    adviser = make_user(Role.ADVISER)
    a_caseload()
    run = ImportRunFactory(started_by=adviser, original_name="a-very-long-file-name-from-the-finance-system-2025.csv")
    page = open_page(user=adviser)
    with narrow_screen(page):
        widths = {}
        for path in ("/team/people/?area=Basingstoke+and+Deane", "/team/imports/", f"/team/imports/{run.pk}/"):
            page.goto(server + path)
            widths[path] = page_width(page)
    assert all(width <= 320 for width in widths.values()), widths
