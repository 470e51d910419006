from django.test import Client

from tests import authz_policy as policy
from tests.test_authz_matrix import actors, cases_for, query_records, records, sample_kwargs, staff_records, url_for  # noqa
from tests.urlwalk import all_routes

MINE = {"ask", "ask_suggestions", "ask_check", "ask_details", "ask_done", "my_queries", "query_detail", "query_withdraw",
        "attachment", "query_link", "query_link_withdraw", "attachment_link", "survey", "survey_thanks"}


def test_mine(actors, sample_kwargs):
    clients = {policy.ANONYMOUS: Client()}
    for actor, user in actors.items():
        clients[actor] = Client()
        clients[actor].force_login(user)
    wrong = []
    for route in all_routes():
        if not route.name.startswith("queries:") or route.name.split(":")[1] not in MINE:
            continue
        for case in cases_for(route):
            case_kwargs = {name: value.format(**sample_kwargs) for name, value in case.kwargs.items()}
            url = url_for(route, {**sample_kwargs, **case_kwargs})
            for actor in policy.ACTORS:
                status = clients[actor].get(url).status_code
                if status != case.expected[actor]:
                    wrong.append(f"{route.name} {case.label} {url} as {actor}: got {status}, policy says {case.expected[actor]}")
    assert not wrong, "\n".join(wrong)
