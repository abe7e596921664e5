"""The committee-seat import (委员): the party office seats the committees elected at a 换届 from one sheet, through
the seat service (audited, the org's term started from the first seat); a row repeating a seat on record is left
alone or ends it; the service's rules (the roll, one seat per person, one secretary) are checked per row, the rows
above included; nobody but the office imports seats, and an org of another company is refused."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.imports import get_kind
from dangjian.core.models import AuditLog, ImportJob
from dangjian.org.models import CommitteeSeat, PartyOrg
from tests.core.imports_support import (
    confirm,
    csv_bytes,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role

HEADER = ["组织编码", "工号", "姓名", "职务", "任期开始", "任期结束"]
pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture
def people(company):
    ba = company["branch_a"]
    return {
        "a": company["person_a"],
        "b": company["person_b"],
        "c": PersonFactory(branch=ba, member=True, name="赵强", employee_no="S003"),
        "d": PersonFactory(branch=company["group_a"].parent, member=True, name="钱敏", employee_no="S004"),
    }


def run(client, user, rows, capture, fmt="xlsx"):
    client.force_login(user)
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    upload(client, "committee-seats", f"seats.{fmt}", content, capture)
    return last_job()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_office_imports_a_committee_and_the_terms_start(
    client, company, office, people, django_capture_on_commit_callbacks, fmt
):
    a, b, c = people["a"], people["b"], people["c"]
    PartyOrg.objects.filter(code="BA").update(term_start=None, term_end=None)  # no term recorded yet
    rows = [
        HEADER,
        ["BA", a.employee_no, a.name, "书记", dt.date(2024, 1, 10) if fmt == "xlsx" else "2024/1/10", ""],
        ["BA", c.employee_no, "", "组织委员", "2024-01-10", ""],
        ["ROOT", b.employee_no, b.name, "党委委员", "2023-06-01", "2028-05-31"],
        ["ROOT", a.employee_no, a.name, "副书记", "2023-06-01", ""],
    ]
    job = run(client, office, rows, django_capture_on_commit_callbacks, fmt)
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.summary["create"] == 4
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    seats = {(s.org.code, s.person.name, s.role, s.since, s.until) for s in CommitteeSeat.objects.all()}
    assert seats == {
        ("BA", "李明", "secretary", dt.date(2024, 1, 10), None),
        ("BA", "赵强", "organisation_officer", dt.date(2024, 1, 10), None),
        ("ROOT", "王芳", "member", dt.date(2023, 6, 1), dt.date(2028, 5, 31)),
        ("ROOT", "李明", "deputy_secretary", dt.date(2023, 6, 1), None),
    }
    assert AuditLog.objects.filter(object_type="org.committeeseat", action="create", actor=office).count() == 4
    company["branch_a"].refresh_from_db()
    # the first seat starts the branch's term (3 years for a branch)
    assert (company["branch_a"].term_start, company["branch_a"].term_end) == (
        dt.date(2024, 1, 10),
        dt.date(2027, 1, 10),
    )


def test_a_reimport_leaves_the_same_seats_alone_and_ends_one(
    client, company, office, people, django_capture_on_commit_callbacks
):
    ba, a, c = company["branch_a"], people["a"], people["c"]
    CommitteeSeat.objects.create(org=ba, person=a, role="secretary", since=dt.date(2021, 1, 1))
    CommitteeSeat.objects.create(org=ba, person=c, role="member", since=dt.date(2021, 1, 1))
    rows = [
        ["组织编码", "工号", "职务", "任期开始", "任期结束"],
        ["BA", a.employee_no, "书记", "2021-01-01", ""],  # as on record
        ["BA", c.employee_no, "委员", "2021-01-01", "2023-12-31"],  # ends at the 换届
        ["BA", c.employee_no, "书记", "2024-01-10", ""],  # … and yet the secretary's seat is taken
    ]
    job = run(client, office, rows, django_capture_on_commit_callbacks, "csv")
    assert job.status == ImportJob.Status.INVALID
    assert [e["row"] for e in job.errors] == [4]
    rows[1][4] = "2023-12-31"  # the old secretary leaves too
    job = run(client, office, rows, django_capture_on_commit_callbacks, "csv")
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"]) == (1, 2)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert CommitteeSeat.objects.filter(org=ba, until=dt.date(2023, 12, 31)).count() == 2
    assert CommitteeSeat.objects.get(org=ba, until__isnull=True).person == c
    ended = AuditLog.objects.filter(object_type="org.committeeseat", action="update")
    assert ended.count() == 2 and all(e.after["until"] == "2023-12-31" for e in ended)
    # the same file again changes nothing
    job = run(client, office, rows, django_capture_on_commit_callbacks, "csv")
    assert job.status == ImportJob.Status.READY and job.summary["unchanged"] == 3


def test_bad_rows_are_each_named_and_nothing_is_written(
    client, company, office, people, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    other_root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    stranger = PersonFactory(branch=PartyOrgFactory(code="ZB", parent=other_root), employee_no="Z001", name="外人")
    a, b, c = people["a"], people["b"], people["c"]
    CommitteeSeat.objects.create(org=company["branch_a"], person=c, role="member", since=dt.date(2024, 1, 1))
    rows = [
        HEADER,
        ["BA", a.employee_no, a.name, "书记", "2024-01-10", ""],
        ["BA", b.employee_no, b.name, "委员", "2024-01-10", ""],  # 王芳 is on BB's roll, not BA's
        ["GA", a.employee_no, a.name, "组长", "2024-01-10", ""],  # no such seat
        ["GA", a.employee_no, a.name, "委员", "2024-01-10", ""],  # a party group has no committee
        ["BA", c.employee_no, "", "宣传委员", "2024-06-01", ""],  # already seated on record
        ["BA", people["d"].employee_no, "", "书记", "2024-03-01", ""],  # a second secretary (row 2)
        ["BA", "NOPE", "", "委员", "", ""],  # unknown employee number
        ["BA", a.employee_no, "张三", "委员", "2025-01-01", ""],  # the name does not match
        ["BB", b.employee_no, b.name, "委员", "2024-05-01", "2024-04-01"],  # ends before it starts
        ["ZROOT", stranger.employee_no, "", "委员", "", ""],  # another company (the person is unknown too)
    ]
    job = run(client, office, rows, django_capture_on_commit_callbacks, "csv")
    assert job.status == ImportJob.Status.INVALID
    assert sorted({e["row"] for e in job.errors}) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    text = " ".join(messages_of(job))
    assert "not on the roll" in text and "party group" in text and "already holds a seat" in text
    assert "(in row 2)" in text and "NOPE" in text and "not 张三" in text and "before it starts" in text
    assert CommitteeSeat.objects.count() == 1


def test_only_the_office_imports_seats(client, company, secretary_a, office):
    kind = get_kind("committee-seats")
    assert kind.allowed(office)
    # A secretary seats their own committee on its page or through the API; importing orgs is the office's.
    assert not kind.allowed(secretary_a)
    assert not kind.allowed(account_with_role("member", company["branch_a"], username="m"))
    client.force_login(secretary_a)
    assert client.get(reverse("core:import_new", args=["committee-seats"])).status_code in (403, 404)


def test_a_branch_office_cannot_import_into_another_branch(
    client, company, people, django_capture_on_commit_callbacks, settings
):
    """The import grant over BA only (a party office below the company): a row for BB is refused by name."""
    settings.LANGUAGE_CODE = "en"
    office_a = account_with_role("party_office", company["branch_a"], username="office_a")
    rows = [HEADER, ["BB", people["b"].employee_no, "", "委员", "", ""]]
    job = run(client, office_a, rows, django_capture_on_commit_callbacks, "csv")
    assert job.status == ImportJob.Status.INVALID
    text = " ".join(messages_of(job))
    assert "cannot import into" in text or "does not exist" in text
    assert not CommitteeSeat.objects.exists()


def test_the_template_imports_and_explains_itself_in_chinese(
    client, company, office, people, django_capture_on_commit_callbacks
):
    from tests.demo.crawl import _Page, latin_words

    client.force_login(office)
    response = client.get(reverse("core:import_template", args=["committee-seats", "xlsx"]))
    assert response.status_code == 200
    chinese = Client()
    chinese.force_login(office)
    page_response = chinese.get(reverse("core:import_new", args=["committee-seats"]))
    assert page_response.status_code == 200
    page = _Page()
    page.feed(page_response.content.decode())
    assert latin_words(" ".join(page.text), {office.username.lower()}) == []
    body = page_response.content.decode()
    assert "书记" in body and "副书记" in body and "纪检委员" in body and "任期开始" in body


def test_the_elections_page_offers_the_import_to_the_office_only(client, company, office, secretary_a):
    client.force_login(office)
    assert 'data-testid="import-seats"' in client.get(reverse("org:terms")).content.decode()
    client.force_login(secretary_a)
    assert 'data-testid="import-seats"' not in client.get(reverse("org:terms")).content.decode()
