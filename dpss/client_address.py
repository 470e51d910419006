"""The address of the person making a request: one answer for rate limits, the audit log and signatures.

Behind proxies, `REMOTE_ADDR` is the nearest proxy's address, and each proxy appends the address it
saw to `X-Forwarded-For`. Only the entries our own proxies appended can be believed: anything to
their left came from the client, who can write what they like there. So with `TRUSTED_PROXY_COUNT`
proxies in front (docker-compose.yml's nginx is one), the client is the N-th entry from the right.

- `TRUSTED_PROXY_COUNT=0` (`make run`, no proxy): `X-Forwarded-For` is ignored.
- A header with fewer entries than trusted proxies did not come through all of them: `REMOTE_ADDR`.
- The left-most entry is never taken for itself (docs/gotchas.md#gotcha-client-address).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, written the standard way, or None if there is no valid one."""
    trusted = settings.TRUSTED_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted > 0 and forwarded.strip():
        entries = forwarded.split(",")
        if len(entries) >= trusted:
            candidate = entries[-trusted]
    return ip_address_or_none(candidate)


def ip_address_or_none(value: object) -> str | None:
    """`value` as a standard IP address (a port, or brackets round IPv6, taken off); None if it is not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
