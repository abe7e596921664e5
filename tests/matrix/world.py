"""The world of the root permission matrix, shared by the capability matrices that build on it: the company
(tests/factories.build_company), one login per role, and the objects each root URL can point at.

Building it takes seconds and a dozen modules read it (the root matrix, the cross-company matrix and most capability
matrices), so it is built ONCE per test run (per xdist worker), like the demo (tests/demo/world.py): the `matrix_base`
fixture (tests/conftest.py) opens it on first use inside an outer transaction (tests/worlds.py) that stays open while
the modules that read it run one after the other (tests/conftest.py keeps them together and on one xdist worker).
Each module adds its own objects in a savepoint of that transaction, rolled back when the module ends
(runner.base_world), and each test runs in a savepoint of that. After the last reader the world is rolled back, so no
other test ever sees it.
"""

from __future__ import annotations

from django.db import connection

from dangjian.core.models import ImportJob
from tests.factories import UserFactory, account_with_role, build_company
from tests.matrix.runner import logins
from tests.worlds import OuterTransaction

FIXTURE = "matrix_base"

# "outer": the open OuterTransaction, "world": the world as built (never handed out: copies are), "rows": rows per table
BASE: dict = {}


def open_base(blocker, tmp_path_factory) -> dict:
    """Build the shared world unless it is open already; the world as built (each module signs its logins in)."""
    if "outer" not in BASE:
        outer = OuterTransaction(blocker)

        def build() -> dict:
            world = build_world(tmp_path_factory.mktemp("matrix-base"))
            BASE["rows"] = rows_per_table()
            return world

        BASE["world"] = outer.open(build)
        BASE["outer"] = outer
    return BASE["world"]


def rows_per_table() -> dict[str, int]:
    """How many rows each table holds (one query)."""
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT %s, COUNT(*) FROM {quote(table)}" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return dict(cursor.fetchall())


def assert_base_intact() -> None:
    """Every table holds the rows it held when the shared world was built: a module that wrote past its savepoint
    (a transactional test, a commit) would hand the next module a world that is not the one built."""
    changed = {
        table: (BASE["rows"].get(table), count)
        for table, count in rows_per_table().items()
        if BASE["rows"].get(table) != count
    }
    assert not changed, f"the shared matrix world changed since it was built (table: (built, now)): {changed}"


def close_base() -> None:
    """Roll the shared world back (after the last test that reads it)."""
    outer = BASE.pop("outer", None)
    BASE.pop("world", None)
    if outer is not None:
        outer.close()


def uses_base(item) -> bool:
    return item is not None and FIXTURE in getattr(item, "fixturenames", ())


def build_world(tmp_path=None) -> dict:
    """The company, one login per role, and the objects each URL can point at (shared by the capability matrices
    that need no more than this)."""
    company = build_company()
    users, person_e = logins(company)
    target_user = UserFactory(username="m_target")
    assignment = account_with_role("member", company["branch_b"], username="m_assigned").role_assignments.get()
    from dangjian.indicators.models import Indicator

    Indicator.objects.create(code="OUT", name="铝产量", unit_of_measure="t", granularity="day", company=company["root"])
    job = ImportJob.objects.create(
        kind="people", created_by=users["party_office"], file="imports/x.csv", original_name="x.csv"
    )
    from tests.projects.factories import ProjectFactory, TaskFactory

    projects = {code: ProjectFactory(owner=company[key]) for code, key in (("BA", "branch_a"), ("BB", "branch_b"))}
    projects["BB"].title = "发电节能项目"
    projects["BB"].save()
    tasks = {code: TaskFactory(project=p) for code, p in projects.items()}
    from dangjian.projects.costs.models import Programme, ProgrammeItem

    programmes = {
        code: Programme.objects.create(owner_org=company[key], year=2022, name="降本增效")
        for code, key in (("BA", "branch_a"), ("BB", "branch_b"))
    }
    programme_items = {
        code: ProgrammeItem.objects.create(
            programme=p, indicator=Indicator.objects.get(code="OUT"), unit=company["workshop"], annual_target=1
        )
        for code, p in programmes.items()
    }
    from dangjian.projects.acceptance.models import Criterion, Panel, PanelMember

    panel = Panel.objects.create(org=company["root"], year=2022, name="2022年度验收专项工作组")
    Criterion.objects.create(panel=panel, kind="goal_attainment", name="目标达成度", weight=100)
    seat = PanelMember.objects.create(panel=panel, user=users["panel_member"], department="leadership")
    from dangjian.core.notifications.services import notify

    (notification,) = notify(recipients=[users["party_office"]], kind="test.notice", subject="t", text="矩阵通知")
    return {
        "notification": notification,
        "panel": panel,
        "seat": seat,
        **company,
        "projects": projects,
        "tasks": tasks,
        "programmes": programmes,
        "programme_items": programme_items,
        "users": users,
        "person_e": person_e,
        "target_user": target_user,
        "assignment": assignment,
        "job": job,
    }
