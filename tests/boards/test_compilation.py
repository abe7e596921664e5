"""The annual compilation: one click queues the book, the task (run inline here) writes a Word file and a PDF with
the expected headings, every project title in Chinese and the summary by domain; progress page, downloads, scoping."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from docx import Document
from PIL import Image
from pypdf import PdfReader

from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog
from dangjian.projects.boards import services
from dangjian.projects.boards.book import collect
from dangjian.projects.boards.models import CompilationJob
from dangjian.projects.projects.models import Project, RuleRevision, Task
from tests.boards.conftest import build_project

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture
def private_media(settings, tmp_path):
    """Compiled books and evidence pictures go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes(colour=(183, 28, 28)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def book_projects(projects):
    """The three 2022 projects of the `projects` fixture, one with a plan text, results, a rule and a picture."""
    a1 = projects["a1"]
    Project.objects.filter(pk=a1.pk).update(
        rationale="对标行业标杆，电流效率差距0.5个百分点",
        results_summary="年度平均电流效率同比提高0.5%",
        highlights="实施“提升电流效率四个0.1”",
    )
    RuleRevision.objects.create(project=a1, title="电解槽操作规程", kind="revised")
    task = Task.objects.filter(project=a1, done_on__isnull=False).first()
    task.evidence_file.save("现场照片.png", ContentFile(png_bytes()), save=True)
    return projects


@pytest.fixture
def compile_as(django_capture_on_commit_callbacks):
    """Press Compile; the queued task runs inline when the request's transaction commits (tasks are eager here)."""

    def press(client, org_code="ROOT", year=2022):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("boards:compilations"), {"org": org_code, "year": year})

    return press


def docx_of(job) -> Document:
    with job.docx.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def pdf_text(job) -> str:
    with job.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_one_click_makes_the_word_file_and_the_pdf(compile_as, browse, office, company, book_projects):
    response = compile_as(browse(office))
    job = CompilationJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("boards:compilation", args=[job.pk])
    assert (job.status, job.progress, job.projects, job.error) == ("done", 100, 3, "")
    assert job.requested_by == office and job.org == company["root"]

    document = docx_of(job)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert ("Title", "2022 annual compilation of 党建+X projects") in headings
    assert ("Heading 1", "Contents") in headings
    assert ("Heading 1", "Summary by domain") in headings
    for org in ("branch_a", "branch_b"):
        assert ("Heading 1", company[org].name) in headings
    for key in ("a1", "a2", "b1"):
        assert ("Heading 2", book_projects[key].title) in headings
    assert ("Heading 2", book_projects["old"].title) not in headings
    # Orgs in tree order, each project under its own org.
    titles = [text for _style, text in headings]
    assert titles.index(company["branch_a"].name) < titles.index(book_projects["a1"].title)
    assert titles.index(company["branch_b"].name) < titles.index(book_projects["b1"].title)
    assert titles.index(book_projects["a2"].title) < titles.index(company["branch_b"].name)

    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Domain")
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in summary.rows[1:]}
    # projects, measures, sub-plans, tasks, tasks done %, rules revised, accepted %
    assert rows["Production efficiency"] == ["1", "1", "1", "2", "50%", "1", "0%"]
    assert rows["Safety and environment"] == ["1", "1", "1", "2", "50%", "0", "0%"]
    assert rows["Cost reduction"] == ["1", "1", "1", "2", "50%", "0", "0%"]
    assert rows["Total"] == ["3", "3", "3", "6", "50%", "1", "0%"]

    goals = next(t for t in document.tables if t.rows[0].cells[0].text == "Indicator")
    assert [c.text for c in goals.rows[1].cells] == ["电流效率1", "%", "92.1", "92.6", "93", "—", "—"]
    body = "\n".join(p.text for p in document.paragraphs)
    for text in ("对标行业标杆", "年度平均电流效率同比提高0.5%", "电解槽操作规程", "党建+提高电流效率的保障措施1"):
        assert text in body
    assert len(document.inline_shapes) == 1  # the evidence picture

    text = pdf_text(job)
    for key in ("a1", "a2", "b1"):
        assert book_projects[key].title in text
    assert book_projects["old"].title not in text
    for name in (company["branch_a"].name, company["branch_b"].name, "党建+提高电流效率的工作任务1"):
        assert name in text


