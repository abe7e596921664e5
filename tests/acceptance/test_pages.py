"""Acceptance pages × roles: list, new panel, panel page, criteria, members, the scoring sheet with htmx cells,
submitting, results with awards, certificate PDF and .xlsx export; query counts stay flat as projects grow."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from dangjian.org.models import CommitteeSeat
from dangjian.projects.acceptance import services
from dangjian.projects.acceptance.models import Panel, PanelMember, ProjectResult, Score
from tests.acceptance.conftest import score_all
from tests.factories import account_with_role

D = Decimal


@pytest.fixture
def leader(company):
    return account_with_role("leader", company["root"], username="leader")


@pytest.fixture
def who(office, secretary_a, member_a, judges, leader):
    return {"office": office, "sec": secretary_a, "member": member_a, "j1": judges["j1"], "leader": leader}


@pytest.fixture
def submitted(office, judges, panel, crit, inspected):
    """Two projects scored by every judge and the panel submitted: 一 (94.00, excellent) and 二 (82.00, good)."""
    one = inspected("branch_a", title="党建+提高电流效率", code="QN-2022-001")
    two = inspected("branch_b", title="党建+节支创效", code="QN-2022-002", domain="cost")
    score_all(panel, judges, crit, {j: {one: (90, 90), two: (70, 70)} for j in judges})
    services.panel_submit(actor=office, panel=panel)
    return {"one": one, "two": two}


@pytest.mark.parametrize(
    ("role", "sees"), [("office", True), ("j1", True), ("leader", True), ("sec", False), ("member", False)]
)
def test_list_and_panel_page_by_role(browse, who, panel, role, sees):
    client = browse(who[role])
    body = client.get(reverse("acceptance:list")).content.decode()
    assert (panel.name in body) == sees
    assert ("New panel" in body) == (role == "office")
    response = client.get(reverse("acceptance:detail", args=[panel.pk]))
    assert response.status_code == (200 if sees else 404)
    if sees:
        page = response.content.decode()
        assert ("My scoring sheet" in page) == (role == "j1")
        assert ('data-testid="submit"' in page) == (role == "office")
        assert ('data-testid="member-form"' in page) == (role == "office")


def test_office_creates_a_panel_and_others_cannot(browse, office, secretary_a, company):
    assert browse(secretary_a).get(reverse("acceptance:create")).status_code == 403
    client = browse(office)
    assert client.get(reverse("acceptance:create")).status_code == 200
    response = client.post(reverse("acceptance:create"), {"org": company["root"].pk, "year": 2023, "name": ""})
    panel = Panel.objects.get(year=2023)
    assert response.status_code == 302 and response.url == reverse("acceptance:detail", args=[panel.pk])
    again = client.post(reverse("acceptance:create"), {"org": company["root"].pk, "year": 2023, "name": "x"})
    assert again.status_code == 409 and "already has an acceptance panel" in again.content.decode()


def test_seat_and_remove_members_from_the_page(browse, office, company, panel):
    newcomer = account_with_role("panel_member", company["root"], username="hr")
    client = browse(office)
    page = client.get(reverse("acceptance:detail", args=[panel.pk])).content.decode()
    assert "hr" in page
    response = client.post(reverse("acceptance:member_add", args=[panel.pk]), {"user": newcomer.pk, "department": "hr"})
    assert response.status_code == 302
    seat = PanelMember.objects.get(panel=panel, user=newcomer)
    assert seat.department == "hr"
    response = client.post(reverse("acceptance:member_remove", args=[panel.pk, seat.pk]))
    assert response.status_code == 302 and not PanelMember.objects.filter(pk=seat.pk).exists()


def test_criteria_page_saves_weights_that_sum_to_100(browse, office, panel, crit):
    client = browse(office)
    assert client.get(reverse("acceptance:configure", args=[panel.pk])).status_code == 200
    data = {
        "name": panel.name,
        "excellent_from": "90",
        "good_from": "80",
        "pass_from": "60",
        "attainment_weight": "50",
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "2",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
        "criteria-0-id": crit["fusion"].pk,
        "criteria-0-name": "党建融合",
        "criteria-0-weight": "30",
        "criteria-1-id": crit["lead"].pk,
        "criteria-1-name": "示范带动",
        "criteria-1-weight": "30",
        "criteria-1-DELETE": "on",
        "criteria-2-name": "群众满意",
        "criteria-2-weight": "30",
    }
    refused = client.post(reverse("acceptance:configure", args=[panel.pk]), data)
    assert refused.status_code == 400 and "add up to 110" in refused.content.decode()
    data["criteria-2-weight"] = "20"
    assert client.post(reverse("acceptance:configure", args=[panel.pk]), data).status_code == 302
    assert sorted(panel.criteria.values_list("name", "weight")) == sorted(
        [(crit["ga"].name, D(50)), ("党建融合", D(30)), ("群众满意", D(20))]
    )


@pytest.mark.parametrize(
    ("role", "status"), [("j1", 200), ("office", 403), ("leader", 403), ("sec", 404), ("member", 404)]
)
def test_only_a_seated_member_sees_their_sheet(browse, who, panel, inspected, role, status):
    inspected()
    assert browse(who[role]).get(reverse("acceptance:sheet", args=[panel.pk])).status_code == status
    response = browse(who[role]).post(reverse("acceptance:score", args=[panel.pk]), {})
    assert response.status_code == (302 if status == 200 else status)


def test_sheet_cells_save_through_htmx(browse, judges, panel, crit, inspected):
    project = inspected(title="党建+零事故精益生产")
    client = browse(judges["j1"])
    body = client.get(reverse("acceptance:sheet", args=[panel.pk])).content.decode()
    assert "党建+零事故精益生产" in body and f'data-testid="cell-{project.pk}-{crit["fusion"].pk}"' in body
    assert 'data-testid="attainment">100%' in body
    url = reverse("acceptance:score", args=[panel.pk])
    cell = {"project": project.pk, "criterion": crit["fusion"].pk, "value": "88.5", "comment": "融合紧密"}
    response = client.post(url, cell, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and 'data-testid="cell-saved"' in text
    assert 'id="my-progress" data-testid="my-progress" hx-swap-oob="true">1<' in text
    score = Score.objects.get()
    assert (score.member.user, score.value, score.comment) == (judges["j1"], D("88.50"), "融合紧密")
    bad = client.post(url, {**cell, "value": "120"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and 'data-testid="cell-error"' in bad.content.decode()
    assert Score.objects.get().value == D("88.50")
    # without htmx the cell is a plain form: saved, then back to the sheet
    plain = client.post(url, {**cell, "value": "90"})
    assert plain.status_code == 302 and Score.objects.get().value == D(90)


def test_conflicted_projects_are_marked_and_refused(browse, company, judges, panel, crit, inspected):
    CommitteeSeat.objects.create(org=company["branch_a"], person=judges["j1"].person, role="secretary")
    project = inspected("branch_a")
    client = browse(judges["j1"])
    body = client.get(reverse("acceptance:sheet", args=[panel.pk])).content.decode()
    assert 'data-testid="conflict"' in body
    response = client.post(
        reverse("acceptance:score", args=[panel.pk]),
        {"project": project.pk, "criterion": crit["fusion"].pk, "value": "99"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403 and "answerable" in response.content.decode()
    assert not Score.objects.exists()


def test_submit_from_the_page_names_what_is_missing_then_locks(browse, office, judges, panel, crit, inspected):
    project = inspected(code="QN-2022-007")
    score_all(panel, judges, crit, {"j1": {project: (80, 80)}, "j2": {project: (80, 80)}})
    client = browse(office)
    page = client.get(reverse("acceptance:detail", args=[panel.pk])).content.decode()
    assert 'data-testid="missing"' in page and "QN-2022-007" in page
    refused = client.post(reverse("acceptance:submit", args=[panel.pk]))
    assert refused.status_code == 409
    assert "Scoring is not complete: 2 scores are missing" in refused.content.decode()
    score_all(panel, judges, crit, {"j3": {project: (80, 80)}})
    response = client.post(reverse("acceptance:submit", args=[panel.pk]))
    assert response.status_code == 302 and response.url == reverse("acceptance:results", args=[panel.pk])
    # the sheet is now read-only and a cell is refused
    sheet = browse(judges["j1"]).get(reverse("acceptance:sheet", args=[panel.pk])).content.decode()
    assert "the scores are locked" in sheet and "disabled" in sheet
    late = browse(judges["j1"]).post(
        reverse("acceptance:score", args=[panel.pk]),
        {"project": project.pk, "criterion": crit["fusion"].pk, "value": "10"},
        HTTP_HX_REQUEST="true",
    )
    assert late.status_code == 409 and Score.objects.filter(value=10).count() == 0


def test_results_ranking_awards_and_lock(browse, office, leader, judges, panel, submitted):
    body = browse(leader).get(reverse("acceptance:results", args=[panel.pk])).content.decode()
    assert body.index("党建+提高电流效率") < body.index("党建+节支创效")
    assert 'data-testid="final">94<' in body and 'data-testid="final">82<' in body
    assert 'id="ranking-data"' in body and 'data-testid="domain-ranking"' in body
    assert 'data-testid="awards-form"' not in body
    client = browse(office)
    assert 'data-testid="awards-form"' in client.get(reverse("acceptance:results", args=[panel.pk])).content.decode()
    one, two = submitted["one"], submitted["two"]
    response = client.post(
        reverse("acceptance:awards", args=[panel.pk]), {f"award-{one.pk}": "first", f"award-{two.pk}": ""}
    )
    assert response.status_code == 302
    assert ProjectResult.objects.get(project=one).award == "first"
    assert browse(leader).post(reverse("acceptance:awards", args=[panel.pk]), {}).status_code == 403
    assert client.post(reverse("acceptance:lock", args=[panel.pk])).status_code == 302
    panel.refresh_from_db()
    assert panel.status == "locked"
    again = client.post(reverse("acceptance:awards", args=[panel.pk]), {f"award-{one.pk}": ""})
    assert again.status_code in (403, 409) and ProjectResult.objects.get(project=one).award == "first"


def test_certificate_pdf_holds_the_project_title(browse, office, leader, secretary_a, panel, submitted):
    one = submitted["one"]
    url = reverse("acceptance:certificate", args=[panel.pk, one.pk])
    assert browse(leader).get(url).status_code == 404  # no award yet
    services.awards_set(actor=office, panel=panel, awards={one.pk: "first"})
    response = browse(leader).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = "".join(reader.pages[0].extract_text().split())
    assert "党建+提高电流效率" in text and "QN-2022-001" in text
    assert browse(secretary_a).get(url).status_code == 404


def test_results_export(browse, office, leader, judges, panel, submitted):
    response = browse(office).get(reverse("acceptance:export", args=[panel.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Rank", "Code", "Title")
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        (1, "QN-2022-001", "党建+提高电流效率"),
        (2, "QN-2022-002", "党建+节支创效"),
    ]
    assert rows[1][-3] == 94
    assert browse(leader).get(reverse("acceptance:export", args=[panel.pk])).status_code == 200
    assert browse(judges["j1"]).get(reverse("acceptance:export", args=[panel.pk])).status_code == 403


def test_the_project_page_shows_its_result(browse, office, panel, submitted):
    body = browse(office).get(reverse("projects:detail", args=[submitted["one"].pk])).content.decode()
    assert 'data-testid="acceptance-result"' in body and "94" in body


@pytest.mark.parametrize("rows", [3, 30])
def test_query_counts_stay_flat(browse, office, judges, panel, crit, inspected, django_assert_max_num_queries, rows):
    projects = [inspected("branch_a" if n % 2 else "branch_b", code=f"F-{n}") for n in range(rows)]
    for project in projects[:2]:
        services.score_save(actor=judges["j1"], panel=panel, project=project, criterion=crit["fusion"], value=80)
    pages = [
        (office, reverse("acceptance:list"), 10),
        (office, reverse("acceptance:detail", args=[panel.pk]), 15),
        (judges["j1"], reverse("acceptance:sheet", args=[panel.pk]), 17),
    ]
    for user, url, bound in pages:
        client = browse(user)
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200, url
    score_all(panel, judges, crit, {j: {p: (80, 80) for p in projects} for j in judges})
    services.panel_submit(actor=office, panel=panel)
    client = browse(office)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("acceptance:results", args=[panel.pk])).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(reverse("acceptance:export", args=[panel.pk])).status_code == 200
