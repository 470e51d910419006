"""Tagged PDFs (PDF/UA-1) from Django templates, with WeasyPrint. Called by workers only.

The fetcher serves nothing but the project's own static files, so a document
can never reach the network or the file system (docs/gotchas.md#gotcha-pdf-fetcher).
Large print follows the person's format preference: at least 16 pt
(docs/quality.md#large-print); we use 18 pt body text.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base URL that cannot resolve, so every relative link goes through our fetcher.
PDF_BASE_URL = "https://pdf.invalid/"
STANDARD_PT = 12
LARGE_PRINT_PT = 18
PDF_VARIANT = "pdf/ua-1"


class StaticFilesOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        prefix = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL
        if not url.startswith(prefix):
            raise ValueError(f"PDFs may only use the portal's static files, not {url}")
        path = finders.find(url[len(prefix) :].split("?")[0])
        if not path:
            raise ValueError(f"No such static file: {url}")
        with open(path, "rb") as handle:
            return URLFetcherResponse(url, body=handle.read())


def letterhead_address(service: dict) -> str:
    """The postal address without the service's name in front: the letterhead's first line names it already."""
    name, address = service["name"], service["address"]
    return address[len(name) :].lstrip(" ,") if address.startswith(name) else address


def render_pdf(*, template: str, context: dict, large_print: bool = False) -> bytes:
    """Render `template` (which extends `pdf/base.html`) as a tagged PDF."""
    document = laid_out(template=template, context=context, large_print=large_print)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def laid_out(*, template: str, context: dict, large_print: bool = False) -> Document:
    """The document laid out in pages, before it is written as a PDF (tests read its pages)."""
    full_context = {
        "service": settings.SERVICE,
        "letterhead_address": letterhead_address(settings.SERVICE),
        "large_print": large_print,
        "font_size_pt": LARGE_PRINT_PT if large_print else STANDARD_PT,
        **context,
    }
    html = render_to_string(template, full_context)
    html_document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesOnlyFetcher())
    return html_document.render(pdf_variant=PDF_VARIANT)
