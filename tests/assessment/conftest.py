"""Fixtures of the assessment tests: a 2022 template over the company fixture's root with a manual item (evidence
required), an automatic one (key tasks closed on time, linear 0.5 → 1), a quarterly manual item and one whose metric
has no provider (meetings, scored by hand)."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.assessment import services
from dangjian.assessment.models import KeyTask
from dangjian.core.services import SYSTEM
from tests.factories import account_with_role

JAN = dt.date(2022, 1, 1)


@pytest.fixture
def template(company):
    return build_template(company)


def build_template(company):
    """The 2022 template (the `template` fixture; the permission matrix builds it once per module)."""
    t = services.template_create(
        actor=SYSTEM,
        org=company["root"],
        year=2022,
        name="2022年党建工作双百分考核细则",
        party_weight=Decimal("0.6"),
        production_weight=Decimal("0.4"),
        pay_bands="1:1.2, *:0.9",
    )
    rows = [
        ("组织建设", "A1", {"title": "三会一课记录完整", "max_points": Decimal(10), "evidence_required": True}),
        (
            "组织建设",
            "A2",
            {
                "title": "重点工作任务按期销号",
                "max_points": Decimal(10),
                "source": "keytask_on_time",
                "zero_at": Decimal("0.5"),
                "full_at": Decimal(1),
            },
        ),
        ("作用发挥", "B1", {"title": "季度党课", "max_points": Decimal(5), "frequency": "quarterly"}),
        ("作用发挥", "B2", {"title": "组织生活按期开展", "max_points": Decimal(5), "source": "meeting_compliance"}),
    ]
    for order, (category, code, fields) in enumerate(rows):
        services.item_upsert(actor=SYSTEM, template=t, category_name=category, code=code, order=order, **fields)
    return t


def key_task(org, code, due, completed=None, status=None):
    return KeyTask.objects.create(
        year=due.year,
        code=code,
        title=f"重点任务{code}",
        category="party",
        owner_org=org,
        due_on=due,
        deliverable="总结",
        completed_on=completed,
        submitted_on=completed,
        status=status or ("closed" if completed else "open"),
    )


@pytest.fixture
def reviewer(company):
    """A secretary of the root (the superior org of both branches)."""
    return account_with_role("secretary", company["root"], username="sec_root")


@pytest.fixture
def dual(company, reviewer):
    """Secretary of branch A who also holds the secretary role over its parent (the root)."""
    from dangjian.accounts.models import RoleAssignment

    user = account_with_role("secretary", company["branch_a"], username="sec_dual")
    RoleAssignment.objects.create(user=user, role="secretary", org=company["root"])
    return user


@pytest.fixture(autouse=True)
def only_builtin_metrics(monkeypatch):
    """The tests read only this app's own metrics, whatever the other capabilities register after the merge."""
    from dangjian.assessment import metrics

    builtin = {
        code: m for code, m in metrics._REGISTRY.items() if code in (metrics.REVIEW_ON_TIME, metrics.KEYTASK_ON_TIME)
    }
    monkeypatch.setattr(metrics, "_REGISTRY", builtin)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages in English, so the tests read the sentences they check (the demo module builds in Chinese)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
