"""Background tasks: retried when they fail (a locked SQLite database frees itself), recorded when they fail for good,
shown to the system administrator only, and run again from the page with an audit row."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from dangjian.core.models import AuditLog, TaskFailure
from dangjian.core.tasks import task
from tests.factories import account_with_role

CALLS: list[int] = []


@task(retry_delay=0)
def locked_once(n: int) -> None:
    CALLS.append(n)
    if CALLS.count(n) == 1:
        raise OperationalError("database is locked")


@task(retries=2, retry_delay=0)
def always_fails(n: int, *, why: str = "") -> None:
    CALLS.append(n)
    raise OperationalError(f"database is locked ({why})")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def test_a_task_that_meets_a_locked_database_is_tried_again_and_nothing_is_lost(db):
    locked_once(7)
    assert CALLS == [7, 7]
    assert not TaskFailure.objects.exists()


def test_a_task_that_fails_after_its_last_retry_is_kept_with_its_error(db):
    always_fails(3, why="import")
    assert CALLS == [3, 3, 3]
    failure = TaskFailure.objects.get()
    assert failure.task.endswith("test_tasks.always_fails")
    assert (failure.args, failure.kwargs) == ([3], {"why": "import"})
    assert "database is locked (import)" in failure.error


def test_only_the_system_administrator_sees_and_reruns_failures(client, company, django_capture_on_commit_callbacks):
    always_fails(5)
    failure = TaskFailure.objects.get()
    office = account_with_role("party_office", company["root"], username="t_office")
    sysadmin = account_with_role("system_admin", None, username="t_sys")
    client.force_login(office)
    assert client.get(reverse("core:tasks")).status_code == 403
    assert client.post(reverse("core:task_rerun", args=[failure.pk])).status_code == 403
    assert TaskFailure.objects.filter(rerun_at__isnull=True).count() == 1

    client.force_login(sysadmin)
    page = client.get(reverse("core:tasks"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "always_fails" in page.content.decode()
    CALLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:task_rerun", args=[failure.pk]))
    assert response.status_code == 302
    failure.refresh_from_db()
    assert failure.rerun_at is not None and failure.rerun_by == sysadmin
    assert CALLS == [5, 5, 5]  # ran again (and failed again: a new row to look at)
    assert TaskFailure.objects.count() == 2
    assert AuditLog.objects.filter(object_type="core.taskfailure", object_id=str(failure.pk)).exists()
    # a second click does not queue it twice
    CALLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:task_rerun", args=[failure.pk]))
    assert CALLS == []
