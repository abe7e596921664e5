"""A small company for the service tests: requests of branch BA (in scope) and BB (out of scope), a submitter, a
handler and people with every standing."""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.service.models import ServiceRequest, State
from tests.factories import PersonFactory, account_with_role


@pytest.fixture
def people(company):
    return {
        "submitter": PersonFactory(branch=company["branch_a"], name="孙员工"),
        "handler": PersonFactory(branch=company["branch_a"], member=True, name="周处理"),
        "other": PersonFactory(branch=company["branch_a"], name="吴同事"),
        "outsider": PersonFactory(branch=company["branch_b"], name="郑外人"),
    }


@pytest.fixture
def logins(company, people):
    """One login per standing over a request of BA (ROOT ⊃ BA ⊃ GA, ROOT ⊃ BB)."""
    return {
        "office": account_with_role("party_office", company["root"], username="s_office"),
        "sec_a": account_with_role("secretary", company["branch_a"], username="s_sec_a"),
        "sec_b": account_with_role("secretary", company["branch_b"], username="s_sec_b"),
        "leader": account_with_role("leader", company["root"], username="s_leader"),
        "committee": account_with_role("committee_member", company["branch_a"], username="s_committee"),
        "submitter": account_with_role("employee", company["branch_a"], person=people["submitter"], username="s_sub"),
        "handler": account_with_role("member", company["branch_a"], person=people["handler"], username="s_handler"),
        "other": account_with_role("employee", company["branch_a"], person=people["other"], username="s_other"),
        "outsider": account_with_role("employee", company["branch_b"], person=people["outsider"], username="s_out"),
    }


@pytest.fixture
def make_request(company, people):
    """A request row built directly (test set-up), in `state`, handled by BA unless told."""

    def make(state=State.SUBMITTED, org=None, submitter=None, handler="handler", **fields):
        today = timezone.localdate()
        answered = state in (State.RESOLVED, State.FEEDBACK, State.CLOSED)
        values = {
            "category": "welfare",
            "title": "澡堂热水不足",
            "description": "夜班下班后澡堂没有热水。",
            "submitter": submitter or people["submitter"],
            "handling_org": org or company["branch_a"],
            "handler": people[handler] if handler and state != State.SUBMITTED else None,
            "state": state,
            "submitted_on": today,
            "accept_due": today + dt.timedelta(days=3),
            "resolve_due": today + dt.timedelta(days=20),
            "accepted_on": today if state != State.SUBMITTED else None,
            "resolved_on": today if answered else None,
            "resolution": "已更换热水器。" if answered else "",
            "rating": 4 if state in (State.FEEDBACK, State.CLOSED) else None,
            "rated_on": today if state in (State.FEEDBACK, State.CLOSED) else None,
        }
        values.update(fields)
        return ServiceRequest.objects.create(**values)

    return make
