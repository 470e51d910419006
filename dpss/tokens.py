"""Links that work without signing in (invitations, a query's link, a survey): one way to make and keep them.

The plain token goes into the link and is never stored; only its SHA-256
hash is, so a copy of the database cannot be used to open anything.
"""

from __future__ import annotations

import hashlib
import secrets


def link_token_new() -> str:
    return secrets.token_urlsafe(32)


def link_token_hash(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()
