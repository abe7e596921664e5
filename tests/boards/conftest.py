"""Fixtures for the board and compilation tests: projects with Chinese titles in two branches of the shared
`company`, a read-only leader login (as a wall screen would use) and helpers to build projects with plan rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import PersonFactory, account_with_role
from tests.projects.factories import GoalFactory, MeasureFactory, ProjectFactory, SubPlanFactory, TaskFactory

D = Decimal


@pytest.fixture
def leader(company):
    """A company leader (read-only over the whole company): the account a wall screen is logged in as."""
    return account_with_role("leader", company["root"], username="leader")


@pytest.fixture
def browse():
    def make(user=None):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_login(user)
        return client

    return make


def build_project(owner, *, title, goals=1, tasks=2, done=1, measures=1, sub_plans=1, **fields):
    """A project of `owner` with plan rows: goals (higher is better, 92.1 → 92.6), measures, sub-plans and tasks
    (the first `done` of them done, the rest due at the end of June)."""
    fields.setdefault("state", "in_progress")
    project = ProjectFactory(owner=owner, title=title, **fields)
    for i in range(goals):
        GoalFactory(project=project, indicator_name=f"电流效率{i + 1}", order=i)
    for i in range(measures):
        MeasureFactory(project=project, text=f"{title}的保障措施{i + 1}", order=i)
    for i in range(sub_plans):
        SubPlanFactory(project=project, title=f"{title}的子方案{i + 1}", order=i)
    person = PersonFactory(branch=owner)
    for i in range(tasks):
        TaskFactory(
            project=project,
            title=f"{title}的工作任务{i + 1}",
            owner=person,
            order=i,
            due_on=dt.date(2022, 6, 30),
            done_on=dt.date(2022, 5, 1) if i < done else None,
            evidence="已完成" if i < done else "",
        )
    return project


@pytest.fixture
def projects(company):
    """Three 2022 projects: two of branch BA, one of branch BB; and one of BA in 2021."""
    return {
        "a1": build_project(company["branch_a"], title="党建+提高电流效率", code="QN-2022-001"),
        "a2": build_project(company["branch_a"], title="党建+本质安全", code="QN-2022-002", domain="safety_env"),
        "b1": build_project(company["branch_b"], title="党建+节支创效", code="QN-2022-003", domain="cost"),
        "old": build_project(
            company["branch_a"],
            title="党建+往年项目",
            code="QN-2021-001",
            year=2021,
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 12, 31),
        ),
    }
