"""The staff upload page, the import's progress and report, the rejected rows download, and the commands."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from dpss.accounts.models import Role
from recipients.models import ImportRun, Payment, Recipient
from tests.recipients.factories import DirectPaymentFactory, ImportRunFactory, RecipientFactory
from tests.recipients.import_files import PAYMENTS_HEADER, PEOPLE_HEADER, csv_bytes, payment, person_row

pytestmark = pytest.mark.django_db

LIST = reverse("recipients:import_list")


@pytest.fixture
def margaret_dp():
    return DirectPaymentFactory(recipient=RecipientFactory(council_reference="HCC0000101"))


def upload(client, user, content: bytes, *, name="payments.csv", kind="payments", skip=False):
    client.force_login(user)
    data = {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="text/csv")}
    if skip:
        data["skip_invalid"] = "on"
    return client.post(LIST, data)


def test_staff_upload_a_file_and_follow_it_to_its_report(
    client, adviser, margaret_dp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            client, adviser, csv_bytes(PAYMENTS_HEADER, [payment(), payment("VW-2", kind="bogus")]), skip=True
        )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("recipients:import_detail", kwargs={"pk": run.pk})
    assert (run.status, run.started_by, run.skip_invalid) == (ImportRun.Status.DONE, adviser, True)
    assert Payment.objects.get().reference == "VW-1"
    page = " ".join(client.get(response["Location"]).text.split())
    assert "Imported payments.csv: 1 new, 0 changed, 0 unchanged, 1 rejected." in page
    assert "Rows that need fixing" in page
    assert "type: “bogus” is not one of: scheduled, paid, adjusted." in page
    listing = client.get(LIST).text
    assert "payments.csv" in listing and "1 new, 0 changed, 0 unchanged, 1 skipped" in " ".join(listing.split())


def test_a_file_with_bad_rows_is_not_imported_unless_asked_and_the_page_says_what_to_do(
    client, adviser, margaret_dp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, adviser, csv_bytes(PAYMENTS_HEADER, [payment(), payment("VW-2", when="yesterday")]))
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED
    assert not Payment.objects.exists()
    page = " ".join(client.get(reverse("recipients:import_detail", kwargs={"pk": run.pk})).text.split())
    assert "Nothing was imported" in page
    assert "1 of 2 rows need fixing" in page
    assert "date: “yesterday” is not a date" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("payments.csv", b"", "The file is empty"),
        ("payments.csv", b"PK\x03\x04....", "This is an Excel workbook or a zip file, not a CSV file."),
        ("payments.pdf.csv", b"council_reference\n", "two extensions (.pdf.csv)"),
        ("payments.csv", b"name,amount\nA,1\n", "The first row must name the columns"),
        ("payments.csv", "amount\n£1\n".encode("cp1252"), "not saved as UTF-8"),
    ],
    ids=["empty", "workbook", "double-extension", "wrong-header", "not-utf8"],
)
def test_a_file_that_cannot_be_imported_is_refused_on_the_page(client, adviser, name, content, message):
    response = upload(client, adviser, content, name=name)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert 'href="#id_file"' in response.text
    assert not ImportRun.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, adviser, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 0
    response = upload(client, adviser, csv_bytes(PAYMENTS_HEADER, [payment()]))
    assert "The file is bigger than 0 MB" in response.text
    assert not ImportRun.objects.exists()


def test_a_huge_body_is_refused_before_it_is_read(client, adviser, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    client.force_login(adviser)
    response = client.post(LIST, data=b"x" * (2 * 1024 * 1024), content_type="application/octet-stream")
    assert response.status_code == 200
    assert "The file is bigger than 1 MB" in response.text


def test_choosing_nothing_asks_for_the_kind_and_the_file(client, adviser):
    client.force_login(adviser)
    response = client.post(LIST, {})
    assert "Choose what the file holds" in response.text
    assert "Choose a CSV file to upload" in response.text
    assert 'href="#id_kind_1"' in response.text  # the first radio, which exists


@pytest.mark.parametrize("value", ["nul\x00", "x" * 10_240, "<b>", ""])
def test_hostile_form_values_get_a_message(client, adviser, value):
    client.force_login(adviser)
    response = client.post(LIST, {"kind": value, "file": value, "skip_invalid": value})
    assert response.status_code == 200
    assert "There is a problem" in response.text


def test_while_running_the_page_shows_progress_and_refreshes_itself_politely(client, adviser):
    run = ImportRunFactory(status=ImportRun.Status.RUNNING, total_rows=50_000, processed_rows=12_000, errors=[])
    client.force_login(adviser)
    url = reverse("recipients:import_detail", kwargs={"pk": run.pk})
    page = client.get(url).text
    assert "12,000 of 50,000 rows checked" in page
    assert f'<a class="govuk-link" href="{url}">Check progress</a>' in page  # without JavaScript
    assert re.search(r'id="import-status" aria-live="polite" hx-get="[^"]+" hx-trigger="every 2s"', page)
    assert "js/htmx.min.js" in page
    assert "http-equiv" not in page  # no meta refresh
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and "12,000 of 50,000 rows checked" in partial.text


def test_once_finished_htmx_stops_polling_and_gets_the_report(client, adviser):
    run = ImportRunFactory()
    client.force_login(adviser)
    partial = client.get(reverse("recipients:import_detail", kwargs={"pk": run.pk}), headers={"HX-Request": "true"})
    assert partial.status_code == 286  # htmx: stop polling
    assert 'id="import-report" hx-swap-oob="true"' in partial.text
    assert "Rows that need fixing" in partial.text


def test_the_rejected_rows_download_escapes_formulas(client, adviser):
    run = ImportRunFactory()
    client.force_login(adviser)
    response = client.get(reverse("recipients:import_rejected_csv", kwargs={"pk": run.pk}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "Row,What needs fixing"
    assert lines[1].startswith("3,\"'=HYPERLINK(")


def test_the_pages_cost_the_same_queries_with_1_and_20_imports(client, adviser, queries_of):
    client.force_login(adviser)
    ImportRunFactory(started_by=adviser)
    one = queries_of(lambda: client.get(LIST))
    for _ in range(19):
        ImportRunFactory(started_by=adviser)
    assert queries_of(lambda: client.get(LIST)) == one


def test_practitioners_cannot_import(client, make_user):
    client.force_login(make_user(Role.PRACTITIONER))
    assert client.get(LIST).status_code == 403
    response = client.post(LIST, {"kind": "payments", "file": SimpleUploadedFile("p.csv", b"x")})
    assert response.status_code == 403
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("role", [Role.ADVISER, Role.MANAGER])
def test_staff_dashboards_link_to_imports(client, make_user, role):
    client.force_login(make_user(role))
    assert f'href="{LIST}"' in client.get(reverse("accounts:dashboard", kwargs={"role": role})).text


# --- The commands ---------------------------------------------------------------


def test_import_recipients_prints_the_report_and_names_the_importer(tmp_path, manager):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(PEOPLE_HEADER, [person_row(), person_row("HCC0000102", "Joan Okafor")]))
    out = io.StringIO()
    call_command("import_recipients", str(path), "--by", manager.email, stdout=out)
    assert out.getvalue().strip() == "Imported people.csv: 2 new, 0 changed, 0 unchanged, 0 rejected."
    assert ImportRun.objects.get().started_by == manager
    out = io.StringIO()
    call_command("import_recipients", str(path), stdout=out)
    assert "0 new, 0 changed, 2 unchanged" in out.getvalue()


def test_import_payments_lists_rejected_rows_and_exits_non_zero(tmp_path, margaret_dp):
    path = tmp_path / "wallet.csv"
    path.write_bytes(csv_bytes(PAYMENTS_HEADER, [payment(), payment("VW-2", amount="12.345")]))
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_payments", str(path), stdout=out)
    assert failed.value.returncode == 2
    assert "Nothing was imported from wallet.csv: 1 of 2 rows need fixing." in out.getvalue()
    assert "Row 3: amount: “12.345” is not accepted. Enter the amount to the nearest penny" in out.getvalue()
    assert not Payment.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_payments", str(path), "--skip-invalid", stdout=io.StringIO())
    assert Payment.objects.get().amount == Decimal("1540.00")


def test_the_commands_refuse_a_file_they_cannot_read(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_recipients", str(path))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_recipients", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="No active account"):
        call_command("import_recipients", str(path), "--by", "nobody@example.com")
    assert not Recipient.objects.exists()


def test_the_example_files_in_docs_import_cleanly_over_the_demo_data(tmp_path):
    from pathlib import Path

    from django.conf import settings

    call_command("seed_demo")
    examples = Path(settings.BASE_DIR) / "docs" / "examples"
    for command, name, new in (
        ("import_recipients", "import-recipients.csv", 4),
        ("import_payments", "import-payments.csv", 6),
    ):
        out = io.StringIO()
        call_command(command, str(examples / name), stdout=out)
        assert out.getvalue().startswith(f"Imported {name}: {new} new, 0 changed, 0 unchanged, 0 rejected."), (
            out.getvalue()
        )
        again = io.StringIO()
        call_command(command, str(examples / name), stdout=again)
        assert f"0 new, 0 changed, {new} unchanged, 0 rejected" in again.getvalue()
