"""Policy for queries/urls/staff.py."""

from tests.authz_policy import Case, expect  # noqa: F401

POLICY: dict = {}
