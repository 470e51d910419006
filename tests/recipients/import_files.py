"""CSV files for import tests: the columns and rows of a small recipients or payments file."""

import csv
import io

PEOPLE_HEADER = [
    "council_reference",
    "full_name",
    "date_of_birth",
    "directorate",
    "care_group",
    "address_line_1",
    "postcode",
    "area",
    "nhs_number",
    "email",
    "format_preference",
    "newsletter_consent",
]
PAYMENTS_HEADER = ["council_reference", "payment_reference", "date", "amount", "type", "paid_date", "note", "balance"]


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def person_row(reference="HCC0000101", name="Margaret Ellis", **overrides) -> list[str]:
    values = {
        "council_reference": reference,
        "full_name": name,
        "date_of_birth": "14/03/1946",
        "directorate": "adults",
        "care_group": "Older adults",
        "address_line_1": "1 Demo Street",
        "postcode": "so238uj",
        "area": "Winchester",
        "nhs_number": "485 777 3456",
        "email": "margaret@example.com",
        "format_preference": "Large print",
        "newsletter_consent": "yes",
    }
    values.update(overrides)
    return [values[column] for column in PEOPLE_HEADER]


def payment(reference="VW-1", when="2025-04-01", amount="1540.00", kind="paid", paid="", note="", balance=""):
    return ["HCC0000101", reference, when, amount, kind, paid, note, balance]
