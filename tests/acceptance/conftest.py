"""Fixtures for the acceptance tests: three panel members (a leader, 安环, 财务), an open 2022 panel over the company
with criteria goal attainment 40 + 党建融合 30 + 示范带动 30, and helpers for inspected projects whose goals read their
actual values from production data (so goal attainment is computed, never typed)."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.projects.acceptance import services
from dangjian.projects.acceptance.models import Criterion
from tests.factories import PersonFactory, account_with_role
from tests.projects.factories import GoalFactory, ProjectFactory

D = Decimal
_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def english():
    """Service messages are read in English here, whatever the translation files hold."""
    with translation.override("en"):
        yield


@pytest.fixture
def judges(company):
    """Three accounts with the panel member role over the company, each linked to a person."""
    out = {}
    for name, person_name in (("j1", "周领导"), ("j2", "吴安环"), ("j3", "郑财务")):
        person = PersonFactory(branch=company["branch_b"], member=True, name=person_name)
        out[name] = account_with_role("panel_member", company["root"], person=person, username=name)
    return out


@pytest.fixture
def panel(office, company, judges):
    """An open 2022 panel with the three judges and criteria: goal attainment 40, 党建融合 30, 示范带动 30."""
    panel = services.panel_create(actor=office, org=company["root"], year=2022, name="2022年度验收专项工作组")
    for name, department in (("j1", "leadership"), ("j2", "safety_env"), ("j3", "finance")):
        services.panel_member_add(actor=office, panel=panel, user=judges[name], department=department)
    services.criteria_set(
        actor=office,
        panel=panel,
        attainment_weight=40,
        qualitative=[
            {"name": "党建融合", "description": "党建与生产融合程度", "weight": 30},
            {"name": "示范带动", "description": "", "weight": 30},
        ],
    )
    return panel


@pytest.fixture
def crit(panel):
    """The panel's criteria by short name: ga (goal attainment), fusion (党建融合), lead (示范带动)."""
    rows = {c.name: c for c in panel.criteria.all()}
    return {
        "ga": panel.criteria.get(kind=Criterion.Kind.GOAL_ATTAINMENT),
        "fusion": rows["党建融合"],
        "lead": rows["示范带动"],
    }


def goal_with_actual(project, unit, *, baseline, target, actual=None, direction="higher"):
    """A goal read from production data: one monthly value (June of the project's year) when `actual` is given.
    Goals with the same actual value share one indicator, as many projects read the same plant indicator (the
    actual values are read with one query per distinct indicator)."""
    key = f"{actual}-{direction}-{project.year}"
    indicator = Indicator.objects.filter(description=key).first()
    if indicator is None:
        n = next(_codes)
        indicator = Indicator.objects.create(
            code=f"ACC{n}",
            name=f"指标{n}",
            unit_of_measure="%",
            granularity="month",
            rollup="last",
            direction=direction,
            description=key,
        )
        if actual is not None:
            IndicatorValue.objects.create(
                indicator=indicator,
                unit=unit,
                granularity="month",
                period_start=dt.date(project.year, 6, 1),
                value=D(actual),
                source="manual",
            )
    return GoalFactory(
        project=project,
        indicator_name=indicator.name,
        baseline=D(baseline),
        target=D(target),
        direction=direction,
        source="series",
        indicator=indicator,
        unit=unit,
    )


@pytest.fixture
def inspected(company):
    """inspected(owner_key="branch_a", goals=[(baseline, target, actual[, direction])], **fields) → a project."""

    def make(owner_key="branch_a", goals=(("92.1", "92.6", "92.6"),), **fields):
        fields.setdefault("state", "inspected")
        project = ProjectFactory(owner=company[owner_key], **fields)
        for baseline, target, actual, *direction in goals:
            goal_with_actual(
                project,
                company["workshop"],
                baseline=baseline,
                target=target,
                actual=actual,
                direction=direction[0] if direction else "higher",
            )
        return project

    return make


def score_all(panel, judges, crit, table):
    """table: {judge: {project: (fusion, lead)}} entered through the service as each judge."""
    for judge, rows in table.items():
        for project, (fusion, lead) in rows.items():
            for criterion, value in ((crit["fusion"], fusion), (crit["lead"], lead)):
                services.score_save(actor=judges[judge], panel=panel, project=project, criterion=criterion, value=value)


@pytest.fixture
def browse():
    def make(user=None):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_login(user)
        return client

    return make
