import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.points import services
from dangjian.points.models import PointsRule

DAY = dt.date(2025, 5, 12)


@pytest.fixture
def rules(company):
    """The default catalogue for the test company, valid from 2020."""
    services.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))
    return {r.code: r for r in PointsRule.objects.filter(company=company["root"])}


@pytest.fixture
def merit_rule(company, rules):
    """A merit rule worth 5, capped at 12 a quarter, approval required, no evidence needed."""
    return services.rule_create(
        actor=SYSTEM,
        company=company["root"],
        code="TEST_MERIT",
        name="岗位建功",
        category="merit",
        points=Decimal(5),
        valid_from=dt.date(2020, 1, 1),
        cap=Decimal(12),
        cap_period="quarter",
    )


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the background recomputations queued on commit (tests run inside one transaction that never commits)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
