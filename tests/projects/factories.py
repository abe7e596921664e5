"""Factories for projects and their plan rows (set-up only: they build rows directly, never through services)."""

import datetime as dt
from decimal import Decimal

import factory

from dangjian.projects.projects.models import Domain, Goal, Measure, Project, RuleRevision, State, SubPlan, Task
from tests.factories import PartyOrgFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    owner = factory.SubFactory(PartyOrgFactory)
    code = factory.Sequence(lambda n: f"T-2022-{n:03d}")
    title = factory.Sequence(lambda n: f"党建+提高电流效率 {n}")
    domain = Domain.PRODUCTION
    year = 2022
    starts_on = dt.date(2022, 1, 1)
    ends_on = dt.date(2022, 12, 31)
    problem = "电流效率低于行业标杆"
    state = State.PROPOSED


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    project = factory.SubFactory(ProjectFactory)
    indicator_name = "电流效率"
    unit_of_measure = "%"
    baseline = Decimal("92.1")
    target = Decimal("92.6")
    benchmark = Decimal("93")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    project = factory.SubFactory(ProjectFactory)
    text = factory.Sequence(lambda n: f"保障措施 {n}")


class SubPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubPlan

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"子方案 {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"工作任务 {n}")
    due_on = dt.date(2022, 6, 30)


class RuleRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleRevision

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"制度 {n}")
