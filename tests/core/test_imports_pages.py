"""Import pages: who may open them, the polling job page, template downloads, and flat query counts."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.models import ImportJob
from tests.core.imports_support import (
    PEOPLE_HEADER,
    csv_bytes,
    last_job,
    private_media,  # noqa: F401 - fixture
    upload,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("private_media")


def _jobs(user, n, **fields):
    return ImportJob.objects.bulk_create(
        ImportJob(kind="people", created_by=user, original_name=f"f{i}.xlsx", file=f"imports/x{i}.xlsx", **fields)
        for i in range(n)
    )


@pytest.mark.parametrize(
    "url",
    [
        reverse("core:imports"),
        reverse("core:import_new", args=["people"]),
        reverse("core:import_template", args=["people", "xlsx"]),
    ],
)
def test_member_cannot_open_import_pages(client, member_a, url):
    client.force_login(member_a)
    assert client.get(url).status_code == 403


def test_an_import_job_is_not_found_for_a_member(client, member_a, office):
    """A job is an object only its starter sees: 404 for anyone else, with or without the import grant."""
    (job,) = _jobs(office, 1)
    client.force_login(member_a)
    assert client.get(reverse("core:import_detail", args=[job.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("core:imports"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_list_shows_own_jobs_and_the_kinds_the_user_may_import(client, secretary_a, office):
    _jobs(secretary_a, 1)
    ImportJob.objects.create(kind="people", created_by=office, original_name="office-only.xlsx", file="x.xlsx")
    client.force_login(secretary_a)
    page = client.get(reverse("core:imports")).content.decode()
    assert "f0.xlsx" in page and "office-only.xlsx" not in page
    assert reverse("core:import_new", args=["people"]) in page
    assert reverse("core:import_new", args=["orgs"]) not in page


@pytest.mark.parametrize("n", [3, 30])
def test_list_query_count_is_flat(client, office, django_assert_max_num_queries, n):
    jobs = _jobs(office, n, status=ImportJob.Status.DONE, total_rows=10)
    client.force_login(office)
    # session, user, role assignments, count, page of jobs, session save (3), and the user's company read twice
    # by the import kinds that belong to a company (value catalogue, enrolment): constant, whatever the rows
    with django_assert_max_num_queries(10):
        response = client.get(reverse("core:imports"))
    page = response.content.decode()
    assert all(f'href="{reverse("core:import_detail", args=[job.pk])}"' in page for job in jobs)


@pytest.mark.parametrize("n", [3, 30])
def test_detail_query_count_is_flat(client, office, django_assert_max_num_queries, n):
    errors = [{"row": i + 2, "column": "姓名", "message": f"Row {i + 2}: bad"} for i in range(n)]
    (job,) = _jobs(office, 1, status=ImportJob.Status.INVALID, errors=errors, error_count=n)
    client.force_login(office)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("core:import_detail", args=[job.pk]))
    assert response.content.decode().count('data-testid="import-error"') == n


def test_upload_page_query_count(client, office, django_assert_max_num_queries):
    client.force_login(office)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:import_new", args=["people"]))
    page = response.content.decode()
    assert "政治面貌" in page and "正式党员" in page
    assert reverse("core:import_template", args=["people", "csv"]) in page


def test_someone_elses_job_is_not_found(client, office, secretary_a):
    (job,) = _jobs(secretary_a, 1)
    client.force_login(office)
    assert client.get(reverse("core:import_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("core:import_confirm", args=[job.pk])).status_code == 404


def test_job_page_polls_only_while_running(client, office):
    running, finished = _jobs(office, 1, status=ImportJob.Status.VALIDATING, total_rows=10, processed_rows=4) + _jobs(
        office, 1, status=ImportJob.Status.READY
    )
    client.force_login(office)
    page = client.get(reverse("core:import_detail", args=[running.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<html" in page and "width: 40%" in page
    partial = client.get(reverse("core:import_detail", args=[finished.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "<html" not in partial and 'data-status="ready"' in partial


def test_confirm_needs_post(client, office):
    (job,) = _jobs(office, 1, status=ImportJob.Status.READY)
    client.force_login(office)
    assert client.get(reverse("core:import_confirm", args=[job.pk])).status_code == 405


def test_unknown_kind_and_format(client, office):
    client.force_login(office)
    assert client.get(reverse("core:import_new", args=["nothing"])).status_code == 404
    assert client.get(reverse("core:import_template", args=["people", "xls"])).status_code == 404


def test_system_admin_without_business_roles_imports_only_message_addresses(client, db):
    """The system administrator keeps accounts' message addresses (dangjian/channels) and may import them — the one
    kind open to the role: no business data comes in through its hands."""
    from dangjian.accounts.models import RoleAssignment

    admin = UserFactory()
    RoleAssignment.objects.create(user=admin, role="system_admin", org=None)
    client.force_login(admin)
    response = client.get(reverse("core:imports"))
    assert response.status_code == 200
    assert [kind.slug for kind in response.context["kinds"]] == ["channel-addresses"]
    assert client.get(reverse("core:import_new", args=["people"])).status_code == 403


def test_xlsx_template_explains_columns_and_lists_codes_in_scope(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("core:import_template", args=["people", "xlsx"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    data, guide, orgs, units = (list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets)
    assert data[0][:3] == ("工号*", "姓名*", "性别*") and len(data) == 2
    guide_text = " ".join(str(c) for row in guide for c in row if c)
    assert "正式党员" in guide_text and "群众" in guide_text
    assert "non_member" not in guide_text and "member =" not in guide_text  # labels to type, no English codes
    assert {row[0] for row in orgs[1:]} == {"BA", "GA"}
    assert {row[0] for row in units[1:]} == {"CO", "W1"}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_template_itself_imports(client, office, django_capture_on_commit_callbacks, fmt):
    client.force_login(office)
    for kind in ("people", "orgs"):
        content = client.get(reverse("core:import_template", args=[kind, fmt])).content
        if fmt == "csv":
            assert content.startswith("\ufeff".encode())
        upload(client, kind, f"template.{fmt}", content, django_capture_on_commit_callbacks)
        job = last_job()
        assert job.status == ImportJob.Status.READY, job.errors
        assert job.total_rows == 1


def test_english_user_gets_english_headers_and_sentences(client, office, django_capture_on_commit_callbacks):
    client.force_login(office)
    client.cookies["django_language"] = "en"
    content = client.get(reverse("core:import_template", args=["people", "csv"])).content.decode("utf-8-sig")
    assert content.startswith("employee number*,name*")
    rows = [PEOPLE_HEADER, ["N1", "某", "男", "1990-13-01", "群众", "", "BA"]]
    upload(client, "people", "en.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.language == "en" and job.errors[0]["column"] == "birth date"


@pytest.mark.parametrize("kind", ["people", "orgs", "units", "projects", "indicator-values", "key-tasks"])
def test_the_import_page_explains_its_columns_in_chinese(office, kind):
    """The help of a Chinese page names the values in Chinese (群众, 正式党员 — what a person types), not the English
    codes the parser also accepts, and does not list the English field names beside the Chinese headers; codes show
    only where the user must type one (an org or unit code)."""
    from django.test import Client

    from tests.demo.crawl import _Page, latin_words

    client = Client()  # the site's language
    client.force_login(office)
    response = client.get(reverse("core:import_new", args=[kind]))
    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    assert page.lang.startswith("zh")
    assert latin_words(" ".join(page.text), {office.username.lower()}) == []  # the user menu names the login
    if kind == "people":
        body = response.content.decode()
        assert "群众" in body and "正式党员" in body and "入党积极分子" in body
        assert "non_member" not in body and "party_status" not in body and "activist" not in body
        assert "党组织编码" in body  # a branch is named by its code: the help says so


def test_the_import_page_keeps_the_field_names_for_english_readers(office):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(office)
    body = client.get(reverse("core:import_new", args=["people"])).content.decode()
    assert "party_status" in body and "full member" in body
