import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.errors import NotPermitted
from dangjian.core.imports.jobs import import_start
from dangjian.core.models import AuditLog, ImportJob
from dangjian.org.models import Person, StatusChange
from tests.core.imports_support import (
    PEOPLE_HEADER,
    confirm,
    csv_bytes,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.factories import PersonFactory

FULL_HEADER = PEOPLE_HEADER + ["确定积极分子日期", "确定发展对象日期", "入党日期", "转正日期", "党小组编码", "单位编码"]

pytestmark = pytest.mark.usefixtures("private_media")


def member_row(no, name, branch="BA", group="", unit="W1"):
    return [no, name, "女", "1991/4/2", "正式党员", "2012-03-01", branch, "2012-09-01", "2013-09-01", "2014-03-01",
            "2015-03-01", group, unit]  # fmt: skip


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_office_imports_people_end_to_end(client, office, company, django_capture_on_commit_callbacks, fmt):
    rows = [FULL_HEADER, member_row("N001", "赵敏", group="GA"), member_row("N002", "钱进", branch="BB", unit="")]
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    client.force_login(office)

    response = upload(client, "people", f"people.{fmt}", content, django_capture_on_commit_callbacks)

    job = last_job()
    assert response.status_code == 302 and response.url == reverse("core:import_detail", args=[job.pk])
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.summary["create"] == 2 and job.total_rows == 2 == job.processed_rows
    assert [item["row"] for item in job.preview] == [2, 3]
    assert not Person.objects.filter(employee_no__in=["N001", "N002"]).exists()  # nothing before confirm
    page = client.get(reverse("core:import_detail", args=[job.pk]))
    assert "赵敏" in page.content.decode() and 'data-testid="import-confirm"' in page.content.decode()

    confirm(client, job, django_capture_on_commit_callbacks)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    zhao = Person.objects.get(employee_no="N001")
    assert (zhao.name, zhao.gender, zhao.birth_date) == ("赵敏", "female", dt.date(1991, 4, 2))
    assert zhao.party_status == "member" and zhao.full_member_on == dt.date(2015, 3, 1)
    assert (zhao.branch, zhao.group, zhao.unit) == (company["branch_a"], company["group_a"], company["workshop"])
    assert Person.objects.get(employee_no="N002").branch == company["branch_b"]
    assert StatusChange.objects.filter(person=zhao).count() == 5
    assert AuditLog.objects.filter(action="import", object_id=str(job.pk), actor=office).count() == 1
    assert AuditLog.objects.filter(action="create", object_type="org.person").count() == 2
    done = client.get(reverse("core:import_detail", args=[job.pk])).content.decode()
    assert f'href="{reverse("org:people")}" data-testid="import-result"' in done


def test_gbk_csv_from_chinese_excel(client, office, company, django_capture_on_commit_callbacks):
    rows = [PEOPLE_HEADER, ["G001", "孙丽", "女", "1990/1/5", "群众", "", "BA"]]
    client.force_login(office)
    upload(client, "people", "人员.csv", csv_bytes(rows, encoding="gbk"), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.original_name == "人员.csv"
    confirm(client, job, django_capture_on_commit_callbacks)
    assert Person.objects.get(employee_no="G001").name == "孙丽"


def test_codes_and_english_headers_accepted(client, office, company, django_capture_on_commit_callbacks):
    rows = [
        ["employee_no", "name", "gender", "birth date", "party_status", "branch"],
        ["EN01", "Wang", "male", "1988-08-08", "non_member", "BA"],
    ]
    client.force_login(office)
    upload(client, "people", "people.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    assert last_job().status == ImportJob.Status.READY, last_job().errors


def test_duplicate_employee_numbers_in_file(client, office, company, django_capture_on_commit_callbacks):
    rows = [PEOPLE_HEADER, ["D1", "甲", "男", "", "群众", "", "BA"], ["D1", "乙", "男", "", "群众", "", "BA"]]
    client.force_login(office)
    upload(client, "people", "dup.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "工号")]
    assert "D1" in job.errors[0]["message"] and "2" in job.errors[0]["message"]
    assert not Person.objects.filter(employee_no="D1").exists()


def test_unknown_org_and_unit_codes(client, office, company, django_capture_on_commit_callbacks):
    rows = [
        PEOPLE_HEADER + ["单位编码"],
        ["U1", "甲", "男", "", "群众", "", "NOPE", "W1"],
        ["U2", "乙", "男", "", "群众", "", "BA", "X9"],
    ]
    client.force_login(office)
    upload(client, "people", "codes.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "支部编码"), (3, "单位编码")]
    assert "NOPE" in job.errors[0]["message"] and "X9" in job.errors[1]["message"]
    assert Person.objects.count() == 2


def test_existing_number_updates_person(client, office, company, django_capture_on_commit_callbacks):
    person = company["person_a"]
    rows = [["工号", "姓名", "性别", "手机号", "支部编码"], [person.employee_no, "李明明", "男", "13900000000", "BA"]]
    client.force_login(office)
    upload(client, "people", "update.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.summary == {"columns": ["工号", "姓名", "性别", "手机号", "支部编码"], "update": 1}
    confirm(client, job, django_capture_on_commit_callbacks)
    person.refresh_from_db()
    assert (person.name, person.phone, person.party_status) == ("李明明", "13900000000", "member")
    assert person.group == company["group_a"]  # a column left out is not changed


def test_unchanged_rows_write_nothing(client, office, company, django_capture_on_commit_callbacks):
    person = company["person_a"]
    rows = [["工号", "姓名", "性别", "支部编码"], [person.employee_no, person.name, "男", "BA"]]
    client.force_login(office)
    upload(client, "people", "same.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.summary["unchanged"] == 1
    confirm(client, job, django_capture_on_commit_callbacks)
    assert not AuditLog.objects.filter(action="update", object_type="org.person").exists()


def test_status_moves_forward_one_recorded_step_at_a_time(client, office, company, django_capture_on_commit_callbacks):
    person = PersonFactory(branch=company["branch_a"], party_status="applicant", applied_on=dt.date(2020, 1, 1))
    header = ["工号", "姓名", "性别", "支部编码", "政治面貌", "确定积极分子日期", "确定发展对象日期"]
    rows = [header, [person.employee_no, person.name, "男", "BA", "发展对象", "2020-07-01", "2021-07-01"]]
    client.force_login(office)
    upload(client, "people", "status.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    person.refresh_from_db()
    assert person.party_status == "candidate" and person.candidate_on == dt.date(2021, 7, 1)
    steps = list(StatusChange.objects.filter(person=person).values_list("to_status", "on"))
    assert steps == [("activist", dt.date(2020, 7, 1)), ("candidate", dt.date(2021, 7, 1))]


def test_status_cannot_go_back_or_skip_dates(client, office, company, django_capture_on_commit_callbacks):
    back = company["person_a"]
    ahead = PersonFactory(branch=company["branch_a"], party_status="applicant", applied_on=dt.date(2020, 1, 1))
    rows = [
        ["工号", "姓名", "性别", "支部编码", "政治面貌"],
        [back.employee_no, back.name, "男", "BA", "群众"],
        [ahead.employee_no, ahead.name, "男", "BA", "发展对象"],
    ]
    client.force_login(office)
    upload(client, "people", "status.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "政治面貌"),
        (3, "确定积极分子日期"),
        (3, "确定发展对象日期"),
    ]
    back.refresh_from_db()
    assert back.party_status == "member"


def test_model_rules_reported_with_row_and_column(client, office, company, django_capture_on_commit_callbacks):
    rows = [PEOPLE_HEADER, ["M1", "甲", "男", "", "正式党员", "", "BA"], ["M2", "乙", "男", "", "群众", "", "GA"]]
    client.force_login(office)
    upload(client, "people", "rules.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert [e["row"] for e in job.errors] == [2, 3]
    assert job.errors[1]["column"] == "支部编码"


def test_secretary_imports_only_into_own_branch(client, secretary_a, company, django_capture_on_commit_callbacks):
    rows = [
        PEOPLE_HEADER,
        ["S1", "甲", "男", "", "群众", "", "BA"],
        ["S2", "乙", "男", "", "群众", "", "BB"],
        [company["person_b"].employee_no, "王芳", "女", "", "正式党员", "2010-03-01", "BA"],
    ]
    client.force_login(secretary_a)
    upload(client, "people", "sec.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "支部编码"), (4, "工号")]
    assert "发电党支部" in messages_of(job)[0]
    assert "王芳" not in messages_of(job)[1]  # nothing leaks about a person out of scope
    assert not Person.objects.filter(employee_no__in=["S1", "S2"]).exists()


def test_secretary_good_file_commits_as_secretary(client, secretary_a, company, django_capture_on_commit_callbacks):
    rows = [PEOPLE_HEADER + ["党小组编码"], ["S1", "甲", "男", "", "群众", "", "BA", "GA"]]
    client.force_login(secretary_a)
    upload(client, "people", "sec.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    confirm(client, last_job(), django_capture_on_commit_callbacks)
    assert last_job().status == ImportJob.Status.DONE
    assert AuditLog.objects.get(action="create", object_type="org.person").actor == secretary_a


def test_member_cannot_import_people(client, member_a, company):
    client.force_login(member_a)
    assert client.get(reverse("core:import_new", args=["people"])).status_code == 403
    assert client.get(reverse("core:import_template", args=["people", "xlsx"])).status_code == 403
    with pytest.raises(NotPermitted):
        import_start(actor=member_a, kind="people", upload=None)


def test_dissolved_branch_and_retired_unit_are_refused(client, office, company, django_capture_on_commit_callbacks):
    from tests.factories import PartyOrgFactory, UnitFactory

    PartyOrgFactory(
        code="OLD", name="旧支部", parent=company["root"], status="dissolved", dissolved_on=dt.date(2024, 1, 1)
    )
    UnitFactory(code="U0", name="旧车间", active=False, parent=company["unit"])
    rows = [
        PEOPLE_HEADER + ["单位编码"],
        ["R1", "甲", "男", "", "群众", "", "OLD", ""],
        ["R2", "乙", "男", "", "群众", "", "BA", "U0"],
    ]
    client.force_login(office)
    upload(client, "people", "old.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "支部编码"), (3, "单位编码")]
    assert "旧支部" in job.errors[0]["message"] and "旧车间" in job.errors[1]["message"]


def test_same_number_written_by_someone_else_during_commit(
    client, office, company, django_capture_on_commit_callbacks, monkeypatch
):
    from dangjian.org import services

    upload(
        client_login(client, office),
        "people",
        "p.csv",
        csv_bytes([PEOPLE_HEADER, ["C1", "甲", "男", "", "群众", "", "BA"]]),
        django_capture_on_commit_callbacks,
    )
    original = services.person_create

    def racing(**fields):
        PersonFactory(employee_no=fields["employee_no"], branch=company["branch_b"])  # the other writer wins
        return original(**fields)

    monkeypatch.setattr(services, "person_create", racing)
    confirm(client, last_job(), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.FAILED and "2" in job.message
    assert not AuditLog.objects.filter(action="import").exists()


def client_login(client, user):
    client.force_login(user)
    return client
