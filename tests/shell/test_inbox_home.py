"""The work inbox (待办) at the top of the home page: shown to every business role with its count and its empty state,
to none of the three system administrators or the MES/ERP account; its count is the inbox page's list count, read
with the items in one query; the newest unread notices that ask nothing are shown under it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.core.notifications.services import notifications_done, notify
from tests.factories import account_with_role

pytestmark = pytest.mark.django_db

BUSINESS = {
    "party_office": "root",
    "secretary": "branch_a",
    "committee_member": "branch_a",
    "group_leader": "group_a",
    "member": "branch_a",
    "employee": "branch_a",
    "team_leader": "branch_a",
    "panel_member": "root",
    "leader": "root",
}
SYSTEM_ACCOUNTS = {"system_admin": None, "security_admin": None, "audit_admin": None, "integration": "root"}


def ask(user, n, **fields):
    return notify(
        recipients=[user],
        kind="test.todo",
        subject=f"待办{n}",
        text=f"请处理第{n}项",
        link=f"/x/{n}/",
        action=True,
        **fields,
    )


@pytest.mark.parametrize("role", sorted(BUSINESS))
def test_every_business_role_sees_its_inbox_and_its_empty_state(client, company, role):
    user = account_with_role(role, company[BUSINESS[role]], username=f"h_{role}")
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="inbox-count">0<' in page and 'data-testid="inbox-empty"' in page
    ask(user, 1)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="inbox-count">1<' in page and page.count('data-testid="inbox-item"') == 1
    assert 'href="/x/1/"' in page and "去处理" in page and "刚刚" in page


@pytest.mark.parametrize("role", sorted(SYSTEM_ACCOUNTS))
def test_no_inbox_for_the_system_accounts(client, company, role):
    org = SYSTEM_ACCOUNTS[role]
    user = account_with_role(role, company[org] if org else None, username=f"h_{role}")
    client.force_login(user)
    assert 'data-testid="inbox"' not in client.get(reverse("home")).content.decode()


def test_count_equals_the_inbox_page_and_costs_one_query(client, company):
    user = account_with_role("secretary", company["branch_a"], username="h_sec")
    for n in range(9):
        ask(user, n, about=company["branch_b"] if n < 2 else None)
    notifications_done(about=company["branch_b"])  # two done: no longer in the inbox
    notify(recipients=[user], kind="test.news", subject="项目已批准", text="已批准的项目", link="/p/1/")
    client.force_login(user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    inbox_queries = [q["sql"] for q in queries if '"core_notification"' in q["sql"] and "COUNT" in q["sql"]]
    assert len(inbox_queries) == 1  # the items and their total in one query
    assert 'data-testid="inbox-count">7<' in page and page.count('data-testid="inbox-item"') == 6
    assert "待办8" in page and "待办2" not in page  # the newest six
    assert page.count('data-testid="news-item"') == 1 and "已批准的项目" in page
    listed = client.get(reverse("core:notifications") + "?tab=inbox").content.decode()
    assert 'data-testid="inbox-count">7<' in listed and listed.count('id="notification-row-') == 7
    assert listed.count('data-testid="state-action"') == 7 and "待办0" not in listed
    everything = client.get(reverse("core:notifications") + "?tab=all").content.decode()
    assert everything.count('id="notification-row-') == 10 and everything.count('data-testid="state-done"') == 2
