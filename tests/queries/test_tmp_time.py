import pytest
from django.db import connection
from dpss.accounts.demo import seed_demo_accounts
from queries.demo_help import seed_demo_help
from queries.selectors import help as h

pytestmark = pytest.mark.django_db


def explain(sql, params=()):
    with connection.cursor() as c:
        for _ in range(5):
            c.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql, params)
            rows = c.fetchall()
    return rows[-1][0]


def test_time():
    seed_demo_accounts(); seed_demo_help()
    text = "I need help paying my PA's wages through payroll and I am not sure about HMRC or the pension " * 5
    words = h.search_words(text)
    print("words", len(words))
    print("bare vectors", explain("SELECT to_tsvector('english', title || ' ' || keywords || ' ' || summary || ' ' || body) FROM queries_article"))
    for every in (False, True):
        qs = h._ranked_postgres(words, every=every).order_by("-rank", "topic__order", "title")[:5]
        sql, params = qs.query.sql_with_params()
        print(every, explain(sql, params))
    print(sql[:3000])
