"""Article bodies: Markdown shown as GOV.UK markup, with anything else removed."""

from django.template import Context, Template

from queries.templatetags.help_articles import render_article


def test_markdown_becomes_govuk_markup():
    html = render_article(
        "# Before your PA starts\n\nDo these **first**.\n\n- a contract\n- insurance\n\n"
        "1. Register with HMRC.\n2. Set up payroll.\n\n### Who to ask\n\n[Ask us](/help/)"
    )
    assert '<h2 class="govuk-heading-m">Before your PA starts</h2>' in html
    assert '<p class="govuk-body">Do these <strong>first</strong>.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert '<h3 class="govuk-heading-s">Who to ask</h3>' in html
    assert '<a class="govuk-link" href="/help/"' in html
    assert "<h1" not in html


def test_html_in_an_article_is_removed():
    html = render_article(
        'Hello <script>alert("x")</script><img src=x onerror=alert(1)> <b onclick="x()">there</b>'
        '<style>body{display:none}</style>\n\n[click](javascript:alert(1)) <a href="https://example.org" style="x">ok</a>'
    )
    for unwanted in ("<script", "alert(", "<img", "onclick", "onerror", "<style", "javascript:", "style="):
        assert unwanted not in html
    assert "there" in html
    assert 'href="https://example.org"' in html


def test_easy_read_puts_one_idea_on_each_line_in_larger_text():
    html = render_article("You can stop.\nTell us first.\n\n- one\n- two", easy_read=True)
    assert '<p class="govuk-body-l">You can stop.</p>' in html
    assert '<p class="govuk-body-l">Tell us first.</p>' in html
    assert html.count("<li>") == 2 and "govuk-list--bullet" in html


def test_the_filter_works_in_a_template_and_tolerates_nothing_and_nul():
    template = Template('{% load help_articles %}{{ body|article_markdown }}|{{ easy|article_markdown:"easy-read" }}')
    out = template.render(Context({"body": "Hello\x00 there", "easy": None}))
    assert out == '<p class="govuk-body">Hello there</p>|'