def test_the_request_returns_at_once_and_queues_the_task(
    office, company, book_projects, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.compilation_request(actor=office, org=company["root"], year=2022)
    assert job.status == "pending" and not job.docx
    assert len(callbacks) == 1
    audit = AuditLog.objects.get(object_type="boards.compilationjob")
    assert (audit.action, audit.actor, audit.object_id) == ("export", office, str(job.pk))


def test_a_second_click_while_it_runs_returns_the_same_job(
    office, company, book_projects, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = services.compilation_request(actor=office, org=company["root"], year=2022)
        again = services.compilation_request(actor=office, org=company["root"], year=2022)
        other_year = services.compilation_request(actor=office, org=company["root"], year=2021)
    assert again.pk == first.pk and other_year.pk != first.pk


def test_a_failure_ends_the_job_with_a_sentence(compile_as, browse, office, book_projects, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("dangjian.projects.boards.tasks.write_docx", broken)
    compile_as(browse(office))
    job = CompilationJob.objects.get()
    assert job.status == "failed" and "could not be made" in job.error and "disk full" not in job.error
    assert not job.docx and not job.pdf
    body = browse(office).get(reverse("boards:compilation", args=[job.pk])).content.decode()
    assert "could not be made" in body and "download-docx" not in body


def test_the_book_is_what_the_requester_may_export(compile_as, browse, secretary_a, company, book_projects):
    client = browse(secretary_a)
    page = client.get(reverse("boards:compilations")).content.decode()
    assert company["branch_a"].name in page and company["branch_b"].name not in page
    assert compile_as(client, "BB").status_code == 400
    assert compile_as(client, "ROOT").status_code == 400
    assert not CompilationJob.objects.exists()
    with pytest.raises(NotPermitted):
        services.compilation_request(actor=secretary_a, org=company["branch_b"], year=2022)
    assert compile_as(client, "BA").status_code == 302
    job = CompilationJob.objects.get()
    assert job.projects == 2
    headings = [p.text for p in docx_of(job).paragraphs if p.style.name == "Heading 2"]
    assert headings == [book_projects["a1"].title, book_projects["a2"].title]


def test_jobs_and_downloads_are_scoped(compile_as, browse, office, secretary_a, member_a, company, book_projects):
    compile_as(browse(office), "ROOT")
    compile_as(browse(office), "BA")
    root_job = CompilationJob.objects.get(org=company["root"])
    ba_job = CompilationJob.objects.get(org=company["branch_a"])
    client = browse(secretary_a)
    listing = client.get(reverse("boards:compilations")).content.decode()
    assert reverse("boards:compilation", args=[ba_job.pk]) in listing
    assert reverse("boards:compilation", args=[root_job.pk]) not in listing
    assert client.get(reverse("boards:compilation", args=[root_job.pk])).status_code == 404
    assert client.get(reverse("boards:compilation_file", args=[root_job.pk, "pdf"])).status_code == 404
    response = client.get(reverse("boards:compilation_file", args=[ba_job.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    response = client.get(reverse("boards:compilation_file", args=[ba_job.pk, "pdf"]))
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert client.get(reverse("boards:compilation_file", args=[ba_job.pk, "xlsx"])).status_code == 404
    # A party member may read projects but not export them: no compilation pages.
    member = browse(member_a)
    assert member.get(reverse("boards:compilations")).status_code == 403
    assert member.get(reverse("boards:compilation", args=[ba_job.pk])).status_code == 404


@pytest.mark.parametrize("name", ["boards:compilations", "boards:compilation", "boards:compilation_file"])
def test_anonymous_is_sent_to_login(browse, name):
    args = {"boards:compilations": [], "boards:compilation": [1]}.get(name, [1, "pdf"])
    response = browse().get(reverse(name, args=args))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_progress_is_polled_while_running_and_links_when_done(browse, office, company):
    job = CompilationJob.objects.create(
        org=company["root"], year=2022, requested_by=office, status="running", progress=40
    )
    client = browse(office)
    fragment = client.get(reverse("boards:compilation", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert 'hx-trigger="every 1s"' in fragment and 'aria-valuenow="40"' in fragment
    CompilationJob.objects.filter(pk=job.pk).update(status="done", progress=100, projects=3)
    fragment = client.get(reverse("boards:compilation", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("boards:compilation_file", args=[job.pk, "docx"]) in fragment
    page = client.get(reverse("boards:compilation", args=[job.pk])).content.decode()
    assert "<html" in page and 'id="compilation-status"' in page


@pytest.mark.parametrize("jobs", [3, 30])
def test_pages_query_count_is_flat(browse, office, company, django_assert_max_num_queries, jobs):
    for i in range(jobs):
        CompilationJob.objects.create(org=company["root"], year=2000 + i, requested_by=office, status="done")
    client = browse(office)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("boards:compilations")).status_code == 200
    job = CompilationJob.objects.first()
    with django_assert_max_num_queries(7):
        assert client.get(reverse("boards:compilation", args=[job.pk])).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_gathering_the_book_takes_a_fixed_number_of_queries(office, company, django_assert_max_num_queries, count):
    for i in range(count):
        build_project(company["branch_a"] if i % 2 else company["branch_b"], title=f"项目{i}", goals=2, tasks=3)
    office.refresh_from_db()
    with django_assert_max_num_queries(12):
        book = collect(user=office, org=company["root"], year=2022)
    assert len(book.entries) == count
    assert book.total.projects == count and book.total.tasks == 3 * count
