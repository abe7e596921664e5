"""The indices' test data on a company built by tests/factories.build_company (ROOT ⊃ BA ⊃ GA, ROOT ⊃ BB; 李明 in
BA, 王芳 in BB): last year's weights (version 1, as the office set them then), a 党建+X project of BA with one goal
reviewed in December (50 % attained) and January (100 %), 李明 on the project, his merit points (5 in December,
10 in January), and the indices computed for December last year and January this year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from dangjian.core.services import SYSTEM
from dangjian.indices import services
from dangjian.indices.models import Kind, WeightVersion
from tests.factories import PersonFactory

YEAR = timezone.localdate().year
DEC = dt.date(YEAR - 1, 12, 1)
JAN = dt.date(YEAR, 1, 1)
V1_BRANCH = {"project_goals": 50, "points": 50}
V1_MEMBER = {"member_points": 60, "member_projects": 40}


def _weights(kind, given):
    from dangjian.indices import components

    return {c.code: given.get(c.code, 0) for c in components.of_kind(kind)}


def seed(company: dict) -> dict:
    from dangjian.points import services as points
    from dangjian.points.models import PointsEntry, PointsRule
    from dangjian.projects.projects.models import Goal, ProjectMember, State
    from dangjian.projects.reviews.models import GoalActual, ProjectReview
    from tests.projects.factories import GoalFactory, ProjectFactory

    root = company["root"]
    # Last year's weights, as the office set them last year (the service only accepts this year on).
    v1 = {
        kind: WeightVersion.objects.create(
            company=root, kind=kind, number=1, valid_from=dt.date(YEAR - 1, 1, 1), weights=_weights(kind, given)
        )
        for kind, given in ((Kind.BRANCH, V1_BRANCH), (Kind.MEMBER, V1_MEMBER))
    }
    person_c = PersonFactory(branch=company["branch_a"], member=True, name="周强")
    project = ProjectFactory(
        owner=company["branch_a"],
        code="IDX-001",
        title="党建+降低电耗",
        state=State.IN_PROGRESS,
        year=YEAR - 1,
        starts_on=dt.date(YEAR - 1, 1, 1),
        ends_on=dt.date(YEAR, 12, 31),
    )
    goal = GoalFactory(project=project, baseline=Decimal(90), target=Decimal(100), direction=Goal.Direction.HIGHER)
    ProjectMember.objects.create(project=project, person=company["person_a"])
    for month, actual in ((DEC, Decimal(95)), (JAN, Decimal(100))):
        review = ProjectReview.objects.create(project=project, month=month, status="submitted")
        GoalActual.objects.create(review=review, goal=goal, value=actual, source="entered")
    points.defaults_install(actor=SYSTEM, company=root, valid_from=dt.date(2020, 1, 1))
    rule = PointsRule.objects.filter(company=root, category="merit").order_by("code").first()
    for day, amount in ((dt.date(YEAR - 1, 12, 10), 5), (dt.date(YEAR, 1, 12), 10)):
        PointsEntry.objects.create(
            person=company["person_a"],
            rule=rule,
            points=amount,
            awarded=amount,
            occurred_on=day,
            reason="技术攻关",
            status=PointsEntry.Status.APPROVED,
        )
    for month in (DEC, JAN):
        services.compute_month(actor=SYSTEM, company=root, month=month)
    return {"v1": v1, "project": project, "goal": goal, "person_c": person_c, "rule": rule}
