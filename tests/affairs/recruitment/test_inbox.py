"""Recruitment's work notifications: a step due on an open file asks who records that step (the branch secretary; the
committee's 党群工作部 for the higher committee's approval), once per file, step and due date; recording the step,
stopping the file or extending probation closes what is met, whoever does it."""

import datetime as dt

import pytest

from dangjian.affairs.recruitment import services, tasks
from dangjian.affairs.recruitment.inbox import dues_notify
from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog, Notification
from dangjian.core.notifications.selectors import inbox_count, inbox_list
from dangjian.core.services import SYSTEM
from tests.affairs.recruitment.test_rules import people, walk  # noqa: F401 (a fixture)

D = dt.date


def test_the_talk_due_asks_the_branch_secretary_once_and_recording_it_closes_it(company, people, secretary_a, office):  # noqa: F811
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    assert dues_notify(today=D(2021, 12, 1)) == 0  # not due within 30 days yet (talk due 2022-02-10)
    assert dues_notify(today=D(2022, 1, 20)) == 1
    (item,) = inbox_list(user=secretary_a)
    assert (item.kind, item.action, item.about, item.link) == (
        "recruitment.due.talk",
        True,
        dossier,
        f"/recruitment/files/{dossier.pk}/",
    )
    assert item.key == f"recruitment.due:{dossier.pk}:talk:2022-02-10"
    assert "陈小红" in item.text and "2022-02-10" in item.text
    # The branch has its secretary: the office above is not asked; the next days' runs add nothing.
    assert inbox_count(user=office) == 0
    assert dues_notify(today=D(2022, 2, 11)) == 0
    assert AuditLog.objects.filter(object_type="core.notification").count() == 1
    services.step_record(actor=office, dossier=dossier, step="talk", done_on=D(2022, 2, 1))
    assert inbox_count(user=secretary_a) == 0
    assert Notification.objects.get(kind="recruitment.due.talk").state == Notification.State.DONE


def test_the_higher_committee_s_approval_asks_the_office_not_the_branch(company, people, secretary_a, office):  # noqa: F811
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="approval")  # the admission vote on 2023-06-01: approval due 2023-09-01
    dues_notify(today=D(2023, 8, 20))
    assert [n.kind for n in inbox_list(user=office)] == ["recruitment.due.approval"]
    assert inbox_count(user=secretary_a) == 0
    services.step_record(actor=office, dossier=dossier, step="approval", done_on=D(2023, 8, 21))
    assert inbox_count(user=office) == 0
    for code, day in (("approval_filed", 22), ("placed", 23), ("oath", 24)):
        services.step_record(actor=office, dossier=dossier, step=code, done_on=D(2023, 8, day))
    # In probation, the half-yearly review (from the vote: 2023-12-01) is the branch's to record.
    dues_notify(today=D(2023, 11, 10))
    (item,) = inbox_list(user=secretary_a)
    assert item.kind == "recruitment.due.probation_review" and inbox_count(user=office) == 0
    services.step_record(actor=secretary_a, dossier=dossier, step="probation_review", done_on=D(2023, 11, 20))
    assert inbox_count(user=secretary_a) == 0


def test_stopping_the_file_closes_everything_about_it(company, people, secretary_a, office):  # noqa: F811
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    dues_notify(today=D(2022, 2, 20))
    assert inbox_count(user=secretary_a) == 1
    services.dossier_stop(actor=secretary_a, dossier=dossier, on=D(2022, 2, 21), reason="本人撤回申请")
    assert inbox_count(user=secretary_a) == 0
    assert dues_notify(today=D(2022, 2, 22)) == 0


def test_only_the_system_sends_and_the_daily_task_runs_it(company, people, secretary_a, office):  # noqa: F811
    with pytest.raises(NotPermitted):
        dues_notify(actor=office)
    services.dossier_open(actor=office, person=people["applicant"], applied_on=dt.date.today() - dt.timedelta(days=3))
    assert tasks.recruitment_dues_notify.call_local() == 1
    assert tasks.recruitment_dues_notify.call_local() == 0
    assert dues_notify(actor=SYSTEM) == 0


def test_opening_a_file_takes_the_application_date_the_roll_holds(company, secretary_a, client):
    """Entered once: an applicant already on the roll with their application date is not asked for it again; one
    without it is, on the field."""
    from django.urls import reverse

    from dangjian.affairs.recruitment.models import Dossier
    from tests.factories import PersonFactory

    known = PersonFactory(
        branch=company["branch_a"], party_status="applicant", applied_on=D(2022, 3, 4), birth_date=D(1995, 1, 1)
    )
    unknown = PersonFactory(branch=company["branch_a"], birth_date=D(1995, 1, 1))
    client.force_login(secretary_a)
    url = reverse("recruitment:file_open")
    assert client.get(url).context["form"]["applied_on"].value() is None  # nothing guessed for the user
    refused = client.post(url, {"employee_no": unknown.employee_no})
    assert refused.status_code == 400 and "applied_on" in refused.context["form"].errors
    opened = client.post(url, {"employee_no": known.employee_no})
    assert opened.status_code == 302
    dossier = Dossier.objects.get(person=known)
    assert dossier.opened_on == D(2022, 3, 4)
    assert dossier.records.get(step="apply").done_on == D(2022, 3, 4)
    # A date typed wins over the roll's.
    typed = client.post(url, {"employee_no": unknown.employee_no, "applied_on": "2022-05-06"})
    assert typed.status_code == 302 and Dossier.objects.get(person=unknown).opened_on == D(2022, 5, 6)
