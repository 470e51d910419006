"""Help article bodies: Markdown turned into GOV.UK markup, with any other HTML removed.

    {% load help_articles %}
    {{ article.body|article_markdown }}
    {{ article.easy_read_body|article_markdown:"easy-read" }}

Articles are written by staff in Markdown. The HTML Markdown makes is cleaned
with nh3 against a short allow-list (so a pasted script or style cannot reach
the page) and then given the GOV.UK Frontend classes. The page's own heading is
the article title, so headings in the body start at level 2.

Easy Read bodies put one idea on each line: every line becomes its own
paragraph, in larger text.
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ALLOWED_TAGS = {"h2", "h3", "p", "ul", "ol", "li", "a", "strong", "em", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}
EASY_READ = "easy-read"

# The GOV.UK classes each allowed tag gets, for standard and Easy Read bodies.
CLASSES = {
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
}
EASY_READ_CLASSES = {**CLASSES, "p": "govuk-body-l", "ul": "govuk-list govuk-list--bullet govuk-body-l"}

_LIST_LINE = re.compile(r"^\s*([-*+]|\d+[.)])\s")
_HEADING_LEVEL = re.compile(r"<(/?)h([1-6])>")
_OPEN_TAG = re.compile(r"<(h2|h3|p|ul|ol|a)(?=[\s>])")


def _shift_headings(html: str) -> str:
    """# and ## become level 2; ### and below level 3 (the page's h1 is the title)."""
    return _HEADING_LEVEL.sub(lambda m: f"<{m.group(1)}h{2 if int(m.group(2)) <= 2 else 3}>", html)


def _one_idea_per_line(text: str) -> str:
    """Easy Read: each line of text is a paragraph of its own (list lines stay a list)."""
    lines: list[str] = []
    for line in text.splitlines():
        previous = lines[-1] if lines else ""
        if line.strip() and previous.strip() and not (_LIST_LINE.match(line) and _LIST_LINE.match(previous)):
            lines.append("")
        lines.append(line)
    return "\n".join(lines)


def render_article(text: str, *, easy_read: bool = False) -> SafeString:
    text = str(text or "").replace("\x00", "")
    if easy_read:
        text = _one_idea_per_line(text)
    html = _shift_headings(markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html"))
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener"
    )
    classes = EASY_READ_CLASSES if easy_read else CLASSES
    styled = _OPEN_TAG.sub(lambda m: f'<{m.group(1)} class="{classes[m.group(1)]}"', cleaned)
    # Safe: nh3 has removed every tag and attribute outside the allow-list above; only fixed classes were added.
    return mark_safe(styled)  # noqa: S308


@register.filter(name="article_markdown")
def article_markdown(text: str, version: str = "") -> SafeString:
    """The article body as GOV.UK HTML; `"easy-read"` for an Easy Read body."""
    return render_article(text, easy_read=version == EASY_READ)
