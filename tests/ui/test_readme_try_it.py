"""The README's "Try it" block stays true (issue 11, item 21): every demo account it names exists with the
password it gives, starts on the dashboard it says, and every address it shows is a page of the portal."""

import re
from pathlib import Path

from django.urls import Resolver404, resolve

from dpss.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from dpss.accounts.views import DASHBOARD_ORDER

README = Path(__file__).resolve().parents[2] / "README.md"


def try_it_block() -> str:
    text = README.read_text()
    start = text.index("### Try it")
    return text[start : text.index("\nSystem packages:", start)]


def test_each_demo_account_in_try_it_starts_where_the_readme_says():
    rows = re.findall(r"^\| (\S+@example\.com) \(\w+\) \| `(/[^`]*)` \|", try_it_block(), re.MULTILINE)
    accounts = {account.email: account for account in DEMO_ACCOUNTS}
    assert sorted(email for email, _ in rows) == sorted(accounts)
    for email, start in rows:
        main_role = next(role for role in DASHBOARD_ORDER if role in accounts[email].roles)
        assert start == f"/dashboard/{main_role.value}/", email


def test_the_password_and_every_address_in_try_it_are_real():
    block = try_it_block()
    assert f"**`{DEMO_PASSWORD}`**" in block
    paths = set(re.findall(r"`(/[a-z_/.-]*)`", block)) | {"/accounts/login/"}
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            raise AssertionError(f"README's Try it names {path}, which is not a page") from None
