"""Header links of the queries app (dpss/ui/navigation.py). Each is added with the page it opens."""

from __future__ import annotations
